import { describe, expect, test } from "bun:test";
import { carryOverOnUpdate, deepEqual, sameContent, specChanged, statusUpdate } from "../../../../src/apiserver/registry/object-meta.ts";
import type { KubeObject } from "../../../../src/api/meta/index.ts";

const base = (): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "d", uid: "u1", creationTimestamp: "2024-01-01T00:00:00Z", generation: 3, resourceVersion: "5" },
  spec: { replicas: 1 },
  status: { replicas: 1 },
});

describe("object metadata bookkeeping", () => {
  test("deepEqual ignores key order and undefined members", () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: {} }, { a: null })).toBe(false);
  });

  test("a key only one side has differs, also one named like an Object.prototype member", () => {
    // JSON.parse makes "__proto__" an own member, as the API decodes bodies
    const obj = (spec: string): KubeObject => JSON.parse(`{"apiVersion":"x.io/v1","kind":"K","metadata":{"name":"n","resourceVersion":"1"},"spec":${spec}}`);
    for (const k of ["__proto__", "constructor", "toString"]) {
      expect(deepEqual(JSON.parse(`{"${k}":{}}`), { y: {} })).toBe(false);
      expect(deepEqual({ y: {} }, JSON.parse(`{"${k}":{}}`))).toBe(false);
      expect(sameContent(obj(`{"${k}":{}}`), obj(`{"y":{}}`))).toBe(false);
      expect(specChanged(obj(`{"${k}":{}}`), obj(`{"y":{}}`))).toBe(true);
      expect(sameContent(obj(`{"${k}":{}}`), obj(`{"${k}":{}}`))).toBe(true);
    }
    expect(specChanged(JSON.parse(`{"metadata":{},"__proto__":{}}`), JSON.parse(`{"metadata":{}}`))).toBe(true);
  });

  test("only changes outside metadata and status change the spec", () => {
    const a = base();
    expect(specChanged(a, { ...a, metadata: { ...a.metadata, labels: { x: "y" } }, status: {} })).toBe(false);
    expect(specChanged(a, { ...a, spec: { replicas: 2 } })).toBe(true);
    expect(specChanged(a, { ...a, data: { k: "v" } })).toBe(true);
  });

  test("updates keep identity and bump generation on spec changes only", () => {
    const old = base();
    const sameSpec: KubeObject = { ...base(), metadata: { name: "d", labels: { a: "b" } } };
    carryOverOnUpdate(sameSpec, old, true);
    expect(sameSpec.metadata).toMatchObject({ uid: "u1", creationTimestamp: "2024-01-01T00:00:00Z", generation: 3 });
    const newSpec: KubeObject = { ...base(), metadata: { name: "d" }, spec: { replicas: 9 } };
    carryOverOnUpdate(newSpec, old, true);
    expect(newSpec.metadata.generation).toBe(4);
    const untracked: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "b" } };
    carryOverOnUpdate(untracked, { ...untracked, data: {}, metadata: { name: "c", uid: "u", creationTimestamp: "t" } }, false);
    expect(untracked.metadata.generation).toBeUndefined();
  });

  test("no-op detection ignores resourceVersion and, unless asked, managedFields", () => {
    const a = base();
    const b = { ...base(), metadata: { ...base().metadata, resourceVersion: "9", managedFields: [{ manager: "m", time: "t1" }] } };
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, b, true)).toBe(false);
    const c = { ...b, metadata: { ...b.metadata, managedFields: [{ manager: "m", time: "t2" }] } };
    expect(sameContent(b, c, true)).toBe(true);
  });

  test("status updates take only status from the body", () => {
    const old = base();
    const out = statusUpdate({ ...base(), spec: { replicas: 50 }, metadata: { name: "d", labels: { no: "pe" } }, status: { replicas: 7 } }, old);
    expect(out.spec).toEqual({ replicas: 1 });
    expect(out.status).toEqual({ replicas: 7 });
    expect(out.metadata.labels).toBeUndefined();
  });
});
