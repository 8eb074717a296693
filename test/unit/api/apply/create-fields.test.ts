import { describe, expect, test } from "bun:test";
import { updateManagedFields } from "../../../../src/api/apply/index.ts";
import { createFieldsV1 } from "../../../../src/api/apply/create-fields.ts";
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
    const spec = base.spec as { containers: object[] };
    base.spec = { ...spec, containers: [...spec.containers, { name: "aside", image: "x" }] };
    const a = both(base).fast[0]!;
    const flipped = reversed(base) as KubeObject;
    const { fast, general } = both(flipped);
    expect(fast[0]!.fieldsV1).toBe(a.fieldsV1);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
    expect(Object.keys(a.fieldsV1 as object)).toEqual(["f:metadata", "f:spec"]);
    const containers = Object.keys((a.fieldsV1 as Record<string, Record<string, object>>)["f:spec"]!["f:containers"]!);
    expect(containers).toEqual(['k:{"name":"aside"}', 'k:{"name":"web"}']);
  });

  test("many objects alike in some ways and not in others each get their own set (memo keys never collide)", () => {
    // a seeded generator, so a failure reproduces
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const pick = <T,>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const variant = (): KubeObject => {
      const o = rand(2) ? defaulted(pod()) : pod();
      const meta = o.metadata as Record<string, unknown>;
      if (rand(3) === 0) meta.labels = { ...(meta.labels as object), [pick(["a", "b", "c"])]: pick(["x", "1"]) };
      if (rand(4) === 0) delete meta.annotations;
      if (rand(4) === 0) meta.finalizers = rand(2) ? ["a/b", "c/d"] : ["c/d", "c/d"];
      const spec = o.spec as Record<string, unknown>;
      const containers = (spec.containers as Record<string, unknown>[]).map((c) => ({ ...c }));
      if (rand(3) === 0) containers.push({ name: pick(["web", "side", "80"]), image: "x", ...(rand(2) ? { args: ["a"] } : {}) });
      const c0 = containers[0]!;
      if (rand(3) === 0) c0.ports = rand(2) ? [{ containerPort: 80 }, { containerPort: 80, protocol: "UDP" }] : [{ containerPort: pick([80, 81]), protocol: pick(["TCP", "UDP"]) }];
      if (rand(4) === 0) c0.env = [{ name: pick(["A", "B"]), value: "1" }, { name: "A", value: "2" }];
      if (rand(4) === 0) delete c0.resources;
      if (rand(5) === 0) c0.command = ["sh"];
      spec.containers = containers;
      if (rand(4) === 0) spec.nodeSelector = { [pick(["zone", "disk"])]: "ssd" };
      if (rand(4) === 0) spec.tolerations = [{ key: pick(["k", "j"]), operator: "Exists" }];
      if (rand(5) === 0) spec.volumes = [{ name: pick(["data", "80"]), emptyDir: rand(2) ? {} : { medium: "Memory" } }];
      if (rand(5) === 0) delete spec.restartPolicy;
      return o;
    };
    const seen = new Map<string, unknown>();
    for (let i = 0; i < 400; i++) {
      const { fast, general } = both(variant());
      const text = JSON.stringify(general[0]!.fieldsV1);
      expect(JSON.stringify(fast[0]!.fieldsV1)).toBe(text);
      // one set per distinct text, however many objects made it
      if (seen.has(text)) expect(fast[0]!.fieldsV1 as unknown).toBe(seen.get(text));
      else seen.set(text, fast[0]!.fieldsV1);
    }
    expect(seen.size).toBeGreaterThan(50);
  });

  test("sets stay right when the memo's interned names fill up and start over", () => {
    const small = both(defaulted(pod())).fast[0]!.fieldsV1;
    const schema = fieldSchemaFor("v1", "ConfigMap");
    // more distinct names than the interning keeps (50,000): it starts over during this walk
    const data = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`key-${i}`, "v"]));
    const big = createFieldsV1({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data }, schema) as Record<string, Record<string, unknown>>;
    expect(Object.keys(big["f:data"]!)).toHaveLength(60_001); // "." and each key
    const again = both(defaulted(pod()));
    expect(JSON.stringify(again.fast[0]!.fieldsV1)).toBe(JSON.stringify(again.general[0]!.fieldsV1));
    expect(JSON.stringify(again.fast[0]!.fieldsV1)).toBe(JSON.stringify(small));
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
