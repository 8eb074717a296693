import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Cluster } from "../../helpers/cluster.ts";
import { FIXTURES, fails, ok, startApiCluster } from "./kubectl.ts";

let c: Cluster;
beforeAll(async () => {
  c = await startApiCluster();
}, 60_000);
afterAll(() => c?.stop());

describe("kubectl against kubun", () => {
  test("version and api-resources", async () => {
    const v = JSON.parse(await ok(c, ["version", "-o", "json"]));
    expect(v.serverVersion.gitVersion).toStartWith("v1.34");
    const res = await ok(c, ["api-resources"]);
    for (const line of ["deployments", "deploy", "apps/v1", "pods", "po", "configmaps", "cm", "leases", "coordination.k8s.io/v1"]) expect(res).toContain(line);
  });

  test("apply multi-document YAML, again with changes, then server-side", async () => {
    const first = await ok(c, ["apply", "-f", `${FIXTURES}/app-v1.yaml`]);
    expect(first).toContain("namespace/shop created");
    expect(first).toContain("deployment.apps/web created");
    expect(first).toContain("configmap/settings created");
    expect(first).toContain("service/web created");
    const again = await ok(c, ["apply", "-f", `${FIXTURES}/app-v2.yaml`]);
    expect(again).toContain("deployment.apps/web configured");
    expect(again).toContain("configmap/settings configured");
    expect(again).toContain("namespace/shop unchanged");
    const cm = JSON.parse(await ok(c, ["get", "cm", "settings", "-n", "shop", "-o", "json"]));
    expect(cm.data).toEqual({ color: "green" });
    const ssa = await ok(c, ["apply", "--server-side", "--force-conflicts", "-f", `${FIXTURES}/app-v2.yaml`]);
    expect(ssa).toContain("deployment.apps/web serverside-applied");
    const d = JSON.parse(await ok(c, ["get", "deploy", "web", "-n", "shop", "-o", "json", "--show-managed-fields"]));
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: "MODE", value: "two" }]);
    expect(d.metadata.managedFields.some((m: any) => m.manager === "kubectl" && m.operation === "Apply")).toBe(true);
  }, 60_000);

  test("get as a table, wide, yaml, jsonpath, by label, across namespaces, by field", async () => {
    const table = await ok(c, ["get", "deploy", "-n", "shop"]);
    expect(table).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
    expect(table).toContain("web");
    const wide = await ok(c, ["get", "deploy", "-n", "shop", "-o", "wide"]);
    expect(wide).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(wide).toContain("nginx:1.25");
    const yaml = await ok(c, ["get", "svc", "web", "-n", "shop", "-o", "yaml"]);
    expect(yaml).toContain("kind: Service");
    expect(yaml).toMatch(/clusterIP: 10\.43\.\d+\.\d+/);
    expect(await ok(c, ["get", "cm", "settings", "-n", "shop", "-o", "jsonpath={.data.color}"])).toBe("green");
    const byLabel = await ok(c, ["get", "deploy", "-A", "-l", "tier=front", "-o", "name"]);
    expect(byLabel.trim()).toBe("deployment.apps/web");
    const all = await ok(c, ["get", "cm", "-A"]);
    expect(all).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE/);
    expect(all).toMatch(/\nshop\s+settings\s/);
    // the controller manager publishes the cluster CA into every namespace
    const kubeconfigCA = /certificate-authority-data: "?([A-Za-z0-9+/=]+)/.exec(readFileSync(c.kubeconfig, "utf8"))![1]!;
    let published = "";
    for (let i = 0; i < 100 && published === ""; i++) {
      published = (await c.kubectl(["get", "cm", "kube-root-ca.crt", "-n", "shop", "-o", "jsonpath={.data.ca\\.crt}"])).stdout;
      if (published === "") await Bun.sleep(100);
    }
    expect(published).toBe(Buffer.from(kubeconfigCA, "base64").toString());
    const byField = await ok(c, ["get", "ns", "--field-selector", "metadata.name=shop", "-o", "name"]);
    expect(byField.trim()).toBe("namespace/shop");
  }, 60_000);

  test("describe and explain", async () => {
    const d = await ok(c, ["describe", "deploy", "web", "-n", "shop"]);
    expect(d).toMatch(/Name:\s+web/);
    expect(d).toMatch(/Replicas:\s+3 desired/);
    const e = await ok(c, ["explain", "deployment.spec.replicas"]);
    expect(e).toContain("FIELD: replicas <integer>");
  }, 60_000);

  test("label, annotate and the three patch types", async () => {
    expect(await ok(c, ["label", "cm", "settings", "-n", "shop", "team=a"])).toContain("configmap/settings labeled");
    expect(await ok(c, ["annotate", "cm", "settings", "-n", "shop", "note=hi"])).toContain("configmap/settings annotated");
    await ok(c, ["patch", "deploy", "web", "-n", "shop", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}']);
    await ok(c, ["patch", "cm", "settings", "-n", "shop", "--type=merge", "-p", '{"data":{"extra":"1"}}']);
    await ok(c, ["patch", "cm", "settings", "-n", "shop", "--type=json", "-p", '[{"op":"replace","path":"/data/color","value":"red"}]']);
    const cm = JSON.parse(await ok(c, ["get", "cm", "settings", "-n", "shop", "-o", "json"]));
    expect(cm.metadata.labels).toEqual({ team: "a" });
    expect(cm.metadata.annotations.note).toBe("hi");
    expect(cm.data).toEqual({ color: "red", extra: "1" });
    const d = JSON.parse(await ok(c, ["get", "deploy", "web", "-n", "shop", "-o", "json"]));
    expect(d.spec.template.spec.containers).toHaveLength(1);
    expect(d.spec.template.spec.containers[0].image).toBe("nginx:1.26");
    expect(d.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
  }, 60_000);

  test("scale and --dry-run=server", async () => {
    expect(await ok(c, ["scale", "deploy", "web", "-n", "shop", "--replicas=5"])).toContain("deployment.apps/web scaled");
    expect(await ok(c, ["get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}"])).toBe("5");
    const dry = await ok(c, ["create", "cm", "ghost", "-n", "shop", "--from-literal=a=b", "--dry-run=server"]);
    expect(dry).toContain("configmap/ghost created (server dry run)");
    expect(await fails(c, ["get", "cm", "ghost", "-n", "shop"])).toContain('configmaps "ghost" not found');
  }, 60_000);

  test("create (protobuf bodies), run and auth can-i", async () => {
    await ok(c, ["create", "secret", "generic", "creds", "-n", "shop", "--from-literal=user=admin"]);
    expect(Buffer.from(await ok(c, ["get", "secret", "creds", "-n", "shop", "-o", "jsonpath={.data.user}"]), "base64").toString()).toBe("admin");
    await ok(c, ["create", "deployment", "api", "-n", "shop", "--image=busybox", "--replicas=0"]);
    expect(await ok(c, ["get", "deploy", "api", "-n", "shop", "-o", "jsonpath={.spec.replicas}"])).toBe("0");
    await ok(c, ["run", "one", "-n", "shop", "--image=busybox", "--restart=Never", "--", "sleep", "1"]);
    expect(await ok(c, ["get", "pod", "one", "-n", "shop", "-o", "jsonpath={.spec.containers[0].args}"])).toBe('["sleep","1"]');
    expect((await ok(c, ["auth", "can-i", "create", "pods"])).trim()).toBe("yes");
    // --list asks a SelfSubjectRulesReview; the admin may do everything
    const rules = (await ok(c, ["auth", "can-i", "--list", "-n", "shop"])).split("\n").map((l) => l.trim().split(/\s+/));
    expect(rules[0]).toEqual(["Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"]);
    expect(rules).toContainEqual(["*.*", "[]", "[]", "[*]"]);
    expect(rules).toContainEqual(["[*]", "[]", "[*]"]);
  }, 60_000);

  test("the errors users know", async () => {
    expect(await fails(c, ["get", "deploy", "nope", "-n", "shop"])).toContain('Error from server (NotFound): deployments.apps "nope" not found');
    expect(await fails(c, ["create", "cm", "settings", "-n", "shop"])).toContain('configmaps "settings" already exists');
    const dup = await fails(c, ["create", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n");
    expect(dup).toContain('Error from server (AlreadyExists): error when creating "STDIN": configmaps "settings" already exists');
    const invalid = await fails(c, ["create", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: shop\n");
    expect(invalid).toContain('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"');
    const strict = await fails(c, ["apply", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\n  namespace: shop\ndatta:\n  a: b\n");
    expect(strict).toContain('strict decoding error: unknown field "datta"');
    const cur = JSON.parse(await ok(c, ["get", "cm", "settings", "-n", "shop", "-o", "json"]));
    await ok(c, ["label", "cm", "settings", "-n", "shop", "bump=1"]);
    cur.data.color = "stale";
    const conflict = await fails(c, ["replace", "-f", "-"], JSON.stringify(cur));
    expect(conflict).toContain('Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again');
  }, 60_000);
});
