import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { freeFormCrd } from "../../helpers/crd.ts";
import { configMap, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  for (const ns of ["l1", "l2"]) await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  for (let i = 0; i < 7; i++) await h.call("POST", "/api/v1/namespaces/l1/configmaps", configMap(`cm-${i}`, {}, { parity: i % 2 ? "odd" : "even" }));
  await h.call("POST", "/api/v1/namespaces/l2/configmaps", configMap("elsewhere"));
});
afterAll(() => h.stop());

describe("list", () => {
  test("lists are <Kind>List with a resourceVersion, items in name order", async () => {
    const r = await h.call("GET", "/api/v1/namespaces/l1/configmaps");
    expect(r.body.kind).toBe("ConfigMapList");
    expect(r.body.apiVersion).toBe("v1");
    expect(Number(r.body.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(r.body.items.map((i: any) => i.metadata.name)).toEqual(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6"]);
    for (const i of r.body.items) expect(i.metadata.resourceVersion).toBeDefined();
  });

  test("a built-in resource's items have no kind or apiVersion of their own; GET, watch events and custom resources' items do", async () => {
    await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "l3" } });
    // written with kind first: the item is still listed without either
    await h.call("POST", "/api/v1/namespaces/l3/configmaps", { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "kind-first" }, data: { a: "b" } });
    for (const path of ["/api/v1/namespaces/l3/configmaps", "/api/v1/namespaces/l3/configmaps?resourceVersion=0", "/api/v1/configmaps?resourceVersion=0&limit=2"]) {
      const r = await h.call("GET", path);
      expect(r.body.items.length).toBeGreaterThan(0);
      for (const item of r.body.items) {
        expect(Object.keys(item)).not.toContain("kind");
        expect(Object.keys(item)).not.toContain("apiVersion");
        expect(item.metadata.name).toBeDefined();
      }
    }
    expect((await h.call("GET", "/api/v1/namespaces/l3/configmaps/kind-first")).body).toMatchObject({ kind: "ConfigMap", apiVersion: "v1", data: { a: "b" } });
    const watch = await h.req("/api/v1/namespaces/l3/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1");
    const first = JSON.parse((await watch.text()).split("\n")[0]!);
    expect(first.object).toMatchObject({ kind: "ConfigMap", apiVersion: "v1" });

    expect((await h.call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", freeFormCrd("gadgets", "Gadget"))).status).toBe(201);
    let created = 0;
    for (let i = 0; i < 50 && created !== 201; i++) {
      created = (await h.call("POST", "/apis/example.com/v1/namespaces/l3/gadgets", { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g" } })).status;
      if (created !== 201) await Bun.sleep(100);
    }
    expect(created).toBe(201);
    const crs = await h.call("GET", "/apis/example.com/v1/namespaces/l3/gadgets");
    expect(crs.body.items[0]).toMatchObject({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g" } });
  });

  test("all namespaces, label and field selectors", async () => {
    const all = await h.call("GET", "/api/v1/configmaps");
    expect(all.body.items.some((i: any) => i.metadata.namespace === "l2")).toBe(true);
    const odd = await h.call("GET", "/api/v1/namespaces/l1/configmaps?labelSelector=parity%3Dodd");
    expect(odd.body.items.map((i: any) => i.metadata.name)).toEqual(["cm-1", "cm-3", "cm-5"]);
    const notIn = await h.call("GET", "/api/v1/configmaps?labelSelector=parity+notin+(odd),parity");
    expect(notIn.body.items).toHaveLength(4);
    const byNs = await h.call("GET", "/api/v1/configmaps?fieldSelector=metadata.namespace%3Dl2");
    expect(byNs.body.items.map((i: any) => i.metadata.name)).toEqual(["elsewhere"]);
  });

  test("unsupported field selectors and malformed label selectors are 400", async () => {
    const f = await h.call("GET", "/api/v1/configmaps?fieldSelector=spec.foo%3Dbar");
    expect(f.status).toBe(400);
    expect(f.body.message).toContain('"spec.foo" is not a known field selector');
    const l = await h.call("GET", "/api/v1/configmaps?labelSelector=a%3D%3D%3D");
    expect(l.status).toBe(400);
  });

  test("pods can be selected by spec.nodeName and status.phase", async () => {
    const r = await h.call("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dn1,status.phase%3DRunning");
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
  });

  test("limit and continue page through a consistent snapshot", async () => {
    const p1 = await h.call("GET", "/api/v1/namespaces/l1/configmaps?limit=3");
    expect(p1.body.items).toHaveLength(3);
    expect(p1.body.metadata.remainingItemCount).toBe(4);
    const token = p1.body.metadata.continue;
    expect(typeof token).toBe("string");
    await h.call("POST", "/api/v1/namespaces/l1/configmaps", configMap("cm-9"));
    const p2 = await h.call("GET", `/api/v1/namespaces/l1/configmaps?limit=3&continue=${encodeURIComponent(token)}`);
    expect(p2.body.items.map((i: any) => i.metadata.name)).toEqual(["cm-3", "cm-4", "cm-5"]);
    expect(p2.body.metadata.resourceVersion).toBe(p1.body.metadata.resourceVersion);
    const p3 = await h.call("GET", `/api/v1/namespaces/l1/configmaps?limit=3&continue=${encodeURIComponent(p2.body.metadata.continue)}`);
    expect(p3.body.items.map((i: any) => i.metadata.name)).toEqual(["cm-6"]);
    expect(p3.body.metadata.continue).toBeUndefined();
  });

  test("limit with a selector fills pages with matching items", async () => {
    const p = await h.call("GET", "/api/v1/namespaces/l1/configmaps?limit=2&labelSelector=parity%3Deven");
    expect(p.body.items.map((i: any) => i.metadata.name)).toEqual(["cm-0", "cm-2"]);
    expect(p.body.metadata.remainingItemCount).toBeUndefined();
    const p2 = await h.call("GET", `/api/v1/namespaces/l1/configmaps?limit=2&labelSelector=parity%3Deven&continue=${encodeURIComponent(p.body.metadata.continue)}`);
    expect(p2.body.items.map((i: any) => i.metadata.name)).toEqual(["cm-4", "cm-6"]);
  });

  test("a continue token from before a compaction is 410 Expired", async () => {
    const p1 = await h.call("GET", "/api/v1/namespaces/l1/configmaps?limit=2");
    await h.call("POST", "/api/v1/namespaces/l1/configmaps", configMap("cm-compact"));
    await h.store.compact(await h.store.currentRevision());
    const r = await h.call("GET", `/api/v1/namespaces/l1/configmaps?limit=2&continue=${encodeURIComponent(p1.body.metadata.continue)}`);
    expect(r.status).toBe(410);
    expect(r.body.reason).toBe("Expired");
    expect(r.body.message).toStartWith("The provided continue parameter is too old");
  });

  test("a garbled continue token is 400", async () => {
    const r = await h.call("GET", "/api/v1/namespaces/l1/configmaps?limit=2&continue=%%%");
    expect(r.status).toBe(400);
  });

  test("reads without resourceVersion see the latest write", async () => {
    for (let i = 0; i < 20; i++) {
      const c = await h.call("POST", "/api/v1/namespaces/l2/configmaps", configMap(`fresh-${i}`));
      const g = await h.call("GET", `/api/v1/namespaces/l2/configmaps/fresh-${i}`);
      expect(g.status).toBe(200);
      expect(g.body.metadata.resourceVersion).toBe(c.body.metadata.resourceVersion);
    }
  });

  test("resourceVersion far in the future times out with 504", async () => {
    const r = await h.call("GET", "/api/v1/namespaces/l1/configmaps?resourceVersion=99999999");
    expect(r.status).toBe(504);
    expect(r.body.message).toStartWith("Timeout: Too large resource version: 99999999");
  }, 10_000);

  test("Table rendering for kubectl get", async () => {
    const r = await h.call("GET", "/api/v1/namespaces/l1/configmaps?limit=500", undefined, {
      accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
    });
    expect(r.body.kind).toBe("Table");
    expect(r.body.apiVersion).toBe("meta.k8s.io/v1");
    expect(r.body.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Data", "Age"]);
    expect(r.body.rows[0].cells[0]).toBe("cm-0");
    expect(r.body.rows[0].object.kind).toBe("PartialObjectMetadata");
    const full = await h.call("GET", "/api/v1/namespaces/l1/configmaps/cm-0?includeObject=Object", undefined, { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" });
    expect(full.body.rows[0].object.kind).toBe("ConfigMap");
  });

  test("PartialObjectMetadataList for metadata-only clients", async () => {
    const r = await h.call("GET", "/api/v1/namespaces/l1/configmaps", undefined, { accept: "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io" });
    expect(r.body.kind).toBe("PartialObjectMetadataList");
    expect(r.body.items[0]).toMatchObject({ kind: "PartialObjectMetadata", metadata: { name: "cm-0" } });
    expect(r.body.items[0].data).toBeUndefined();
  });
});
