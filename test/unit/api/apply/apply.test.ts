import { describe, expect, test } from "bun:test";
import {
  ApplyError,
  applyConflictCauses,
  applyConflictMessage,
  FieldSet,
  LAST_APPLIED_ANNOTATION,
  pathString,
  serverSideApply,
  toFieldSet,
  updateManagedFields,
} from "../../../../src/api/apply/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { deployment as schema } from "../patch/schema-fixture.ts";

const NOW = "2025-01-01T00:00:00Z";
const LATER = "2025-01-01T00:05:00Z";

const config = (replicas = 2, extra: Record<string, string> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", labels: { app: "web", ...extra } },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
    },
  },
});

const apply = (live: KubeObject | undefined, applied: KubeObject, manager = "kubectl", force = false, now = NOW) =>
  serverSideApply(live, applied, { manager, force, apiVersion: "apps/v1", schema, now });

describe("field sets", () => {
  test("FieldsV1 round trip and '.' markers", () => {
    const fv1 = {
      "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
      "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"nginx"}': { ".": {}, "f:image": {}, "f:name": {} } } } } },
    };
    const s = FieldSet.fromFieldsV1(fv1);
    expect(s.toFieldsV1()).toEqual(fv1);
    expect(s.paths().map(pathString)).toEqual([
      ".metadata.labels",
      ".metadata.labels.app",
      '.spec.template.spec.containers[name="nginx"]',
      '.spec.template.spec.containers[name="nginx"].image',
      '.spec.template.spec.containers[name="nginx"].name',
    ]);
  });
  test("applied config field set", () => {
    expect(toFieldSet(config(), schema).toFieldsV1()).toEqual({
      "f:apiVersion": {},
      "f:kind": {},
      "f:metadata": { "f:labels": { "f:app": {} }, "f:name": {}, "f:namespace": {} },
      "f:spec": {
        "f:replicas": {},
        "f:selector": {},
        "f:template": {
          "f:metadata": { "f:labels": { "f:app": {} } },
          "f:spec": {
            "f:containers": {
              'k:{"name":"nginx"}': {
                ".": {},
                "f:image": {},
                "f:name": {},
                "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
              },
            },
          },
        },
      },
    });
  });
});

describe("server-side apply", () => {
  test("creates with one Apply entry", () => {
    const { object, conflicts } = apply(undefined, config());
    expect(conflicts).toEqual([]);
    expect((object.spec as any).replicas).toBe(2);
    expect(object.metadata.managedFields).toHaveLength(1);
    const e = object.metadata.managedFields![0]!;
    expect(e).toMatchObject({ manager: "kubectl", operation: "Apply", apiVersion: "apps/v1", time: NOW, fieldsType: "FieldsV1" });
    expect((e.fieldsV1 as any)["f:metadata"]).toEqual({ "f:labels": { "f:app": {} } });
    expect((e.fieldsV1 as any)["f:apiVersion"]).toBeUndefined();
  });

  test("re-applying without a field removes it", () => {
    const first = apply(undefined, config(2, { tier: "fe" })).object;
    const second = apply(first, config(2)).object;
    expect(second.metadata.labels).toEqual({ app: "web" });
  });

  test("fields another manager owns survive when the applier drops them", () => {
    const a = apply(undefined, config(2, { tier: "fe" }), "a").object;
    const b = apply(a, config(2, { tier: "fe" }), "b").object;
    const again = apply(b, config(2), "a").object;
    expect(again.metadata.labels).toEqual({ app: "web", tier: "fe" });
  });

  test("conflict after kubectl scale, exact upstream message; force takes over", () => {
    const created = apply(undefined, config(2), "kubectl-client-side-apply-ssa").object;
    const scaled = structuredClone(created) as any;
    scaled.spec.replicas = 5;
    scaled.metadata.managedFields = updateManagedFields(created, scaled, { manager: "kubectl", operation: "Update", apiVersion: "apps/v1", schema, now: LATER, subresource: "scale" });
    const scaleEntry = scaled.metadata.managedFields.find((e: any) => e.manager === "kubectl");
    expect(scaleEntry).toEqual({ manager: "kubectl", operation: "Update", apiVersion: "apps/v1", time: LATER, fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } }, subresource: "scale" });

    const { conflicts } = apply(scaled, config(3), "kubectl-client-side-apply-ssa");
    expect(applyConflictMessage(conflicts)).toBe('Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas');
    expect(applyConflictCauses(conflicts)).toEqual([{ reason: "FieldManagerConflict", message: 'conflict with "kubectl" using apps/v1', field: ".spec.replicas" }]);

    const forced = apply(scaled, config(3), "kubectl-client-side-apply-ssa", true);
    expect(forced.conflicts).toEqual([]);
    expect((forced.object.spec as any).replicas).toBe(3);
    expect(forced.object.metadata.managedFields!.some((e) => e.manager === "kubectl")).toBe(false);
  });

  test("same value is shared ownership, not a conflict", () => {
    const a = apply(undefined, config(2), "a").object;
    const b = apply(a, config(2), "b");
    expect(b.conflicts).toEqual([]);
    expect(b.object.metadata.managedFields!.map((e) => e.manager)).toEqual(["a", "b"]);
  });

  test("several conflicts are grouped by manager", () => {
    const a = apply(undefined, config(2, { tier: "fe" }), "a").object;
    const changed = config(4, { tier: "be" });
    const { conflicts } = apply(a, changed, "b");
    expect(conflicts.map((c) => c.field).sort()).toEqual([".metadata.labels.tier", ".spec.replicas"]);
    expect(applyConflictMessage(conflicts)).toBe('Apply failed with 2 conflicts: conflicts with "a":\n- .metadata.labels.tier\n- .spec.replicas');
  });

  test("containers added by another manager are kept; list merge keeps order", () => {
    const a = apply(undefined, config(), "a").object as any;
    const edited = structuredClone(a);
    edited.spec.template.spec.containers.push({ name: "sidecar", image: "busybox" });
    edited.metadata.managedFields = updateManagedFields(a, edited, { manager: "editor", operation: "Update", apiVersion: "apps/v1", schema, now: LATER });
    const re = config();
    (re.spec as any).template.spec.containers[0].image = "nginx:1.28";
    const out = apply(edited, re, "a").object as any;
    expect(out.spec.template.spec.containers.map((c: any) => [c.name, c.image])).toEqual([
      ["nginx", "nginx:1.28"],
      ["sidecar", "busybox"],
    ]);
  });

  test("an applier removing its container removes it", () => {
    const two = config() as any;
    two.spec.template.spec.containers.push({ name: "side", image: "busybox" });
    const created = apply(undefined, two).object;
    const out = apply(created, config()).object as any;
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(["nginx"]);
  });

  test("client-side apply to server-side apply: kubectl takes over unchanged last-applied fields", () => {
    const csa = structuredClone(config(2)) as any;
    csa.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: JSON.stringify(config(2)) };
    csa.metadata.managedFields = updateManagedFields(undefined, csa, { manager: "kubectl-client-side-apply", operation: "Update", apiVersion: "apps/v1", schema, now: NOW });
    const { object, conflicts } = apply(csa, config(3), "kubectl");
    expect(conflicts).toEqual([]);
    expect((object.spec as any).replicas).toBe(3);
    expect(JSON.parse(object.metadata.annotations![LAST_APPLIED_ANNOTATION]!).spec.replicas).toBe(3);
    // A different manager gets the conflict.
    expect(apply(csa, config(3), "helm").conflicts.map((c) => c.field)).toEqual([".spec.replicas"]);
  });

  test("request errors", () => {
    expect(() => apply(undefined, { ...config(), apiVersion: "v1" })).toThrow(
      new ApplyError("Incorrect version specified in apply patch. Specified patch version: v1, expected: apps/v1", 400),
    );
    const withMF = config();
    withMF.metadata.managedFields = [];
    expect(() => apply(undefined, withMF)).toThrow(new ApplyError("metadata.managedFields must be nil", 400));
  });
});

describe("updateManagedFields", () => {
  test("create records the writer's fields like upstream (defaults included, no '.' on always-present structs)", () => {
    const created = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default", annotations: { a: "b" } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx", ports: [{ containerPort: 80, protocol: "TCP" }] }], restartPolicy: "Always" } },
      },
      status: {},
    } as KubeObject;
    const mf = updateManagedFields(undefined, created, { manager: "kubectl-client-side-apply", operation: "Update", apiVersion: "apps/v1", schema, now: NOW });
    expect(mf).toHaveLength(1);
    expect(mf[0]!.fieldsV1).toEqual({
      "f:metadata": { "f:annotations": { ".": {}, "f:a": {} } },
      "f:spec": {
        "f:replicas": {},
        "f:selector": {},
        "f:strategy": { "f:rollingUpdate": { ".": {}, "f:maxSurge": {}, "f:maxUnavailable": {} }, "f:type": {} },
        "f:template": {
          "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
          "f:spec": {
            "f:containers": {
              'k:{"name":"nginx"}': {
                ".": {},
                "f:image": {},
                "f:name": {},
                "f:ports": { ".": {}, 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {}, "f:protocol": {} } },
              },
            },
            "f:restartPolicy": {},
          },
        },
      },
    });
  });

  test("no change, no entry; removed fields leave every entry", () => {
    const a = apply(undefined, config(2, { tier: "fe" }), "a").object;
    expect(updateManagedFields(a, structuredClone(a), { manager: "x", operation: "Update", apiVersion: "apps/v1", schema, now: LATER })).toEqual(a.metadata.managedFields!);
    const removed = structuredClone(a);
    delete removed.metadata.labels!["tier"];
    const mf = updateManagedFields(a, removed, { manager: "x", operation: "Update", apiVersion: "apps/v1", schema, now: LATER });
    expect(JSON.stringify(mf)).not.toContain("f:tier");
    expect(mf.map((e) => e.manager)).toEqual(["a"]);
  });

  test("status is not tracked on the main resource, only on /status", () => {
    const a = apply(undefined, config(), "a").object;
    const withStatus = structuredClone(a) as any;
    withStatus.status = { replicas: 2 };
    expect(updateManagedFields(a, withStatus, { manager: "ctl", operation: "Update", apiVersion: "apps/v1", schema, now: LATER }).map((e) => e.manager)).toEqual(["a"]);
    const viaStatus = updateManagedFields(a, withStatus, { manager: "ctl", operation: "Update", apiVersion: "apps/v1", schema, now: LATER, subresource: "status" });
    expect(viaStatus.find((e) => e.manager === "ctl")).toMatchObject({ subresource: "status", fieldsV1: { "f:status": { ".": {}, "f:replicas": {} } } });
  });

  test("an explicit empty list resets managed fields", () => {
    const a = apply(undefined, config(), "a").object;
    const reset = structuredClone(a);
    reset.metadata.managedFields = [];
    expect(updateManagedFields(a, reset, { manager: "x", operation: "Update", apiVersion: "apps/v1", schema, now: LATER })).toEqual([]);
  });
});
