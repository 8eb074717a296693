/**
 * The compiled executable must be self-contained: run from an empty directory on a
 * machine where the source tree and node_modules are unreachable (a private mount
 * namespace with a tmpfs over the checkout), it opens an LMDB store and runs a task on
 * its worker pool.
 */
import { describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary, REPO_ROOT } from "../../helpers/binary.ts";

describe("dist/kubun without the source tree", () => {
  test("opens an LMDB store and runs a worker-pool task", async () => {
    const bin = await ensureBinary();
    const dir = mkdtempSync(join(tmpdir(), "kubun-bin-"));
    const copy = join(dir, "kubun");
    copyFileSync(bin, copy);
    const script = [
      `mount -t tmpfs none ${JSON.stringify(REPO_ROOT)}`,
      `test ! -e ${JSON.stringify(join(REPO_ROOT, "node_modules"))}`,
      `mkdir ${dir}/empty && cd ${dir}/empty`,
      `${copy} check --data-dir ${dir}/data`,
    ].join(" && ");
    const p = Bun.spawn(["unshare", "--mount", "--propagation", "private", "sh", "-c", script], { stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("lmdb: ok");
    expect(out).toMatch(/worker pool: ok \(thread [1-9]\d*, embedded workers\)/);
  });
});
