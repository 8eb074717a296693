/** The command-line contract, driven through the compiled executable. */
import { describe, expect, test } from "bun:test";
import { runKubun } from "../../helpers/binary.ts";

const ROLES = ["server", "agent", "apiserver", "scheduler", "controller-manager", "kubelet", "proxy", "ctl", "images", "version"];

describe("kubun command line", () => {
  test("--help lists every role", async () => {
    const r = await runKubun(["--help"]);
    expect(r.code).toBe(0);
    for (const role of ROLES) expect(r.stdout).toMatch(new RegExp(`^  ${role} `, "m"));
  });

  test("every role has --help with its flags", async () => {
    for (const role of ROLES) {
      const r = await runKubun([role, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: kubun ${role}`);
      expect(r.stdout).toContain("--help");
    }
  });

  test("version prints kubun's version and the Kubernetes API version", async () => {
    const r = await runKubun(["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kubun version v\d+\.\d+\.\d+$/m);
    expect(r.stdout).toMatch(/^Kubernetes API version v1\.34\.\d+/m);
    const j = await runKubun(["version", "-o", "json"]);
    expect(JSON.parse(j.stdout).kubernetes.minor).toBe("34");
  });

  test.each([
    [["servr"], /unknown command "servr" \(did you mean "server"\?\)/],
    [["contoller-manager"], /did you mean "controller-manager"/],
    [["server", "--https-port", "1"], /unknown flag: --https-port \(did you mean --https-listen-port\?\)/],
    [["version", "--outptu", "json"], /did you mean --output\?/],
  ])("usage error %p is one line, exit 2", async (args, msg) => {
    const r = await runKubun(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("no arguments prints help and exits 2", async () => {
    const r = await runKubun([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("Usage: kubun <command>");
  });
});
