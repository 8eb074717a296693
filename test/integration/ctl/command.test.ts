/**
 * `kubun ctl` as main.ts runs it: the generic flag parser first, then ctlCommand.run,
 * which must rebuild what the user typed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseFlags } from "../../../src/cli/flags.ts";
import { argvFromParsed, ctlCommand } from "../../../src/cli/ctl/index.ts";
import { configMap } from "../apiserver/harness.ts";
import { create, startCtlHarness, type CtlHarness } from "./harness.ts";

let h: CtlHarness;
beforeAll(async () => {
  h = await startCtlHarness();
  await create(h, "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ctl-cmd" } });
  await create(h, "/api/v1/namespaces/ctl-cmd/configmaps", configMap("one", { k: "v" }));
});
afterAll(() => h.stop());

/** Runs ctlCommand.run with process output captured. */
async function runViaMain(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await ctlCommand.run(parseFlags(argv, ctlCommand.flags));
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
  }
}

describe("ctl through main's flag parser", () => {
  test("the argument list survives the generic parse", () => {
    const cases: [string[], string[]][] = [
      [["get", "pods", "-n", "x", "-o", "yaml"], ["get", "--namespace=x", "--output=yaml", "--", "pods"]],
      [["apply", "-f", "a.yaml", "-f", "b.yaml"], ["apply", "--filename=a.yaml", "--filename=b.yaml", "--"]],
      [["exec", "pod", "-c", "app", "--", "ls", "-l"], ["exec", "--container=app", "--", "pod", "ls", "-l"]],
      [["logs", "-f", "pod", "--tail", "3"], ["logs", "--follow", "--tail=3", "--", "pod"]],
      [["get", "cm", "-A", "-w"], ["get", "--all-namespaces=true", "--watch=true", "--", "cm"]],
    ];
    for (const [argv, want] of cases) expect({ argv, got: argvFromParsed(parseFlags(argv, ctlCommand.flags)) }).toEqual({ argv, got: want });
  });

  test("get runs end to end", async () => {
    const r = await runViaMain(["get", "cm", "one", "-n", "ctl-cmd", "-o", "name", "--kubeconfig", h.kubeconfig]);
    expect(r).toEqual({ code: 0, stdout: "configmap/one\n", stderr: "" });
  });

  test("raw words (flags {}) are parsed with kubectl's full syntax", async () => {
    const out: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      const code = await ctlCommand.run({ flags: {}, positional: ["get", "cm", "one", "-nctl-cmd", "-oname", "--kubeconfig", h.kubeconfig] });
      expect(code).toBe(0);
    } finally {
      process.stdout.write = orig;
    }
    expect(out.join("")).toBe("configmap/one\n");
  });

  test("errors exit 1 as kubectl's, usage errors included", async () => {
    const nf = await runViaMain(["get", "cm", "nope", "-n", "ctl-cmd", "--kubeconfig", h.kubeconfig]);
    expect(nf).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): configmaps "nope" not found\n' });
    const usage = await runViaMain(["get", "pdos", "--kubeconfig", h.kubeconfig]);
    expect(usage).toEqual({ code: 1, stdout: "", stderr: 'error: the server doesn\'t have a resource type "pdos"\n' });
    const unknown = await runViaMain(["frobnicate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toStartWith('error: unknown command "frobnicate" for "kubun ctl"');
    // alone, it prints its help and succeeds, as kubectl does
    const alone = await runViaMain([]);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain("get");
    expect(alone.stderr).toBe("");
  });

  test("version prints the client and the server", async () => {
    const r = await h.ctl(["version"]);
    expect(r).toEqual({ code: 0, stdout: expect.stringMatching(/^Client Version: v1\.\d+\.\d+\+kubun\S+\nServer Version: v1\.34\.0\+kubun-test\n$/), stderr: "" });
  });

  test("api-resources lists the catalog as kubectl does", async () => {
    const r = await h.ctl(["api-resources"]);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
    expect(lines[1]).toMatch(/^configmaps +cm +v1 +true +ConfigMap$/);
    expect(r.stdout).toMatch(/\ndeployments +deploy +apps\/v1 +true +Deployment\n/);
    const cluster = await h.ctl(["api-resources", "--namespaced=false", "--api-group=", "-o", "name"]);
    expect(cluster.stdout).toBe("namespaces\nnodes\npersistentvolumes\n");
  });

  test("ctl --help lists the subcommands", async () => {
    const r = await h.ctl(["--help"]);
    expect(r.code).toBe(0);
    for (const sub of ["get", "apply", "delete", "describe", "logs", "exec"]) expect(r.stdout).toMatch(new RegExp(`^  ${sub} `, "m"));
    const sub = await h.ctl(["get", "--help"]);
    expect(sub.stdout).toContain("Usage: kubun ctl get TYPE");
    expect(sub.stdout).toContain("-o, --output string");
  });

  test("the namespace comes from -n, else the kubeconfig context, else default", async () => {
    const withNs = h.file(
      "ns.kubeconfig",
      (await Bun.file(h.kubeconfig).text()).replace("- context:\n", "- context:\n    namespace: ctl-cmd\n"),
    );
    const fromContext = await h.ctl(["get", "cm", "-o", "name"], { kubeconfig: withNs });
    expect(fromContext.stdout).toBe("configmap/one\n");
    const fromDefault = await h.ctl(["get", "cm", "-o", "name"]);
    expect(fromDefault.stdout).toBe("");
  });
});
