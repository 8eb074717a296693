/**
 * metrics.k8s.io served by the apiserver itself: it scrapes a fake kubelet's /stats/summary
 * (TLS, bearer token) through the Node's kubelet endpoint and answers NodeMetrics and
 * PodMetrics lists and gets, with selectors, the NotFound answers metrics-server gives, and
 * discovery entries kubectl looks for. A node whose kubelet is down and one whose kubelet
 * never answers do not hold the others back.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createCa, issueCert } from "../../../src/apiserver/pki/index.ts";
import { startHarness, type Harness } from "./harness.ts";

const KUBELET_TOKEN = "kubelet-secret";
const RESOLUTION_MS = 300;
const MIB = 1024 * 1024;
let h: Harness;
let kubelet: ReturnType<typeof Bun.serve>;
let hanging: ReturnType<typeof Bun.serve>;
let serving = false;
const t0 = Date.now();

/** Usage grows at a fixed rate: 0.25 core for the node, 0.1 and 0.02 core for containers. */
function summary(): unknown {
  const now = Date.now();
  const time = new Date(now).toISOString();
  const ms = now - t0 + 1000;
  const container = (name: string, coreMilli: number, mem: number) => ({
    name,
    startTime: "2025-03-01T09:00:00Z",
    cpu: { time, usageCoreNanoSeconds: ms * coreMilli * 1000 },
    memory: { time, workingSetBytes: mem },
  });
  return {
    node: { nodeName: "n1", cpu: { time, usageCoreNanoSeconds: ms * 250_000 }, memory: { time, workingSetBytes: 50 * MIB + 4096 } },
    pods: [
      { podRef: { name: "web", namespace: "default", uid: "a" }, containers: [container("app", 100, 8 * MIB), container("side", 20, 2 * MIB)] },
      { podRef: { name: "dns", namespace: "kube-system", uid: "b" }, containers: [container("dns", 20, 3 * MIB)] },
      // no Pod object: never listed
      { podRef: { name: "ghost", namespace: "default", uid: "c" }, containers: [container("x", 20, MIB)] },
    ],
  };
}

async function nodeAt(name: string, port: number, labels: Record<string, string>) {
  await h.call("POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name, labels } });
  const st = await h.call("PATCH", `/api/v1/nodes/${name}/status`, { status: { addresses: [{ type: "InternalIP", address: "127.0.0.1" }], daemonEndpoints: { kubeletEndpoint: { Port: port } } } }, { "content-type": "application/merge-patch+json" });
  expect(st.status).toBe(200);
}

async function pod(namespace: string, name: string, labels: Record<string, string>) {
  const r = await h.call("POST", `/api/v1/namespaces/${namespace}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [{ name: "c", image: "busybox" }] } });
  expect(r.status).toBe(201);
}

beforeAll(async () => {
  const ca = await createCa("metrics-test-kubelet-ca");
  const cert = await issueCert(ca, { subject: { commonName: "kubelet" }, usage: "server", sans: ["127.0.0.1"] });
  kubelet = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls: { cert: cert.certPem, key: cert.keyPem },
    fetch(req) {
      if (req.headers.get("authorization") !== `Bearer ${KUBELET_TOKEN}`) return new Response("Unauthorized", { status: 401 });
      if (new URL(req.url).pathname !== "/stats/summary") return new Response("not found", { status: 404 });
      if (!serving) return new Response("not yet", { status: 503 });
      return Response.json(summary());
    },
  });
  hanging = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: { cert: cert.certPem, key: cert.keyPem }, fetch: () => new Promise<Response>(() => {}) });
  h = await startHarness({
    kubelet: { getNode: (name) => h.server.registries.get("", "nodes", "", name), caPem: () => ca.certPem, token: KUBELET_TOKEN },
    metricResolutionMs: RESOLUTION_MS,
  });
  await nodeAt("n1", kubelet.port!, { "kubernetes.io/hostname": "n1", tier: "a" });
  await nodeAt("n2", 1, { tier: "b" }); // nothing listens on port 1
  await nodeAt("n3", hanging.port!, { tier: "b" });
  await pod("default", "web", { app: "web" });
  await pod("default", "idle", { app: "idle" });
  await pod("kube-system", "dns", { app: "dns" });
}, 30_000);

afterAll(async () => {
  await h?.stop();
  kubelet?.stop(true);
  hanging?.stop(true);
});

const NODES = "/apis/metrics.k8s.io/v1beta1/nodes";
const PODS = "/apis/metrics.k8s.io/v1beta1/pods";

describe("before the first samples", () => {
  test("lists are empty and gets are NotFound as metrics-server answers", async () => {
    await Bun.sleep(RESOLUTION_MS * 2);
    const list = await h.call("GET", NODES);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ kind: "NodeMetricsList", apiVersion: "metrics.k8s.io/v1beta1", metadata: {}, items: [] });
    expect((await h.call("GET", PODS)).body.items).toEqual([]);
    const one = await h.call("GET", `${NODES}/n1`);
    expect(one.status).toBe(404);
    expect(one.body).toMatchObject({ kind: "Status", reason: "NotFound", message: 'nodemetrics.metrics.k8s.io "n1" not found', details: { name: "n1", group: "metrics.k8s.io", kind: "nodemetrics" } });
  });
});

describe("with samples", () => {
  beforeAll(async () => {
    serving = true;
    const deadline = Date.now() + 10_000;
    while ((await h.call("GET", NODES)).body.items?.length !== 1) {
      if (Date.now() > deadline) throw new Error("no node metrics within 10 s");
      await Bun.sleep(50);
    }
    // pods need their second sample too
    await Bun.sleep(RESOLUTION_MS * 2);
  }, 15_000);

  test("NodeMetrics: usage of the node that answers, nothing for the others", async () => {
    const list = await h.call("GET", NODES);
    expect(list.body).toMatchObject({ kind: "NodeMetricsList", apiVersion: "metrics.k8s.io/v1beta1", metadata: {} });
    expect(list.body.items).toHaveLength(1);
    const item = list.body.items[0];
    expect(item.kind).toBeUndefined();
    expect(item.metadata).toEqual({ name: "n1", creationTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), labels: { "kubernetes.io/hostname": "n1", tier: "a" } });
    expect(item.usage).toEqual({ cpu: "250m", memory: "51204Ki" });
    expect(item.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(item.window).toMatch(/^(\d+ms|\d+(\.\d+)?s)$/);

    const one = await h.call("GET", `${NODES}/n1`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ kind: "NodeMetrics", apiVersion: "metrics.k8s.io/v1beta1", metadata: { name: "n1" }, usage: { cpu: "250m", memory: "51204Ki" } });
    expect((await h.call("GET", `${NODES}/n2`)).body.message).toBe('nodemetrics.metrics.k8s.io "n2" not found');
    const missing = await h.call("GET", `${NODES}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('node "nope" not found');
  });

  test("node selectors: labels of the Node, metadata.name", async () => {
    const names = async (q: string) => (await h.call("GET", `${NODES}?${q}`)).body.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(await names("labelSelector=tier%3Da")).toEqual(["n1"]);
    expect(await names("labelSelector=tier%3Db")).toEqual([]);
    expect(await names("fieldSelector=metadata.name%3Dn1")).toEqual(["n1"]);
    expect(await names("fieldSelector=metadata.name%3Dn3")).toEqual([]);
    const bad = await h.call("GET", `${NODES}?fieldSelector=spec.unschedulable%3Dfalse`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('"spec.unschedulable" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  test("PodMetrics: pods that exist and have samples, per container, sorted by namespace and name", async () => {
    const all = await h.call("GET", PODS);
    expect(all.body.kind).toBe("PodMetricsList");
    expect(all.body.items.map((i: { metadata: { namespace: string; name: string } }) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(["default/web", "kube-system/dns"]);
    const web = await h.call("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web");
    expect(web.status).toBe(200);
    expect(web.body).toMatchObject({ kind: "PodMetrics", apiVersion: "metrics.k8s.io/v1beta1", metadata: { name: "web", namespace: "default", labels: { app: "web" } } });
    expect(web.body.containers).toEqual([
      { name: "app", usage: { cpu: "100m", memory: "8Mi" } },
      { name: "side", usage: { cpu: "20m", memory: "2Mi" } },
    ]);
    const ns = await h.call("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods");
    expect(ns.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["dns"]);
  });

  test("pod selectors and NotFound answers", async () => {
    const names = async (q: string) => (await h.call("GET", `/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?${q}`)).body.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(await names("labelSelector=app%3Dweb")).toEqual(["web"]);
    expect(await names("labelSelector=app%3Didle")).toEqual([]);
    expect(await names("fieldSelector=metadata.name%3Dweb")).toEqual(["web"]);
    expect((await h.call("GET", `${PODS}?fieldSelector=metadata.namespace%3Dkube-system`)).body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["dns"]);
    const idle = await h.call("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/idle");
    expect(idle.status).toBe(404);
    expect(idle.body.message).toBe('podmetrics.metrics.k8s.io "default/idle" not found');
    const ghost = await h.call("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/ghost");
    expect(ghost.status).toBe(404);
    expect(ghost.body.message).toBe('pods "ghost" not found');
  });

  test("read-only: no watch, no writes", async () => {
    const watch = await h.call("GET", `${NODES}?watch=true`);
    expect(watch.status).toBe(405);
    expect(watch.body.message).toBe('watch is not supported on resources of kind "nodes.metrics.k8s.io"');
    expect((await h.call("POST", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods", { metadata: { name: "x" } })).status).toBe(405);
    expect((await h.call("DELETE", `${NODES}/n1`)).status).toBe(405);
  });

  test("kubectl get's Table: name, cpu, memory, window", async () => {
    const t = await h.call("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods", undefined, { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" });
    expect(t.body.kind).toBe("Table");
    expect(t.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(["Name", "cpu", "memory", "Window"]);
    expect(t.body.rows[0].cells.slice(0, 3)).toEqual(["web", "120m", "10Mi"]);
  });
});

describe("discovery", () => {
  test("the group and its read-only resources, as metrics-server advertises them", async () => {
    const groups = await h.call("GET", "/apis");
    expect(groups.body.groups).toContainEqual({
      name: "metrics.k8s.io",
      versions: [{ groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" }],
      preferredVersion: { groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" },
    });
    const list = await h.call("GET", "/apis/metrics.k8s.io/v1beta1");
    expect(list.body).toEqual({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: "metrics.k8s.io/v1beta1",
      resources: [
        { name: "nodes", singularName: "", namespaced: false, kind: "NodeMetrics", verbs: ["get", "list"] },
        { name: "pods", singularName: "", namespaced: true, kind: "PodMetrics", verbs: ["get", "list"] },
      ],
    });
  });

  test("aggregated discovery", async () => {
    const r = await h.call("GET", "/apis", undefined, { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" });
    expect(r.headers.get("content-type")).toContain("as=APIGroupDiscoveryList");
    const group = r.body.items.find((g: { metadata: { name?: string } }) => g.metadata.name === "metrics.k8s.io");
    expect(group).toEqual({
      metadata: { name: "metrics.k8s.io", creationTimestamp: null },
      versions: [
        {
          version: "v1beta1",
          freshness: "Current",
          resources: [
            { resource: "nodes", responseKind: { group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics" }, scope: "Cluster", singularResource: "", verbs: ["get", "list"] },
            { resource: "pods", responseKind: { group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics" }, scope: "Namespaced", singularResource: "", verbs: ["get", "list"] },
          ],
        },
      ],
    });
  });

  test("OpenAPI v3 describes the group", async () => {
    const r = await h.call("GET", "/openapi/v3/apis/metrics.k8s.io/v1beta1");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toContain("/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods/{name}");
    expect(Object.keys(r.body.components.schemas)).toContain("io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics");
  });
});
