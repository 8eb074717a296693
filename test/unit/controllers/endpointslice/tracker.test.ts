import { describe, expect, test } from "bun:test";
import type { EndpointSlice } from "../../../../src/api/types/index.ts";
import { EndpointSliceTracker } from "../../../../src/controllers/endpointslice/tracker.ts";

const slice = (uid: string, rv: number): EndpointSlice => ({ apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: `s-${uid}`, namespace: "ns", uid, resourceVersion: String(rv) }, addressType: "IPv4", endpoints: [] });

describe("EndpointSliceTracker", () => {
  test("a created slice is stale until the cache shows it at that version", () => {
    const t = new EndpointSliceTracker();
    expect(t.stale("ns/svc", [])).toBe(false);
    t.written("ns/svc", slice("a", 10));
    expect(t.stale("ns/svc", [])).toBe(true);
    expect(t.stale("ns/svc", [slice("a", 9)])).toBe(true);
    expect(t.stale("ns/svc", [slice("a", 10)])).toBe(false);
    expect(t.stale("ns/svc", [slice("a", 12)])).toBe(false);
    expect(t.stale("ns/other", [])).toBe(false);
  });

  test("a deleted slice is stale while the cache still has it; seeing it gone ends the wait", () => {
    const t = new EndpointSliceTracker();
    t.written("ns/svc", slice("a", 10));
    t.deleted("ns/svc", slice("a", 10));
    expect(t.stale("ns/svc", [slice("a", 10)])).toBe(true);
    expect(t.stale("ns/svc", [])).toBe(false);
    // and it stays resolved
    expect(t.stale("ns/svc", [])).toBe(false);
  });

  test("a slice removed by someone else, or a forgotten service, is not waited for", () => {
    const t = new EndpointSliceTracker();
    t.written("ns/svc", slice("a", 10));
    t.gone("ns/svc", slice("a", 10));
    expect(t.stale("ns/svc", [])).toBe(false);
    t.written("ns/svc", slice("b", 11));
    t.forget("ns/svc");
    expect(t.stale("ns/svc", [])).toBe(false);
  });
});
