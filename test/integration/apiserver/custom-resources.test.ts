import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { eventually } from "../../helpers/api-cluster.ts";
import { startHarness, type Harness } from "./harness.ts";

/**
 * CustomResourceDefinitions over the API, as a user meets them: a CRD becomes
 * Established with its names accepted, its group appears in discovery and OpenAPI, and
 * its objects are served with the version's schema (pruning, defaults, validation), the
 * printer columns, status and scale subresources, every patch type upstream allows,
 * watches, a second served version, name conflicts between CRDs, and deletion of a CRD
 * taking its objects with it.
 */

let h: Harness;
const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const WIDGETS = "/apis/example.com/v1/namespaces/crs/widgets";
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
const MERGE = { "content-type": "application/merge-patch+json" };

function widgetCrd(extra: { versions?: unknown[]; names?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"], categories: ["all"], ...(extra.names ?? {}) },
      versions: extra.versions ?? [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: {
                  type: "object",
                  required: ["size"],
                  properties: {
                    size: { type: "integer", minimum: 1, maximum: 10 },
                    color: { type: "string", enum: ["red", "blue"], default: "red" },
                    replicas: { type: "integer" },
                    tags: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" },
                  },
                },
                status: { type: "object", properties: { ready: { type: "boolean" }, replicas: { type: "integer" }, selector: { type: "string" } } },
              },
            },
          },
          selectableFields: [{ jsonPath: ".spec.color" }],
          subresources: { status: {}, scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.selector" } },
          additionalPrinterColumns: [
            { name: "Size", type: "integer", jsonPath: ".spec.size" },
            { name: "Color", type: "string", jsonPath: ".spec.color" },
            { name: "Ready", type: "boolean", jsonPath: ".status.ready" },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
        },
        { name: "v1beta1", served: true, storage: false, deprecated: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } },
      ],
    },
  };
}

function widget(name: string, spec: Record<string, unknown>, apiVersion = "example.com/v1"): Record<string, unknown> {
  return { apiVersion, kind: "Widget", metadata: { name }, spec };
}

async function established(name: string): Promise<any> {
  return eventually("the expected state", async () => {
    const r = await h.call("GET", `${CRDS}/${name}`);
    const c = (r.body.status?.conditions ?? []).find((x: any) => x.type === "Established");
    return c?.status === "True" ? r.body : undefined;
  });
}

async function served(path: string): Promise<void> {
  await eventually("the expected state", async () => ((await h.call("GET", path)).status === 200 ? true : undefined));
}

beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "crs" } });
  const r = await h.call("POST", CRDS, widgetCrd());
  if (r.status !== 201) throw new Error(`CRD create: ${r.status} ${JSON.stringify(r.body)}`);
  await established("widgets.example.com");
  await served(WIDGETS);
});
afterAll(() => h.stop());

describe("the CRD", () => {
  test("is Established with its names accepted and its storage version recorded", async () => {
    const crd = await established("widgets.example.com");
    expect(crd.status.acceptedNames).toMatchObject({ plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList", shortNames: ["wd"], categories: ["all"] });
    const conds = Object.fromEntries(crd.status.conditions.map((c: any) => [c.type, c]));
    expect(conds.NamesAccepted).toMatchObject({ status: "True", reason: "NoConflicts", message: "no conflicts found" });
    expect(conds.Established).toMatchObject({ status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" });
    expect(crd.status.storedVersions).toEqual(["v1"]);
    expect(crd.spec.conversion).toEqual({ strategy: "None" });
  });

  test("a name that is not plural.group is refused", async () => {
    const bad = widgetCrd();
    (bad.metadata as any).name = "widget.example.com";
    const r = await h.call("POST", CRDS, bad);
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group');
  });

  test("a schema that is not structural is refused, and nothing is served for it", async () => {
    const bad = widgetCrd({ names: { plural: "blobs", singular: "blob", kind: "Blob", shortNames: [] }, versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { properties: { size: { type: "integer" } } } } } } }] });
    (bad.metadata as any).name = "blobs.example.com";
    const r = await h.call("POST", CRDS, bad);
    expect(r.status).toBe(422);
    expect(r.body.message).toContain("spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields");
    expect((await h.call("GET", `${CRDS}/blobs.example.com`)).status).toBe(404);
  });

  test("a kind another CRD of the group holds is not accepted", async () => {
    const other = widgetCrd({ names: { plural: "gadgets", singular: "gadget", kind: "Widget", shortNames: [] } });
    (other.metadata as any).name = "gadgets.example.com";
    expect((await h.call("POST", CRDS, other)).status).toBe(201);
    const crd = await eventually("the expected state", async () => {
      const r = await h.call("GET", `${CRDS}/gadgets.example.com`);
      return r.body.status?.conditions?.length ? r.body : undefined;
    });
    const conds = Object.fromEntries(crd.status.conditions.map((c: any) => [c.type, c]));
    expect(conds.NamesAccepted).toMatchObject({ status: "False", reason: "KindConflict", message: '"Widget" is already in use' });
    expect(conds.Established).toMatchObject({ status: "False", reason: "NotAccepted" });
    expect((await h.call("GET", "/apis/example.com/v1/namespaces/crs/gadgets")).status).toBe(404);
    expect((await h.call("DELETE", `${CRDS}/gadgets.example.com`)).status).toBe(200);
  });
});

describe("discovery and OpenAPI", () => {
  test("the group and its versions (v1 preferred) and the resource with its subresources", async () => {
    const apis = await h.call("GET", "/apis");
    const g = apis.body.groups.find((x: any) => x.name === "example.com");
    expect(g.versions.map((v: any) => v.version)).toEqual(["v1", "v1beta1"]);
    expect(g.preferredVersion.version).toBe("v1");
    const list = await h.call("GET", "/apis/example.com/v1");
    expect(list.body.resources.map((r: any) => r.name)).toEqual(["widgets", "widgets/scale", "widgets/status"]);
    expect(list.body.resources[0]).toMatchObject({ singularName: "widget", namespaced: true, kind: "Widget", shortNames: ["wd"], categories: ["all"] });
    const agg = await h.call("GET", "/apis", undefined, { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" });
    const ag = agg.body.items.find((x: any) => x.metadata.name === "example.com");
    expect(ag.versions[0].resources[0]).toMatchObject({ resource: "widgets", scope: "Namespaced", responseKind: { group: "example.com", version: "v1", kind: "Widget" } });
  });

  test("OpenAPI v3 has the version's schema with the object metadata", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["apis/example.com/v1"].serverRelativeURL)).json()) as any;
    const s = doc.components.schemas["com.example.v1.Widget"];
    expect(s["x-kubernetes-group-version-kind"]).toEqual([{ group: "example.com", kind: "Widget", version: "v1" }]);
    expect(s.properties.spec.properties.size).toMatchObject({ type: "integer", minimum: 1 });
    expect(s.properties.metadata.allOf[0].$ref).toBe("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    expect(doc.paths["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]).toBeDefined();
  });
});

describe("custom objects", () => {
  test("create applies the schema's defaults and a generation; get and list return it", async () => {
    const r = await h.call("POST", WIDGETS, widget("w1", { size: 3 }));
    expect(r.status).toBe(201);
    expect(r.body.spec).toEqual({ size: 3, color: "red" });
    expect(r.body.metadata.generation).toBe(1);
    const g = await h.call("GET", `${WIDGETS}/w1`);
    expect(g.body).toMatchObject({ apiVersion: "example.com/v1", kind: "Widget", spec: { size: 3, color: "red" } });
    const l = await h.call("GET", WIDGETS);
    expect(l.body.kind).toBe("WidgetList");
    expect(l.body.items.map((i: any) => i.metadata.name)).toContain("w1");
  });

  test("unknown fields: refused under Strict, dropped otherwise", async () => {
    const strict = await h.call("POST", `${WIDGETS}?fieldValidation=Strict`, widget("w-strict", { size: 2, shape: "round" }));
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.shape"');
    const lax = await h.call("POST", WIDGETS, widget("w-lax", { size: 2, shape: "round" }));
    expect(lax.status).toBe(201);
    expect(lax.body.spec.shape).toBeUndefined();
  });

  test("values the schema refuses give 422 Invalid naming the field", async () => {
    const r = await h.call("POST", WIDGETS, widget("w-bad", { size: 11, color: "green" }));
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe("Invalid");
    expect(r.body.message).toContain('Widget.example.com "w-bad" is invalid');
    expect(r.body.message).toContain("spec.size");
    expect(r.body.message).toContain('spec.color: Unsupported value: "green"');
    const missing = await h.call("POST", WIDGETS, widget("w-missing", { color: "red" }));
    expect(missing.status).toBe(422);
    expect(missing.body.message).toContain("spec.size: Required value");
    expect((await h.call("GET", `${WIDGETS}/w-bad`)).status).toBe(404);
  });

  test("Table output has the printer columns", async () => {
    const t = await h.call("GET", WIDGETS, undefined, TABLE);
    expect(t.body.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Size", "Color", "Ready", "Age"]);
    const row = t.body.rows.find((r: any) => r.cells[0] === "w1");
    expect(row.cells.slice(0, 4)).toEqual(["w1", 3, "red", null]);
    expect(row.cells[4]).toMatch(/^\d+s$/);
  });

  test("the main resource ignores status; /status writes only status", async () => {
    const cur = (await h.call("GET", `${WIDGETS}/w1`)).body;
    const put = await h.call("PUT", `${WIDGETS}/w1`, { ...cur, spec: { ...cur.spec, size: 4 }, status: { ready: true } });
    expect(put.status).toBe(200);
    expect(put.body.status).toBeUndefined();
    expect(put.body.metadata.generation).toBe(2);
    const st = await h.call("PATCH", `${WIDGETS}/w1/status`, { status: { ready: true, replicas: 2, selector: "app=w1" }, spec: { size: 9 } }, MERGE);
    expect(st.status).toBe(200);
    expect(st.body.status).toEqual({ ready: true, replicas: 2, selector: "app=w1" });
    expect(st.body.spec.size).toBe(4);
    expect(st.body.metadata.generation).toBe(2);
  });

  test("the scale subresource reads and writes the CRD's paths", async () => {
    const s = await h.call("GET", `${WIDGETS}/w1/scale`);
    expect(s.body).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 0 }, status: { replicas: 2, selector: "app=w1" } });
    const p = await h.call("PATCH", `${WIDGETS}/w1/scale`, { spec: { replicas: 5 } }, MERGE);
    expect(p.status).toBe(200);
    expect(p.body.spec.replicas).toBe(5);
    expect((await h.call("GET", `${WIDGETS}/w1`)).body.spec.replicas).toBe(5);
  });

  test("JSON and merge patches apply; strategic merge patch is 415 as upstream", async () => {
    const m = await h.call("PATCH", `${WIDGETS}/w1`, { spec: { tags: ["a", "b"] } }, MERGE);
    expect(m.body.spec.tags).toEqual(["a", "b"]);
    const j = await h.call("PATCH", `${WIDGETS}/w1`, [{ op: "replace", path: "/spec/color", value: "blue" }], { "content-type": "application/json-patch+json" });
    expect(j.body.spec.color).toBe("blue");
    const s = await h.call("PATCH", `${WIDGETS}/w1`, { spec: { size: 5 } }, { "content-type": "application/strategic-merge-patch+json" });
    expect(s.status).toBe(415);
    expect(s.body.reason).toBe("UnsupportedMediaType");
  });

  test("field selectors take the version's selectableFields", async () => {
    const blue = await h.call("GET", `${WIDGETS}?fieldSelector=${encodeURIComponent("spec.color=blue")}`);
    expect(blue.status).toBe(200);
    expect(blue.body.items.map((i: any) => i.metadata.name)).toEqual(["w1"]);
    const notRed = await h.call("GET", `${WIDGETS}?fieldSelector=${encodeURIComponent("spec.color!=red,metadata.name!=w1")}`);
    expect(notRed.body.items).toEqual([]);
    const bad = await h.call("GET", `${WIDGETS}?fieldSelector=${encodeURIComponent("spec.size=3")}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("field label not supported: spec.size");
  });

  test("deletecollection answers the deleted objects whole, kind and apiVersion included", async () => {
    for (const n of ["w-dc1", "w-dc2"]) {
      const w = widget(n, { size: 1 }) as { metadata: Record<string, unknown> };
      w.metadata["labels"] = { batch: "dc" };
      expect((await h.call("POST", WIDGETS, w)).status).toBe(201);
    }
    const r = await h.call("DELETE", `${WIDGETS}?labelSelector=batch%3Ddc`);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("WidgetList");
    // custom resources' lists are unstructured upstream: their items keep both
    expect(r.body.items.map((i: any) => [i.metadata.name, i.kind, i.apiVersion]).sort()).toEqual([
      ["w-dc1", "Widget", "example.com/v1"],
      ["w-dc2", "Widget", "example.com/v1"],
    ]);
    expect((await h.call("GET", `${WIDGETS}?labelSelector=batch%3Ddc`)).body.items).toEqual([]);
  });

  test("server-side apply creates, merges set lists by value, and reports conflicts", async () => {
    const yaml = (size: number, tags: string[]) => `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w-apply\nspec:\n  size: ${size}\n  tags: [${tags.map((t) => JSON.stringify(t)).join(", ")}]\n`;
    const a = await h.call("PATCH", `${WIDGETS}/w-apply?fieldManager=alice`, yaml(3, ["x"]), { "content-type": "application/apply-patch+yaml" });
    expect(a.status).toBe(201);
    const b = await h.call("PATCH", `${WIDGETS}/w-apply?fieldManager=bob`, `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w-apply\nspec:\n  tags: ["y"]\n`, { "content-type": "application/apply-patch+yaml" });
    expect(b.status).toBe(200);
    expect([...b.body.spec.tags].sort()).toEqual(["x", "y"]);
    const c = await h.call("PATCH", `${WIDGETS}/w-apply?fieldManager=bob`, `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w-apply\nspec:\n  size: 7\n`, { "content-type": "application/apply-patch+yaml" });
    expect(c.status).toBe(409);
    expect(c.body.message).toContain('conflict with "alice"');
    expect(c.body.message).toContain(".spec.size");
  });

  test("a watch sees objects come and go", async () => {
    const res = await h.req(`${WIDGETS}?watch=1&resourceVersion=0`);
    const reader = res.body!.getReader();
    let text = "";
    const seen = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error("watch ended");
        text += new TextDecoder().decode(value);
      }
    };
    await seen('"name":"w1"');
    await h.call("POST", WIDGETS, widget("w-watch", { size: 1 }));
    await seen('"name":"w-watch"');
    await h.call("DELETE", `${WIDGETS}/w-watch`);
    await seen('"type":"DELETED"');
    await reader.cancel();
  });

  test("another served (deprecated) version reads and writes the same objects under its apiVersion, with upstream's warning", async () => {
    const g = await h.call("GET", "/apis/example.com/v1beta1/namespaces/crs/widgets/w1");
    expect(g.status).toBe(200);
    expect(g.body.apiVersion).toBe("example.com/v1beta1");
    expect(g.headers.get("warning")).toBe('299 - "example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget"');
    expect((await h.call("GET", `${WIDGETS}/w1`)).headers.get("warning")).toBeNull();
    expect(g.body.spec.size).toBe(4);
    const c = await h.call("POST", "/apis/example.com/v1beta1/namespaces/crs/widgets", widget("w-beta", { size: 2, extra: true }, "example.com/v1beta1"));
    expect(c.status).toBe(201);
    const v1 = await h.call("GET", `${WIDGETS}/w-beta`);
    expect(v1.body.apiVersion).toBe("example.com/v1");
    expect(v1.body.spec).toMatchObject({ size: 2, extra: true });
  });
});

describe("deleting the CRD", () => {
  test("deletes its objects (waiting for their finalizers), refuses creates meanwhile, then stops serving", async () => {
    await h.call("POST", WIDGETS, { ...widget("w-held", { size: 1 }), metadata: { name: "w-held", finalizers: ["example.com/hold"] } });
    const d = await h.call("DELETE", `${CRDS}/widgets.example.com`);
    expect(d.status).toBe(200);
    const crd = await eventually("the expected state", async () => {
      const r = await h.call("GET", `${CRDS}/widgets.example.com`);
      const t = (r.body.status?.conditions ?? []).find((c: any) => c.type === "Terminating");
      return t?.reason === "InstanceDeletionInProgress" ? r.body : undefined;
    });
    expect(crd.metadata.finalizers).toContain("customresourcecleanup.apiextensions.k8s.io");
    const refused = await h.call("POST", WIDGETS, widget("w-late", { size: 1 }));
    expect(refused.status).toBe(405);
    expect(refused.body.message).toBe("create not allowed while custom resource definition is terminating");
    await eventually("the expected state", async () => ((await h.call("GET", `${WIDGETS}/w1`)).status === 404 ? true : undefined));
    const held = await h.call("GET", `${WIDGETS}/w-held`);
    expect(held.body.metadata.deletionTimestamp).toBeDefined();
    await h.call("PATCH", `${WIDGETS}/w-held`, { metadata: { finalizers: null } }, MERGE);
    await eventually("the expected state", async () => ((await h.call("GET", `${CRDS}/widgets.example.com`)).status === 404 ? true : undefined));
    await eventually("the expected state", async () => ((await h.call("GET", WIDGETS)).status === 404 ? true : undefined));
    const apis = await h.call("GET", "/apis");
    expect(apis.body.groups.map((g: any) => g.name)).not.toContain("example.com");
    expect(await h.store.list("/registry/example.com/widgets/")).toMatchObject({ kvs: [] });
  });
});

describe("after a restart", () => {
  test("the stored CRDs are served again before the server reports ready", async () => {
    const first = await startHarness();
    const dataDir = first.dataDir;
    const store = first.store;
    try {
      await first.call("POST", CRDS, widgetCrd());
      const crdReady = async (hh: Harness) =>
        eventually("the expected state", async () => {
          const r = await hh.call("GET", `${CRDS}/widgets.example.com`);
          return (r.body.status?.conditions ?? []).some((c: any) => c.type === "Established" && c.status === "True") ? true : undefined;
        });
      await crdReady(first);
      await eventually("the expected state", async () => ((await first.call("GET", "/apis/example.com/v1/namespaces/default/widgets")).status === 200 ? true : undefined));
      expect((await first.call("POST", "/apis/example.com/v1/namespaces/default/widgets", widget("kept", { size: 5 }))).status).toBe(201);
      await first.server.stop();
      const second = await startHarness({}, { dataDir, store });
      try {
        const g = await second.call("GET", "/apis/example.com/v1/namespaces/default/widgets/kept");
        expect(g.status).toBe(200);
        expect(g.body.spec).toEqual({ size: 5, color: "red" });
        const list = await second.call("GET", "/apis/example.com/v1");
        expect(list.body.resources.map((r: any) => r.name)).toContain("widgets");
      } finally {
        await second.stop();
      }
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
