/**
 * CustomResourceDefinitions with the real kubectl: a CRD applied and waited for
 * (condition=established), its objects through client-side apply (kubectl sends JSON
 * merge patches for kinds without strategic merge support), server-side apply, get with
 * the printer columns (-o wide too), explain from the CRD's schema, the schema's
 * defaults and validation messages as users see them, scale through the scale
 * subresource, a namespace's deletion taking its custom objects, and `delete crd --wait`
 * taking the objects with it.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cluster } from "../../helpers/cluster.ts";
import { FIXTURES, fails, ok, startApiCluster } from "./kubectl.ts";

let c: Cluster;
const dir = mkdtempSync(join(tmpdir(), "kubun-crd-"));
const CRD = join(FIXTURES, "crontab-crd.yaml");

function cronTab(name: string, spec: Record<string, unknown>): string {
  const lines = ["apiVersion: stable.example.com/v1", "kind: CronTab", "metadata:", `  name: ${name}`, "spec:"];
  for (const [k, v] of Object.entries(spec)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  return lines.join("\n") + "\n";
}

beforeAll(async () => {
  c = await startApiCluster();
  await ok(c, ["apply", "-f", CRD]);
  await ok(c, ["wait", "--for", "condition=established", "--timeout=30s", "crd/crontabs.stable.example.com"]);
});
afterAll(async () => {
  await c?.stop();
});

test("the CRD lists with its creation time and its kind shows in api-resources", async () => {
  expect(await ok(c, ["get", "crd"])).toMatch(/^NAME\s+CREATED AT\ncrontabs\.stable\.example\.com\s+\d{4}-\d\d-\d\dT/);
  const res = await ok(c, ["api-resources", "--api-group=stable.example.com"]);
  expect(res).toMatch(/crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab/);
});

test("the CRD's group version is a Local APIService, as upstream registers it", async () => {
  // registered by the apiserver right after the CRD is established
  for (let i = 0; i < 50 && (await c.kubectl(["get", "apiservice", "v1.stable.example.com"])).code !== 0; i++) await Bun.sleep(100);
  expect(await ok(c, ["get", "apiservice", "v1.stable.example.com"])).toMatch(/^NAME\s+SERVICE\s+AVAILABLE\s+AGE\nv1\.stable\.example\.com\s+Local\s+True\s+\d+s\n$/);
});

test("client-side apply creates and then patches an object; get shows the printer columns", async () => {
  const file = join(dir, "ct.yaml");
  writeFileSync(file, cronTab("nightly", { cronSpec: "0 3 * * *", image: "backup:1" }));
  expect(await ok(c, ["apply", "-f", file])).toContain("crontab.stable.example.com/nightly created");
  writeFileSync(file, cronTab("nightly", { cronSpec: "0 4 * * *", image: "backup:2" }));
  expect(await ok(c, ["apply", "-f", file])).toContain("crontab.stable.example.com/nightly configured");
  const obj = JSON.parse(await ok(c, ["get", "ct", "nightly", "-o", "json"]));
  expect(obj.spec).toEqual({ cronSpec: "0 4 * * *", image: "backup:2", replicas: 1 });
  expect(await ok(c, ["get", "crontabs"])).toMatch(/^NAME\s+SPEC\s+REPLICAS\s+AGE\nnightly\s+0 4 \* \* \*\s+1\s+\d+s\n$/);
  expect(await ok(c, ["get", "crontabs", "-o", "wide"])).toMatch(/^NAME\s+SPEC\s+REPLICAS\s+IMAGE\s+AGE\nnightly\s+0 4 \* \* \*\s+1\s+backup:2\s+\d+s\n$/);
});

test("server-side apply takes over from client-side apply; another manager meets a conflict", async () => {
  const file = join(dir, "ct-ssa.yaml");
  writeFileSync(file, cronTab("nightly", { cronSpec: "0 5 * * *", image: "backup:2" }));
  // upstream moves client-side apply's fields to the server-side manager without conflicts
  expect(await ok(c, ["apply", "--server-side", "-f", file])).toContain("serverside-applied");
  writeFileSync(file, cronTab("nightly", { cronSpec: "0 6 * * *" }));
  const conflict = await fails(c, ["apply", "--server-side", "--field-manager=ops", "-f", file]);
  expect(conflict).toContain('conflict with "kubectl"');
  expect(conflict).toContain(".spec.cronSpec");
  expect(await ok(c, ["apply", "--server-side", "--field-manager=ops", "--force-conflicts", "-f", file])).toContain("serverside-applied");
  expect(await ok(c, ["get", "ct", "nightly", "-o", "jsonpath={.spec.cronSpec}"])).toBe("0 6 * * *");
});

test("explain reads the CRD's schema", async () => {
  const out = await ok(c, ["explain", "crontab.spec.cronSpec"]);
  expect(out).toContain("KIND:       CronTab");
  expect(out).toContain("The cron schedule.");
});

test("invalid objects are refused with upstream's messages", async () => {
  const bad = await fails(c, ["apply", "-f", "-"], cronTab("bad", { cronSpec: "every day", replicas: 20 }));
  expect(bad).toContain('The CronTab "bad" is invalid:');
  expect(bad).toContain("spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10");
  expect(bad).toContain('spec.cronSpec: Invalid value: "every day": spec.cronSpec in body should match');
  const unknown = await fails(c, ["apply", "-f", "-"], cronTab("odd", { cronSpec: "* * * * *", colour: "red" }));
  expect(unknown).toContain('unknown field "spec.colour"');
  expect((await c.kubectl(["get", "ct", "bad"])).code).not.toBe(0);
});

test("scale writes the CRD's replicas path", async () => {
  expect(await ok(c, ["scale", "crontab/nightly", "--replicas=3"])).toContain("crontab.stable.example.com/nightly scaled");
  expect(await ok(c, ["get", "ct", "nightly", "-o", "jsonpath={.spec.replicas}"])).toBe("3");
});

test("deleting a namespace deletes the custom objects in it", async () => {
  await ok(c, ["create", "namespace", "team"]);
  await ok(c, ["apply", "-n", "team", "-f", "-"], cronTab("weekly", { cronSpec: "0 0 * * 0" }));
  await ok(c, ["delete", "namespace", "team", "--wait", "--timeout=60s"]);
  expect(await ok(c, ["get", "ct", "-A", "-o", "name"])).not.toContain("weekly");
  expect((await c.kubectl(["get", "namespace", "team"])).code).not.toBe(0);
});

test("delete crd --wait removes the CRD and its objects", async () => {
  await ok(c, ["apply", "-f", "-"], cronTab("hourly", { cronSpec: "0 * * * *" }));
  expect(await ok(c, ["delete", "crd", "crontabs.stable.example.com", "--wait", "--timeout=60s"])).toContain('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted');
  expect(await ok(c, ["get", "crd", "-o", "name"])).toBe("");
  const r = await c.kubectl(["get", "--raw", "/apis/stable.example.com/v1/namespaces/default/crontabs"]);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("NotFound");
});
