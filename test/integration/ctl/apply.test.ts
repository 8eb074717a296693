import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { create, startCtlHarness, type CtlHarness } from "./harness.ts";

let h: CtlHarness;
beforeAll(async () => {
  h = await startCtlHarness();
  for (const ns of ["ctl-apply", "ctl-apply-2"]) await create(h, "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
});
afterAll(() => h.stop());

const deploymentYaml = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`;

const configYaml = `# a comment before the document
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  n: "123"
  y: "yes"
`;

describe("apply", () => {
  test("creates, then reports unchanged, then configured, as kubectl", async () => {
    const file = h.file("app.yaml", `${deploymentYaml(2)}---\n${configYaml}---\n`);
    const first = await h.ctl(["apply", "-f", file, "-n", "ctl-apply"]);
    expect(first).toEqual({ code: 0, stdout: "deployment.apps/web created\nconfigmap/settings created\n", stderr: "" });
    const again = await h.ctl(["apply", "-f", file, "-n", "ctl-apply"]);
    expect(again).toEqual({ code: 0, stdout: "deployment.apps/web unchanged\nconfigmap/settings unchanged\n", stderr: "" });
    h.file("app.yaml", `${deploymentYaml(4)}---\n${configYaml}`);
    const changed = await h.ctl(["apply", "-f", file, "-n", "ctl-apply"]);
    expect(changed.stdout).toBe("deployment.apps/web configured\nconfigmap/settings unchanged\n");
    const got = await h.api.call("GET", "/apis/apps/v1/namespaces/ctl-apply/deployments/web");
    expect(got.body.spec.replicas).toBe(4);
    expect(got.body.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toContainEqual(["kubun-ctl", "Apply"]);
    const cm = await h.api.call("GET", "/api/v1/namespaces/ctl-apply/configmaps/settings");
    expect(cm.body.data).toEqual({ n: "123", y: "yes" });
  });

  test("reads standard input and JSON", async () => {
    const json = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "from-json" }, data: { k: "v" } });
    const r = await h.ctl(["apply", "-f", "-", "-n", "ctl-apply"], { stdin: json });
    expect(r).toEqual({ code: 0, stdout: "configmap/from-json created\n", stderr: "" });
  });

  test("unpacks List objects and reads folders", async () => {
    const list = { apiVersion: "v1", kind: "List", items: [1, 2].map((i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `listed-${i}` } })) };
    h.file("list.json", JSON.stringify(list));
    h.file("notes.txt", "not a manifest");
    const r = await h.ctl(["apply", "-f", h.dir, "-n", "ctl-apply-2"]);
    // app.yaml from the first test is in the folder too: sorted by file name
    expect(r.stdout).toBe("deployment.apps/web created\nconfigmap/settings created\nconfigmap/listed-1 created\nconfigmap/listed-2 created\n");
    expect(r.code).toBe(0);
  });

  test("an object naming its namespace goes there; a conflicting -n is refused", async () => {
    const file = h.file("ns.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pinned\n  namespace: ctl-apply-2\n");
    const r = await h.ctl(["apply", "-f", file]);
    expect(r.stdout).toBe("configmap/pinned created\n");
    expect((await h.api.call("GET", "/api/v1/namespaces/ctl-apply-2/configmaps/pinned")).status).toBe(200);
    const clash = await h.ctl(["apply", "-f", file, "-n", "ctl-apply"]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(`error: the namespace from the provided object "ctl-apply-2" does not match the namespace "ctl-apply". You must pass '--namespace=ctl-apply-2' to perform this operation.\n`);
  });

  test("--dry-run=server changes nothing", async () => {
    const file = h.file("dry.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry\n");
    const r = await h.ctl(["apply", "-f", file, "-n", "ctl-apply", "--dry-run=server"]);
    expect(r.stdout).toBe("configmap/dry created (server dry run)\n");
    expect((await h.api.call("GET", "/api/v1/namespaces/ctl-apply/configmaps/dry")).status).toBe(404);
  });

  test("-o name and -o yaml print the applied objects", async () => {
    const file = h.file("out.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: printed\ndata:\n  a: b\n");
    const name = await h.ctl(["apply", "-f", file, "-n", "ctl-apply", "-o", "name"]);
    expect(name.stdout).toBe("configmap/printed\n");
    const yaml = await h.ctl(["apply", "-f", file, "-n", "ctl-apply", "-o", "yaml"]);
    expect(yaml.stdout).toStartWith("apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n");
  });

  test("invalid objects print kubectl's Invalid message and the others still apply", async () => {
    const file = h.file("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n");
    const r = await h.ctl(["apply", "-f", file, "-n", "ctl-apply"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("configmap/fine created\n");
    expect(r.stderr).toStartWith('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });

  test("unknown kinds, missing namespaces and field conflicts", async () => {
    const unknown = h.file("foo.yaml", "apiVersion: example.com/v1\nkind: Foo\nmetadata:\n  name: x\n");
    const r = await h.ctl(["apply", "-f", unknown]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: resource mapping not found for name: "x" namespace: "" from "${unknown}": no matches for kind "Foo" in version "example.com/v1"\nensure CRDs are installed first\n`);

    const missingNs = h.file("nons.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    const m = await h.ctl(["apply", "-f", missingNs, "-n", "nowhere"]);
    expect(m.stderr).toBe(`Error from server (NotFound): error when creating "${missingNs}": namespaces "nowhere" not found\n`);

    const other = h.file("conflict.yaml", deploymentYaml(7));
    const c = await h.ctl(["apply", "-f", other, "-n", "ctl-apply", "--field-manager", "someone-else"]);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("conflict");
    expect(c.stderr).toContain("--force-conflicts");
    const forced = await h.ctl(["apply", "-f", other, "-n", "ctl-apply", "--field-manager", "someone-else", "--force-conflicts"]);
    expect(forced).toEqual({ code: 0, stdout: "deployment.apps/web configured\n", stderr: "" });
  });

  test("usage errors", async () => {
    expect(await h.ctl(["apply"])).toEqual({ code: 1, stdout: "", stderr: "error: must specify one of -f and -k\n" });
    const missing = await h.ctl(["apply", "-f", "/nonexistent/file.yaml"]);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: 'error: the path "/nonexistent/file.yaml" does not exist\n' });
    const dry = await h.ctl(["apply", "-f", "-", "--dry-run=maybe"]);
    expect(dry.code).toBe(1);
  });
});
