import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configMap, deployment } from "../apiserver/harness.ts";
import { create, startCtlHarness, type CtlHarness } from "./harness.ts";

let h: CtlHarness;
const NS = "ctl-delete";
const CMS = `/api/v1/namespaces/${NS}/configmaps`;

async function exists(name: string): Promise<boolean> {
  return (await h.api.call("GET", `${CMS}/${name}`)).status === 200;
}

beforeAll(async () => {
  h = await startCtlHarness();
  await create(h, "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
});
afterAll(() => h.stop());

describe("delete", () => {
  test("by type and names, and type/name", async () => {
    for (const n of ["a", "b", "c"]) await create(h, CMS, configMap(n));
    const r = await h.ctl(["delete", "cm", "a", "b", "-n", NS]);
    expect(r).toEqual({ code: 0, stdout: 'configmap "a" deleted\nconfigmap "b" deleted\n', stderr: "" });
    expect(await exists("a")).toBe(false);
    const slash = await h.ctl(["delete", "configmap/c", "-n", NS, "-o", "name"]);
    expect(slash.stdout).toBe("configmap/c\n");
    expect(await exists("c")).toBe(false);
  });

  test("grouped kinds are named with their group", async () => {
    await create(h, `/apis/apps/v1/namespaces/${NS}/deployments`, deployment("web"));
    const r = await h.ctl(["delete", "deploy", "web", "-n", NS]);
    expect(r.stdout).toBe('deployment.apps "web" deleted\n');
  });

  test("missing objects are the server's NotFound, unless --ignore-not-found", async () => {
    await create(h, CMS, configMap("present"));
    const r = await h.ctl(["delete", "cm", "nope", "present", "-n", NS]);
    expect(r).toEqual({ code: 1, stdout: 'configmap "present" deleted\n', stderr: 'Error from server (NotFound): configmaps "nope" not found\n' });
    const ignored = await h.ctl(["delete", "cm", "nope", "-n", NS, "--ignore-not-found"]);
    expect(ignored).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("-l deletes the matching objects; no match says so", async () => {
    await create(h, CMS, configMap("l1", {}, { group: "x" }));
    await create(h, CMS, configMap("l2", {}, { group: "x" }));
    await create(h, CMS, configMap("l3", {}, { group: "y" }));
    const r = await h.ctl(["delete", "cm", "-l", "group=x", "-n", NS]);
    expect(r.stdout).toBe('configmap "l1" deleted\nconfigmap "l2" deleted\n');
    expect(await exists("l3")).toBe(true);
    const none = await h.ctl(["delete", "cm", "-l", "group=zzz", "-n", NS]);
    expect(none).toEqual({ code: 0, stdout: "No resources found\n", stderr: "" });
  });

  test("--all deletes every object of the type in the namespace", async () => {
    const r = await h.ctl(["delete", "cm", "--all", "-n", NS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('configmap "l3" deleted\n');
    const left = await h.api.call("GET", CMS);
    expect(left.body.items).toEqual([]);
  });

  test("-f deletes what the file names", async () => {
    await create(h, CMS, configMap("from-file"));
    const file = h.file("del.yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n  namespace: ${NS}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never-made\n  namespace: ${NS}\n`);
    const r = await h.ctl(["delete", "-f", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('configmap "from-file" deleted\n');
    expect(r.stderr).toBe(`Error from server (NotFound): error when deleting "${file}": configmaps "never-made" not found\n`);
  });

  test("--dry-run=server deletes nothing", async () => {
    await create(h, CMS, configMap("kept"));
    const r = await h.ctl(["delete", "cm", "kept", "-n", NS, "--dry-run=server"]);
    expect(r.stdout).toBe('configmap "kept" deleted (server dry run)\n');
    expect(await exists("kept")).toBe(true);
  });

  test("usage errors", async () => {
    const cases: [string[], string][] = [
      [["delete"], "error: You must provide one or more resources by argument or filename.\n"],
      [["delete", "pods"], "error: resource(s) were provided, but no name was specified\n"],
      [["delete", "pods", "x", "-l", "a=b"], "error: name cannot be provided when a selector is specified\n"],
      [["delete", "pods", "x", "--cascade=sideways"], 'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan".\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = await h.ctl([...args, "-n", NS]);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 1, stderr });
    }
  });
});
