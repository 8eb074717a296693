import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { envelope, msg, str, vint } from "../../helpers/protobuf-writer.ts";
import { startHarness, type Harness } from "./harness.ts";

/**
 * autoscaling/v2 HorizontalPodAutoscalers over the API: discovery (short name hpa, the all
 * category) and OpenAPI, CRUD with upstream's defaults, upstream's validation answers, the
 * status subresource, no generation tracking (as upstream's strategy), the alpha tolerance
 * dropped, server-side and client-side apply of the helm create chart's manifest, a
 * protobuf create (as kubectl sends typed objects) and Table printing. Nothing acts on
 * them (no HPA controller yet): they are stored and served.
 */

let h: Harness;
const GV = "/apis/autoscaling/v2";
const HPAS = `${GV}/namespaces/hpa/horizontalpodautoscalers`;
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "hpa" } });
});
afterAll(() => h.stop());

const cpu = (averageUtilization: number) => ({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization } } });

/** The helm create chart's templates/hpa.yaml with autoscaling.enabled=true, rendered. */
function chartHPA(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name, labels: { "app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "Helm" } },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
      minReplicas: 1,
      maxReplicas: 100,
      metrics: [cpu(80)],
      ...spec,
    },
  };
}

describe("discovery and OpenAPI", () => {
  test("/apis lists autoscaling with v2 only", async () => {
    const apis = await h.call("GET", "/apis");
    expect(apis.body.groups.find((g: any) => g.name === "autoscaling")).toEqual({
      name: "autoscaling",
      versions: [{ groupVersion: "autoscaling/v2", version: "v2" }],
      preferredVersion: { groupVersion: "autoscaling/v2", version: "v2" },
    });
    expect((await h.call("GET", "/apis/autoscaling/v1")).status).toBe(404);
  });

  test("/apis/autoscaling/v2: horizontalpodautoscalers (hpa, namespaced, all, status)", async () => {
    const r = await h.call("GET", GV);
    expect(r.status).toBe(200);
    expect(r.body.groupVersion).toBe("autoscaling/v2");
    expect(r.body.resources.map((x: any) => x.name)).toEqual(["horizontalpodautoscalers", "horizontalpodautoscalers/status"]);
    const [main, status] = r.body.resources;
    expect(main).toMatchObject({ singularName: "horizontalpodautoscaler", namespaced: true, kind: "HorizontalPodAutoscaler", shortNames: ["hpa"], categories: ["all"] });
    expect([...main.verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    expect(status).toMatchObject({ namespaced: true, kind: "HorizontalPodAutoscaler", verbs: ["get", "patch", "update"] });
  });

  test("aggregated discovery carries the group", async () => {
    const r = await h.req("/apis", { headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } });
    const body = (await r.json()) as any;
    const group = body.items.find((i: any) => i.metadata.name === "autoscaling");
    expect(group.versions.map((v: any) => v.version)).toEqual(["v2"]);
    expect(group.versions[0].resources.map((x: any) => x.resource)).toEqual(["horizontalpodautoscalers"]);
  });

  test("OpenAPI v3 has the schemas, with upstream's list types and required fields", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["apis/autoscaling/v2"].serverRelativeURL)).json()) as any;
    const schemas = doc.components.schemas;
    const S = (n: string) => schemas[`io.k8s.api.autoscaling.v2.${n}`];
    expect(S("HorizontalPodAutoscaler")["x-kubernetes-group-version-kind"]).toEqual([{ group: "autoscaling", kind: "HorizontalPodAutoscaler", version: "v2" }]);
    expect(S("HorizontalPodAutoscalerSpec").required).toEqual(["scaleTargetRef", "maxReplicas"]);
    expect(S("HorizontalPodAutoscalerSpec").properties.metrics["x-kubernetes-list-type"]).toBe("atomic");
    expect(S("HPAScalingRules").properties.policies["x-kubernetes-list-type"]).toBe("atomic");
    expect(S("HorizontalPodAutoscalerStatus").properties.conditions["x-kubernetes-list-map-keys"]).toEqual(["type"]);
    expect(S("CrossVersionObjectReference").required).toEqual(["kind", "name"]);
    expect(S("MetricTarget").properties.averageUtilization.description).toContain("percentage");
    expect(doc.paths["/apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers/{name}/status"]).toBeDefined();
  });
});

describe("CRUD", () => {
  test("create (defaults, no status, no generation), get, list, update, delete", async () => {
    const body = chartHPA("web");
    delete (body["spec"] as any).minReplicas;
    const created = await h.call("POST", HPAS, { ...body, status: { currentReplicas: 3, desiredReplicas: 3 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web", namespace: "hpa" } });
    expect(created.body.spec.minReplicas).toBe(1);
    expect(created.body.spec.behavior).toBeUndefined();
    // create cannot set status; upstream's strategy keeps no generation
    expect(created.body.status?.currentReplicas).toBeUndefined();
    expect(created.body.metadata.generation).toBeUndefined();

    const got = await h.call("GET", `${HPAS}/web`);
    expect(got.status).toBe(200);
    expect(got.body.spec).toEqual(created.body.spec);
    expect((await h.call("GET", `${GV}/namespaces/nowhere/horizontalpodautoscalers/web`)).status).toBe(404);

    const list = await h.call("GET", HPAS);
    expect(list.body).toMatchObject({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscalerList" });
    expect(list.body.items.map((i: any) => i.metadata.name)).toEqual(["web"]);
    expect((await h.call("GET", `${GV}/horizontalpodautoscalers`)).body.items.map((i: any) => i.metadata.namespace)).toContain("hpa");

    const next = got.body;
    next.spec.maxReplicas = 10;
    next.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 120 } };
    const updated = await h.call("PUT", `${HPAS}/web`, next);
    expect(updated.status).toBe(200);
    expect(updated.body.spec.maxReplicas).toBe(10);
    // behavior present: both directions are filled in
    expect(updated.body.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
          { type: "Pods", value: 4, periodSeconds: 15 },
          { type: "Percent", value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 120, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    });
    expect(updated.body.metadata.generation).toBeUndefined();

    expect((await h.call("DELETE", `${HPAS}/web`)).status).toBe(200);
    expect((await h.call("GET", `${HPAS}/web`)).status).toBe(404);
  });

  test("what kubectl autoscale sends: a target, limits and a cpu metric", async () => {
    const r = await h.call("POST", `${HPAS}?fieldManager=kubectl-autoscale`, {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "autoscaled" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "autoscaled" }, minReplicas: 2, maxReplicas: 5, metrics: [cpu(70)] },
    });
    expect(r.status).toBe(201);
    expect(r.body.spec.metrics).toEqual([cpu(70)]);
  });

  test("an alpha tolerance is dropped (HPAConfigurableTolerance is off)", async () => {
    const r = await h.call("POST", HPAS, chartHPA("tolerant", { behavior: { scaleUp: { tolerance: "0.05" }, scaleDown: { tolerance: "0.1", stabilizationWindowSeconds: 60 } } }));
    expect(r.status).toBe(201);
    expect(r.body.spec.behavior.scaleUp.tolerance).toBeUndefined();
    expect(r.body.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] });
  });

  test("a protobuf create, as kubectl sends typed objects", async () => {
    const raw = [
      ...msg(1, str(1, "pb")),
      ...msg(
        2,
        msg(1, str(1, "Deployment"), str(2, "pb"), str(3, "apps/v1")),
        vint(2, 2),
        vint(3, 6),
        msg(4, str(1, "Resource"), msg(4, str(1, "cpu"), msg(2, str(1, "Utilization"), vint(4, 75)))),
      ),
      ...msg(3, vint(3, 0), vint(4, 0)),
    ];
    const res = await h.req(HPAS, { method: "POST", headers: { "content-type": "application/vnd.kubernetes.protobuf", accept: "application/json" }, body: envelope("autoscaling/v2", "HorizontalPodAutoscaler", raw) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.spec).toEqual({ scaleTargetRef: { kind: "Deployment", name: "pb", apiVersion: "apps/v1" }, minReplicas: 2, maxReplicas: 6, metrics: [cpu(75)] });
  });
});

describe("validation answers 422 with upstream's messages and causes", () => {
  const invalid = async (body: Record<string, unknown>) => {
    const r = await h.call("POST", HPAS, body);
    expect(r.status).toBe(422);
    const name = (body["metadata"] as { name: string }).name;
    expect(r.body).toMatchObject({ kind: "Status", reason: "Invalid", details: { name, group: "autoscaling", kind: "HorizontalPodAutoscaler" } });
    return r.body;
  };

  test("replica limits", async () => {
    const body = await invalid(chartHPA("limits", { minReplicas: 5, maxReplicas: 2 }));
    expect(body.message).toBe('HorizontalPodAutoscaler.autoscaling "limits" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
    expect(body.details.causes).toEqual([{ reason: "FieldValueInvalid", message: "Invalid value: 2: must be greater than or equal to `minReplicas`", field: "spec.maxReplicas" }]);
  });

  test("a target without kind or group", async () => {
    const body = await invalid(chartHPA("no-kind", { scaleTargetRef: { apiVersion: "v1", name: "web" } }));
    expect(body.details.causes).toEqual([
      { reason: "FieldValueRequired", message: "Required value", field: "spec.scaleTargetRef.kind" },
      { reason: "FieldValueInvalid", message: 'Invalid value: "v1": apiVersion must specify API group', field: "spec.scaleTargetRef.apiVersion" },
    ]);
  });

  test("metric sources and targets", async () => {
    const body = await invalid(
      chartHPA("metrics", {
        metrics: [
          { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 0 } } },
          { type: "Pods", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } },
          { type: "External", external: { metric: { name: "queue" }, target: { type: "Value", value: "0" } } },
        ],
      }),
    );
    expect(body.details.causes.map((c: any) => `${c.field}: ${c.message}`)).toEqual([
      "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
      "spec.metrics[1].pods: Required value: must populate information for the given metric source",
      'spec.metrics[2].external.target.value: Invalid value: resource.Quantity{i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"0", Format:"DecimalSI"}: must be positive',
    ]);
  });

  test("behavior policies", async () => {
    const body = await invalid(chartHPA("behavior", { behavior: { scaleUp: { selectPolicy: "Sometimes", policies: [{ type: "Pods", value: 0, periodSeconds: 3600 }] } } }));
    expect(body.message).toBe(
      'HorizontalPodAutoscaler.autoscaling "behavior" is invalid: [spec.behavior.scaleUp.selectPolicy: Unsupported value: "Sometimes": supported values: "Disabled", "Max", "Min", spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero, spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800]',
    );
  });

  test("an invalid update is refused and changes nothing", async () => {
    expect((await h.call("POST", HPAS, chartHPA("upd"))).status).toBe(201);
    const body = (await h.call("GET", `${HPAS}/upd`)).body;
    body.spec.maxReplicas = 0;
    const r = await h.call("PUT", `${HPAS}/upd`, body);
    expect(r.status).toBe(422);
    expect(r.body.details.causes.map((c: any) => c.field)).toEqual(["spec.maxReplicas", "spec.maxReplicas"]);
    expect((await h.call("GET", `${HPAS}/upd`)).body.spec.maxReplicas).toBe(100);
  });
});

describe("status subresource", () => {
  test("/status writes only status; the main resource keeps status; no generation either way", async () => {
    const created = (await h.call("POST", HPAS, chartHPA("st"))).body;

    const withStatus = structuredClone(created);
    withStatus.status = {
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 91, averageValue: "273m" } } }],
      conditions: [{ type: "AbleToScale", status: "True", reason: "SucceededRescale", lastTransitionTime: "2025-01-01T00:00:00Z" }],
    };
    withStatus.spec.maxReplicas = 7;
    const s = await h.call("PUT", `${HPAS}/st/status`, withStatus);
    expect(s.status).toBe(200);
    expect(s.body.status.desiredReplicas).toBe(3);
    expect(s.body.status.currentMetrics[0].resource.current.averageUtilization).toBe(91);
    expect(s.body.spec.maxReplicas).toBe(100);
    expect(s.body.metadata.generation).toBeUndefined();

    // a main-resource write may not change status
    const spoof = structuredClone(s.body);
    spoof.status = { currentReplicas: 9, desiredReplicas: 9 };
    spoof.spec.maxReplicas = 20;
    const m = await h.call("PUT", `${HPAS}/st`, spoof);
    expect(m.status).toBe(200);
    expect(m.body.spec.maxReplicas).toBe(20);
    expect(m.body.status.desiredReplicas).toBe(3);
    expect(m.body.metadata.generation).toBeUndefined();

    // a merge patch through /status; conditions merge by type with a strategic merge patch
    const p = await h.call("PATCH", `${HPAS}/st/status`, { status: { currentReplicas: 3 } }, { "content-type": "application/merge-patch+json" });
    expect(p.status).toBe(200);
    expect(p.body.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 3 });
    const sp = await h.call(
      "PATCH",
      `${HPAS}/st/status`,
      { status: { conditions: [{ type: "ScalingActive", status: "True", reason: "ValidMetricFound", lastTransitionTime: "2025-01-01T00:00:00Z" }] } },
      { "content-type": "application/strategic-merge-patch+json" },
    );
    expect(sp.status).toBe(200);
    expect(sp.body.status.conditions.map((c: any) => c.type).sort()).toEqual(["AbleToScale", "ScalingActive"]);
  });

  test("status validation: replica counts must not be negative", async () => {
    const created = (await h.call("POST", HPAS, chartHPA("st-bad"))).body;
    created.status = { currentReplicas: -1, desiredReplicas: 0 };
    const r = await h.call("PUT", `${HPAS}/st-bad/status`, created);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('HorizontalPodAutoscaler.autoscaling "st-bad" is invalid: status.currentReplicas: Invalid value: -1: must be greater than or equal to 0');
  });
});

describe("apply", () => {
  test("server-side apply of the chart's manifest creates; a re-apply replaces the atomic metrics list", async () => {
    const patch = (body: unknown) =>
      h.req(`${HPAS}/applied?fieldManager=helm&force=true`, { method: "PATCH", headers: { "content-type": "application/apply-patch+yaml" }, body: JSON.stringify(body) });
    const first = await patch(chartHPA("applied", { metrics: [cpu(80), { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } }] }));
    expect(first.status).toBe(201);
    const second = await patch(chartHPA("applied", { maxReplicas: 20 }));
    expect(second.status).toBe(200);
    const got = (await h.call("GET", `${HPAS}/applied`)).body;
    expect(got.spec.metrics).toEqual([cpu(80)]);
    expect(got.spec.maxReplicas).toBe(20);
  });

  test("client-side apply: create with the last-applied annotation, then a strategic merge patch", async () => {
    const manifest = chartHPA("csa");
    const annotated = { ...manifest, metadata: { ...(manifest["metadata"] as object), annotations: { "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify(manifest) } } };
    expect((await h.call("POST", HPAS, annotated)).status).toBe(201);
    const r = await h.call("PATCH", `${HPAS}/csa`, { spec: { maxReplicas: 4, metrics: [cpu(60)] } }, { "content-type": "application/strategic-merge-patch+json" });
    expect(r.status).toBe(200);
    expect(r.body.spec).toMatchObject({ minReplicas: 1, maxReplicas: 4, metrics: [cpu(60)] });
  });
});

describe("Table output", () => {
  test("NAME, REFERENCE, TARGETS, MINPODS, MAXPODS, REPLICAS, AGE", async () => {
    const ns = `${GV}/namespaces/tbl/horizontalpodautoscalers`;
    await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "tbl" } });
    expect((await h.call("POST", ns, chartHPA("web"))).status).toBe(201);
    const two = (await h.call("POST", ns, chartHPA("two", { minReplicas: 2, maxReplicas: 8, metrics: [cpu(60), { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "1024Mi" } } }, cpu(90)] }))).body;
    two.status = { currentReplicas: 3, desiredReplicas: 3, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 45 } } }] };
    expect((await h.call("PUT", `${ns}/two/status`, two)).status).toBe(200);

    const r = await h.call("GET", ns, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    expect(r.body.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.cells[0], row.cells.slice(1, 6)]));
    expect(rows).toEqual({
      web: ["Deployment/web", "cpu: <unknown>/80%", "1", 100, 0],
      two: ["Deployment/two", "cpu: 45%/60%, memory: <unknown>/1Gi + 1 more...", "2", 8, 3],
    });
    expect((await h.call("GET", `${ns}/web`, undefined, TABLE)).body.rows).toHaveLength(1);
  });
});
