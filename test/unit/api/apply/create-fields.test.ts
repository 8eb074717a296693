import { describe, expect, test } from "bun:test";
import { updateManagedFields } from "../../../../src/api/apply/index.ts";
import { keyElement, singleKeyElement } from "../../../../src/api/apply/path.ts";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import { objectJson } from "../../../../src/api/meta/object-json.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceForKind } from "../../../../src/api/resources.ts";
import { fieldSchemaFor } from "../../../../src/api/schema/field-schema.ts";
import { makePod } from "../../storage/fixtures/pod.ts";

/**
 * The create fast path of updateManagedFields (no old object, no managedFields given)
 * against the general path, which a `[{}]` managedFields (upstream: start empty) forces.
 */

const NOW = new Date("2026-01-01T00:00:00Z");

function both(o: KubeObject) {
  const schema = fieldSchemaFor(o.apiVersion ?? "", o.kind ?? "");
  const opts = { manager: "kubectl-create", operation: "Update" as const, apiVersion: o.apiVersion ?? "v1", schema, now: NOW };
  const fast = updateManagedFields(undefined, o, opts);
  const general = updateManagedFields(undefined, { ...o, metadata: { ...o.metadata, managedFields: [{}] } } as KubeObject, opts);
  return { fast, general };
}

const pod = () => makePod(3, "ns") as unknown as KubeObject;
const defaulted = (o: KubeObject) => {
  const ri = resourceForKind(o.apiVersion!, o.kind!)!;
  applyDefaults(ri, o);
  return o;
};
const deployment = (): KubeObject => {
  const p = makePod(4) as { spec: Record<string, unknown> };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels: { app: "web" } },
    spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, strategy: {}, template: { metadata: { labels: { app: "web" } }, spec: p.spec } },
  } as unknown as KubeObject;
};

const cases: [string, () => KubeObject][] = [
  ["pod as posted", pod],
  ["pod defaulted", () => defaulted(pod())],
  ["deployment defaulted", () => defaulted(deployment())],
  ["deployment as posted", deployment],
  ["cronjob defaulted", () => defaulted({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c", namespace: "d" }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "a", image: "b" }] } } } } } } as unknown as KubeObject)],
  ["metadata null", () => ({ apiVersion: "v1", kind: "ConfigMap", metadata: null, data: { a: "b" } }) as unknown as KubeObject],
  ["empty spec and containers", () => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [], volumes: null } }) as unknown as KubeObject],
  ["nothing but system fields", () => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", uid: "u", namespace: "n" } }) as unknown as KubeObject],
  ["undefined and null values", () => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { a: undefined, b: null } }, spec: { containers: [{ name: "a", image: undefined, env: null, resources: {} }], nodeSelector: {} } }) as unknown as KubeObject],
  ["duplicate list keys", () => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "a", image: "x" }, { name: "a", args: ["y"] }, { name: "b" }], tolerations: [{ key: "k" }, { key: "k" }] } }) as unknown as KubeObject],
  ["wrong shapes", () => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: [1] }, spec: { containers: { a: 1 }, volumes: "x", nodeSelector: [] }, status: { phase: "x" } }) as unknown as KubeObject],
  ["unknown kind", () => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", uid: "u", labels: { a: "b" } }, spec: { a: [1, 2], b: { c: {} } }, status: { x: 1 } }) as unknown as KubeObject],
  ["unknown fields", () => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", extra: { a: 1 } }, spec: { containers: [{ name: "a", bogus: { b: [1] } }] }, extra: 2 }) as unknown as KubeObject],
  ["set lists and ports", () => ({ apiVersion: "v1", kind: "Service", metadata: { name: "s", finalizers: ["b", "a", "b"] }, spec: { ports: [{ port: 80, protocol: "UDP" }, { port: 80 }, { port: 443, protocol: "TCP" }], externalIPs: ["1.2.3.4"] } }) as unknown as KubeObject],
];

describe("updateManagedFields on create: fast path equals the general path", () => {
  for (const [name, make] of cases) {
    test(name, () => {
      const { fast, general } = both(make());
      expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
    });
  }

  test("the pod records its fields under the manager, status and system fields excluded", () => {
    const { fast } = both(defaulted(pod()));
    expect(fast).toHaveLength(1);
    const e = fast[0]!;
    expect(e.manager).toBe("kubectl-create");
    expect(e.time).toBe("2026-01-01T00:00:00Z");
    const f = e.fieldsV1 as Record<string, Record<string, unknown>>;
    expect(Object.keys(f)).toEqual(["f:metadata", "f:spec"]);
    expect(Object.keys(f["f:metadata"]!)).toEqual(["f:annotations", "f:generateName", "f:labels", "f:ownerReferences"]);
    expect(Object.keys(f["f:spec"]!["f:containers"] as object)).toEqual(['k:{"name":"web"}']);
  });

  test("objects made alike share one frozen set, whose remembered JSON objectJson writes", () => {
    const a = both(defaulted(pod())).fast[0]!;
    const other = defaulted(pod());
    other.metadata.name = "another-name";
    other.metadata.labels = { ...other.metadata.labels };
    const b = both(other).fast[0]!;
    expect(b.fieldsV1).toBe(a.fieldsV1);
    const frozenAll = (v: unknown): boolean => typeof v !== "object" || v === null || (Object.isFrozen(v) && Object.values(v).every(frozenAll));
    expect(frozenAll(a.fieldsV1)).toBe(true);
    // a different set of fields is a different set
    const more = defaulted(pod());
    more.metadata.labels = { ...more.metadata.labels, extra: "x" };
    const c = both(more).fast[0]!;
    expect(c.fieldsV1).not.toBe(a.fieldsV1);
    expect(Object.keys((c.fieldsV1 as Record<string, Record<string, Record<string, unknown>>>)["f:metadata"]!["f:labels"]!)).toContain("f:extra");
    const obj = { ...other, metadata: { ...other.metadata, managedFields: [b, c] } };
    expect(objectJson(obj)).toBe(JSON.stringify(obj));
  });

  test("objects alike but for the order of their keys share the set, in sorted order", () => {
    /** The same object with every map's keys (and every list's items) in reverse order. */
    const reversed = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(reversed).reverse();
      if (typeof v !== "object" || v === null) return v;
      return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
    };
    const base = defaulted(pod());
    base.spec = { ...base.spec, containers: [...(base.spec as { containers: object[] }).containers, { name: "aside", image: "x" }] };
    const a = both(base).fast[0]!;
    const flipped = reversed(base) as KubeObject;
    const { fast, general } = both(flipped);
    expect(fast[0]!.fieldsV1).toBe(a.fieldsV1);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
    expect(Object.keys(a.fieldsV1 as object)).toEqual(["f:metadata", "f:spec"]);
    const containers = Object.keys((a.fieldsV1 as Record<string, Record<string, object>>)["f:spec"]!["f:containers"]!);
    expect(containers).toEqual(['k:{"name":"aside"}', 'k:{"name":"web"}']);
  });

  test("a list item without its key gives the general path's error", () => {
    const bad = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { volumes: [{ name: "v" }], containers: [{ image: "x" }] } } as unknown as KubeObject;
    const schema = fieldSchemaFor("v1", "Pod");
    expect(() => updateManagedFields(undefined, bad, { manager: "m", operation: "Update", apiVersion: "v1", schema, now: NOW })).toThrow(/omits key field "name"/);
  });
});

test.each([["name", "web"], ["name", 'a"b\\c\u2028é'], ["port", 8080], ["port", -1.5], ["flag", true], ["x", null], ["o", { a: 1 }]] as const)(
  "singleKeyElement(%p, %p) equals keyElement",
  (name, value) => {
    expect(singleKeyElement(name, value)).toBe(keyElement({ [name]: value }));
  },
);
