import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "../../helpers/api-cluster.ts";
import { configMap, pod, startHarness, type Harness } from "./harness.ts";
import { freeFormCrd } from "../../helpers/crd.ts";

/**
 * ResourceQuota admission over the API: creates that would take a quota past its hard
 * limit are refused with upstream's 403 texts (object counts of built-in and custom
 * resources, compute requests and limits), pods under a compute quota must name the
 * tracked resources, and other namespaces are not limited.
 */

let h: Harness;
const NS = "quota";
const CMS = `/api/v1/namespaces/${NS}/configmaps`;
const PODS = `/api/v1/namespaces/${NS}/pods`;
const QUOTAS = `/api/v1/namespaces/${NS}/resourcequotas`;

const quota = (name: string, hard: Record<string, string>) => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name }, spec: { hard } });
const sized = (name: string, cpu: string, memory: string) =>
  pod(name, { containers: [{ name: "c", image: "busybox", resources: { requests: { cpu, memory }, limits: { cpu, memory } } }] });

beforeAll(async () => {
  h = await startHarness();
  for (const ns of [NS, "free"]) await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
});
afterAll(() => h.stop());

describe("ResourceQuota admission", () => {
  test("object counts: creates past the hard count are refused, in this namespace only", async () => {
    expect((await h.call("POST", QUOTAS, quota("objects", { "count/configmaps": "2", secrets: "5" }))).status).toBe(201);
    expect((await h.call("POST", CMS, configMap("one"))).status).toBe(201);
    expect((await h.call("POST", CMS, configMap("two"))).status).toBe(201);
    const third = await h.call("POST", CMS, configMap("three"));
    expect(third.status).toBe(403);
    expect(third.body).toMatchObject({ reason: "Forbidden", details: { name: "three", kind: "configmaps" } });
    expect(third.body.message).toBe('configmaps "three" is forbidden: exceeded quota: objects, requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2');
    expect((await h.call("GET", `${CMS}/three`)).status).toBe(404);
    expect((await h.call("POST", "/api/v1/namespaces/free/configmaps", configMap("three"))).status).toBe(201);
    // freed room is usable again at once
    expect((await h.call("DELETE", `${CMS}/one`)).status).toBe(200);
    await eventually("the deletion is counted", async () => (await h.call("POST", CMS, configMap("three"))).status === 201);
  });

  test("pods under a compute quota must name what it tracks, and their requests are summed", async () => {
    expect((await h.call("POST", QUOTAS, quota("compute", { "requests.cpu": "1", "limits.memory": "1Gi", pods: "3" }))).status).toBe(201);
    const bare = await h.call("POST", PODS, pod("bare"));
    expect(bare.status).toBe(403);
    expect(bare.body.message).toBe('pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: c; requests.cpu for: c');
    expect((await h.call("POST", PODS, sized("a", "600m", "512Mi"))).status).toBe(201);
    const b = await h.call("POST", PODS, sized("b", "600m", "256Mi"));
    expect(b.status).toBe(403);
    expect(b.body.message).toBe('pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1');
    expect((await h.call("POST", PODS, sized("c", "400m", "512Mi"))).status).toBe(201);
  });

  test("custom resources are counted as count/<plural>.<group>", async () => {
    const crd = freeFormCrd("gadgets", "Gadget");
    expect((await h.call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).status).toBe(201);
    expect((await h.call("POST", QUOTAS, quota("gadgets", { "count/gadgets.example.com": "1" }))).status).toBe(201);
    const gadget = (name: string) => ({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name } });
    const GADGETS = `/apis/example.com/v1/namespaces/${NS}/gadgets`;
    await eventually("gadgets are served", async () => (await h.call("POST", GADGETS, gadget("first"))).status === 201);
    const second = await h.call("POST", GADGETS, gadget("second"));
    expect(second.status).toBe(403);
    expect(second.body.message).toBe('gadgets.example.com "second" is forbidden: exceeded quota: gadgets, requested: count/gadgets.example.com=1, used: count/gadgets.example.com=1, limited: count/gadgets.example.com=1');
  });

  test("a service turned NodePort by an update is counted against services.nodeports", async () => {
    expect((await h.call("POST", QUOTAS, quota("ports", { "services.nodeports": "1" }))).status).toBe(201);
    const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ name: "a", port: 80 }, { name: "b", port: 81 }] } };
    const created = await h.call("POST", `/api/v1/namespaces/${NS}/services`, svc);
    expect(created.status).toBe(201);
    const turned = await h.call("PUT", `/api/v1/namespaces/${NS}/services/web`, { ...created.body, spec: { ...created.body.spec, type: "NodePort" } });
    expect(turned.status).toBe(403);
    expect(turned.body.message).toBe('services "web" is forbidden: exceeded quota: ports, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1');
    expect((await h.call("GET", `/api/v1/namespaces/${NS}/services/web`)).body.spec.type).toBe("ClusterIP");
  });

  test("creates racing for the last room: exactly the quota's count pass", async () => {
    const ns = "race";
    await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    expect((await h.call("POST", `/api/v1/namespaces/${ns}/resourcequotas`, quota("few", { pods: "3", "count/configmaps": "2" }))).status).toBe(201);
    // sent together, so the apiserver admits them in the same moments, none written yet
    const pods = await Promise.all(Array.from({ length: 12 }, (_, i) => h.call("POST", `/api/v1/namespaces/${ns}/pods`, pod(`p${i}`))));
    const cms = await Promise.all(Array.from({ length: 12 }, (_, i) => h.call("POST", `/api/v1/namespaces/${ns}/configmaps`, configMap(`c${i}`))));
    expect(pods.filter((r) => r.status === 201)).toHaveLength(3);
    expect(pods.filter((r) => r.status === 403)).toHaveLength(9);
    expect(pods.find((r) => r.status === 403)?.body.message).toMatch(/^pods "p\d+" is forbidden: exceeded quota: few, requested: pods=1, used: pods=3, limited: pods=3$/);
    expect(cms.filter((r) => r.status === 201)).toHaveLength(2);
    expect((await h.call("GET", `/api/v1/namespaces/${ns}/pods`)).body.items).toHaveLength(3);
    // a create admitted but refused by the store (its name is taken) holds no room
    const made = cms.flatMap((r, i) => (r.status === 201 ? [`c${i}`] : []));
    expect((await h.call("DELETE", `/api/v1/namespaces/${ns}/configmaps/${made[0]}`)).status).toBe(200);
    await eventually("the freed room is admitted", async () => (await h.call("POST", `/api/v1/namespaces/${ns}/configmaps`, configMap(made[1]!))).status === 409);
    expect((await h.call("POST", `/api/v1/namespaces/${ns}/configmaps`, configMap("late"))).status).toBe(201);
    expect((await h.call("POST", `/api/v1/namespaces/${ns}/configmaps`, configMap("later"))).status).toBe(403);
  });

  test("a dry run is refused the same way and updates are not counted again", async () => {
    const dry = await h.call("POST", `${CMS}?dryRun=All`, configMap("dry"));
    expect(dry.status).toBe(403);
    const cur = (await h.call("GET", `${CMS}/two`)).body;
    expect((await h.call("PUT", `${CMS}/two`, { ...cur, data: { changed: "yes" } })).status).toBe(200);
  });
});
