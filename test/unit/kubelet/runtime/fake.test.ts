import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeRuntime } from "../../../../src/kubelet/runtime/fake/runtime.ts";
import { runtimeContract } from "./contract.ts";

runtimeContract("fake", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubun-fakert-"));
  return { rt: new FakeRuntime(), image: "any", logDir: dir, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
