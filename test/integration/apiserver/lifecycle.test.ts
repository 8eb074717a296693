import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configMap, deployment, pod, startHarness, type Harness } from "./harness.ts";

let h: Harness;
const NS = "/api/v1/namespaces/life";
const DEPLOYS = "/apis/apps/v1/namespaces/life/deployments";
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "life" } });
});
afterAll(() => h.stop());

describe("generation and status", () => {
  test("create ignores status; generation starts at 1", async () => {
    const d = { ...deployment("web", 2), status: { replicas: 9 } };
    const r = await h.call("POST", DEPLOYS, d);
    expect(r.status).toBe(201);
    expect(r.body.metadata.generation).toBe(1);
    expect(r.body.status?.replicas).toBeUndefined();
    expect(r.body.spec.strategy.type).toBe("RollingUpdate");
  });

  test("spec changes bump generation; metadata changes do not", async () => {
    const cur = (await h.call("GET", `${DEPLOYS}/web`)).body;
    const labelled = await h.call("PUT", `${DEPLOYS}/web`, { ...cur, metadata: { ...cur.metadata, labels: { app: "web", x: "y" } } });
    expect(labelled.body.metadata.generation).toBe(1);
    const scaled = await h.call("PUT", `${DEPLOYS}/web`, { ...labelled.body, spec: { ...labelled.body.spec, replicas: 4 } });
    expect(scaled.body.metadata.generation).toBe(2);
  });

  test("/status changes only status; the main resource ignores status", async () => {
    const cur = (await h.call("GET", `${DEPLOYS}/web`)).body;
    const st = await h.call("PUT", `${DEPLOYS}/web/status`, { ...cur, spec: { ...cur.spec, replicas: 100 }, status: { replicas: 3, observedGeneration: 2 } });
    expect(st.status).toBe(200);
    expect(st.body.status.replicas).toBe(3);
    expect(st.body.spec.replicas).toBe(4);
    expect(st.body.metadata.generation).toBe(2);
    const main = await h.call("PUT", `${DEPLOYS}/web`, { ...st.body, status: { replicas: 0 } });
    expect(main.body.status.replicas).toBe(3);
  });

  test("immutable selector changes are 422 Invalid", async () => {
    const cur = (await h.call("GET", `${DEPLOYS}/web`)).body;
    const r = await h.call("PUT", `${DEPLOYS}/web`, { ...cur, spec: { ...cur.spec, selector: { matchLabels: { app: "other" } }, template: { ...cur.spec.template, metadata: { labels: { app: "other" } } } } });
    expect(r.status).toBe(422);
    expect(r.body.message).toContain("field is immutable");
  });

  test("the scale subresource reads and writes replicas", async () => {
    const s = await h.call("GET", `${DEPLOYS}/web/scale`);
    expect(s.body).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 4 }, status: { replicas: 3, selector: "app=web" } });
    const put = await h.call("PUT", `${DEPLOYS}/web/scale`, { ...s.body, spec: { replicas: 6 } });
    expect(put.body.spec.replicas).toBe(6);
    const patched = await h.req(`${DEPLOYS}/web/scale`, { method: "PATCH", body: JSON.stringify({ spec: { replicas: 7 } }), headers: { "content-type": "application/merge-patch+json" } });
    expect(((await patched.json()) as any).spec.replicas).toBe(7);
    expect((await h.call("GET", `${DEPLOYS}/web`)).body.spec.replicas).toBe(7);
    const stale = await h.call("PUT", `${DEPLOYS}/web/scale`, { ...s.body, spec: { replicas: 2 } });
    expect(stale.status).toBe(409);
    const neg = await h.call("PUT", `${DEPLOYS}/web/scale`, { kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name: "web" }, spec: { replicas: -1 } });
    expect(neg.status).toBe(422);
    expect(neg.body.message).toBe('Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });
});

describe("finalizers and deletion", () => {
  test("deletion waits for finalizers; removing the last one deletes", async () => {
    await h.call("POST", `${NS}/configmaps`, { ...configMap("fin"), metadata: { name: "fin", finalizers: ["example.com/hold"] } });
    const del = await h.call("DELETE", `${NS}/configmaps/fin`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeDefined();
    const still = await h.call("GET", `${NS}/configmaps/fin`);
    expect(still.body.metadata.deletionTimestamp).toBeDefined();
    const cleared = await h.req(`${NS}/configmaps/fin`, { method: "PATCH", body: JSON.stringify({ metadata: { finalizers: null } }), headers: { "content-type": "application/merge-patch+json" } });
    expect(cleared.status).toBe(200);
    expect((await h.call("GET", `${NS}/configmaps/fin`)).status).toBe(404);
  });

  test("propagationPolicy Foreground and Orphan add the garbage collector's finalizers", async () => {
    await h.call("POST", DEPLOYS, deployment("fg"));
    const fg = await h.call("DELETE", `${DEPLOYS}/fg`, { propagationPolicy: "Foreground" });
    expect(fg.body.metadata.finalizers).toEqual(["foregroundDeletion"]);
    await h.call("POST", DEPLOYS, deployment("orph"));
    const or = await h.call("DELETE", `${DEPLOYS}/orph?propagationPolicy=Orphan`);
    expect(or.body.metadata.finalizers).toEqual(["orphan"]);
    const bg = await h.call("POST", DEPLOYS, deployment("bg"));
    expect(bg.status).toBe(201);
    const gone = await h.call("DELETE", `${DEPLOYS}/bg`, { propagationPolicy: "Background" });
    expect(gone.body.status).toBe("Success");
  });

  test("unscheduled pods are deleted at once; scheduled ones gracefully", async () => {
    const p = await h.call("POST", `${NS}/pods`, pod("p1"));
    expect(p.status).toBe(201);
    expect(p.body.spec.serviceAccountName).toBe("default");
    expect(p.body.spec.tolerations).toContainEqual({ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
    expect(p.body.status).toMatchObject({ phase: "Pending", qosClass: "BestEffort" });
    const d1 = await h.call("DELETE", `${NS}/pods/p1`);
    expect(d1.body.kind).toBe("Pod");
    expect((await h.call("GET", `${NS}/pods/p1`)).status).toBe(404);

    const created = (await h.call("POST", `${NS}/pods`, pod("p2"))).body;
    const bind = await h.call("POST", `${NS}/pods/p2/binding`, { apiVersion: "v1", kind: "Binding", metadata: { name: "p2" }, target: { kind: "Node", name: "node-a" } });
    expect(bind.status).toBe(201);
    const bound = (await h.call("GET", `${NS}/pods/p2`)).body;
    expect(bound.spec.nodeName).toBe("node-a");
    expect(bound.status.conditions).toContainEqual(expect.objectContaining({ type: "PodScheduled", status: "True" }));
    // as upstream's BindingREST (a storage-level update): no field manager entry for the bind
    expect(bound.metadata.managedFields).toEqual(created.metadata.managedFields);
    const again = await h.call("POST", `${NS}/pods/p2/binding`, { apiVersion: "v1", kind: "Binding", metadata: { name: "p2" }, target: { kind: "Node", name: "node-b" } });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Operation cannot be fulfilled on pods/binding "p2": pod p2 is already assigned to node "node-a"');

    const d2 = await h.call("DELETE", `${NS}/pods/p2`);
    expect(d2.body.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await h.call("GET", `${NS}/pods/p2`)).status).toBe(200);
    const d3 = await h.call("DELETE", `${NS}/pods/p2`, { gracePeriodSeconds: 0 });
    expect(d3.status).toBe(200);
    expect((await h.call("GET", `${NS}/pods/p2`)).status).toBe(404);
  });

  test("eviction deletes the pod", async () => {
    await h.call("POST", `${NS}/pods`, pod("ev"));
    const r = await h.call("POST", `${NS}/pods/ev/eviction`, { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "ev" } });
    expect(r.status).toBe(201);
    expect((await h.call("GET", `${NS}/pods/ev`)).status).toBe(404);
  });

  test("stream subresources answer a clear error until a kubelet is reachable", async () => {
    await h.call("POST", `${NS}/pods`, pod("logs", { nodeName: "n1" }));
    const r = await h.call("GET", `${NS}/pods/logs/log`);
    expect(r.status).toBe(503);
    expect(r.body.message).toContain("kubelet");
  });
});

describe("events", () => {
  test("core events expire an hour after their last write", async () => {
    const ev = { apiVersion: "v1", kind: "Event", metadata: { name: "e1" }, involvedObject: { kind: "Pod", name: "p", namespace: "life" }, reason: "Test", message: "hi", type: "Normal" };
    const r = await h.call("POST", `${NS}/events`, ev);
    expect(r.status).toBe(201);
    const kv = (await h.store.get("/registry/core/events/life/e1")).kv!;
    expect(kv.expiresAt).toBeDefined();
    const ttl = (kv.expiresAt! - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
    const sel = await h.call("GET", `${NS}/events?fieldSelector=involvedObject.name%3Dp,reason%3DTest`);
    expect(sel.body.items.map((i: any) => i.metadata.name)).toEqual(["e1"]);
  });
});

describe("events.k8s.io", () => {
  test("events written through either API are the same objects", async () => {
    const v1 = {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "e2" },
      eventTime: "2026-01-01T00:00:00.000000Z",
      reportingController: "example.com/ctl",
      reportingInstance: "ctl-1",
      action: "Sync",
      reason: "Synced",
      regarding: { kind: "Pod", name: "p", namespace: "life" },
      note: "all good",
      type: "Normal",
    };
    const created = await h.call("POST", "/apis/events.k8s.io/v1/namespaces/life/events", v1);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "events.k8s.io/v1", note: "all good", regarding: { name: "p" } });
    const core = await h.call("GET", `${NS}/events/e2`);
    expect(core.body).toMatchObject({ apiVersion: "v1", kind: "Event", message: "all good", involvedObject: { name: "p" }, reportingComponent: "example.com/ctl" });
    expect(core.body.note).toBeUndefined();
    const list = await h.call("GET", "/apis/events.k8s.io/v1/namespaces/life/events?fieldSelector=metadata.name%3De1");
    expect(list.body.apiVersion).toBe("events.k8s.io/v1");
    // list items carry no kind or apiVersion of their own, as upstream's
    expect(list.body.items[0]).toMatchObject({ note: "hi", regarding: { name: "p" } });
    expect(list.body.items[0].apiVersion).toBeUndefined();
    const patched = await h.req("/apis/events.k8s.io/v1/namespaces/life/events/e2", { method: "PATCH", body: JSON.stringify({ note: "changed" }), headers: { "content-type": "application/merge-patch+json" } });
    expect(((await patched.json()) as any).note).toBe("changed");
    expect((await h.call("GET", `${NS}/events/e2`)).body.message).toBe("changed");
    expect((await h.call("DELETE", "/apis/events.k8s.io/v1/namespaces/life/events/e2")).status).toBe(200);
    expect((await h.call("GET", `${NS}/events/e2`)).status).toBe(404);
  });
});

describe("namespaces", () => {
  test("system namespaces exist and cannot be deleted", async () => {
    const r = await h.call("GET", "/api/v1/namespaces");
    const names = r.body.items.map((i: any) => i.metadata.name);
    for (const n of ["default", "kube-system", "kube-public", "kube-node-lease"]) expect(names).toContain(n);
    const del = await h.call("DELETE", "/api/v1/namespaces/default");
    expect(del.status).toBe(403);
    expect(del.body.message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');
  });

  test("the kubernetes service has the first service IP", async () => {
    const svc = await h.call("GET", "/api/v1/namespaces/default/services/kubernetes");
    expect(svc.body.spec.clusterIP).toBe("10.43.0.1");
    const ep = await h.call("GET", "/api/v1/namespaces/default/endpoints/kubernetes");
    expect(ep.body.subsets[0].ports[0].port).toBe(h.server.port);
  });

  test("services get a cluster IP and node ports", async () => {
    const r = await h.call("POST", `${NS}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "np" }, spec: { type: "NodePort", selector: { a: "b" }, ports: [{ port: 80 }] } });
    expect(r.status).toBe(201);
    expect(r.body.spec.clusterIP).toMatch(/^10\.43\.\d+\.\d+$/);
    expect(r.body.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    const cur = r.body;
    const upd = await h.call("PUT", `${NS}/services/np`, { ...cur, spec: { ...cur.spec, clusterIP: undefined, clusterIPs: undefined } });
    expect(upd.status).toBe(200);
    expect(upd.body.spec.clusterIP).toBe(cur.spec.clusterIP);
  });

  test("deleting a namespace marks it Terminating until finalized", async () => {
    await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "doomed" } });
    const del = await h.call("DELETE", "/api/v1/namespaces/doomed");
    expect(del.status).toBe(200);
    expect(del.body.status.phase).toBe("Terminating");
    const create = await h.call("POST", "/api/v1/namespaces/doomed/configmaps", configMap("late"));
    expect(create.status).toBe(403);
    expect(create.body.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    expect(create.body.details.causes[0].reason).toBe("NamespaceTerminating");
    const again = await h.call("DELETE", "/api/v1/namespaces/doomed");
    expect(again.status).toBe(409);
    const ns = (await h.call("GET", "/api/v1/namespaces/doomed")).body;
    const fin = await h.call("PUT", "/api/v1/namespaces/doomed/finalize", { ...ns, spec: { finalizers: [] } });
    expect(fin.status).toBe(200);
    const last = await h.call("DELETE", "/api/v1/namespaces/doomed");
    expect(last.status).toBe(200);
    expect((await h.call("GET", "/api/v1/namespaces/doomed")).status).toBe(404);
  });
});
