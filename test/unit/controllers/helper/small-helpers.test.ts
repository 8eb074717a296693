import { describe, expect, test } from "bun:test";
import { getCondition, removeCondition, rfc3339, setCondition } from "../../../../src/controllers/helper/conditions.ts";
import { canonicalJson, computeHash, fnv32a, jsonEqual, safeEncodeString } from "../../../../src/controllers/helper/hash.ts";
import { scaledValue } from "../../../../src/controllers/helper/int-or-percent.ts";
import { adoptPatch, claimDecision, getControllerOf, newControllerRef, releasePatch } from "../../../../src/controllers/helper/owner-refs.ts";
import { podFromTemplate, podNamePrefix } from "../../../../src/controllers/helper/pod-template.ts";
import { slowStartBatch } from "../../../../src/controllers/helper/slow-start.ts";
import { statusEqual } from "../../../../src/controllers/helper/status-equal.ts";

describe("hash", () => {
  test("FNV-1a 32 known vectors", () => {
    const enc = new TextEncoder();
    expect(fnv32a(enc.encode(""))).toBe(0x811c9dc5);
    expect(fnv32a(enc.encode("a"))).toBe(0xe40c292c);
    expect(fnv32a(enc.encode("foobar"))).toBe(0xbf9cf968);
  });
  test("safe encoding maps each character into the 27-letter alphabet", () => {
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
    expect(safeEncodeString("hello")).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
  test("canonical JSON ignores key order and undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
  });
  test("computeHash is stable, content-sensitive and perturbed by the collision count", () => {
    const t1 = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx:1" }] } };
    const t2 = { spec: { containers: [{ image: "nginx:1", name: "c" }] }, metadata: { labels: { app: "web" } } };
    const t3 = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx:2" }] } };
    expect(computeHash(t1)).toBe(computeHash(t2));
    expect(computeHash(t1)).not.toBe(computeHash(t3));
    expect(computeHash(t1, 1)).not.toBe(computeHash(t1));
    expect(computeHash(t1, 1)).not.toBe(computeHash(t1, 2));
    expect(computeHash(t1)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});

describe("conditions", () => {
  test("set keeps lastTransitionTime while the status holds and skips identical reason", () => {
    const c0: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] = [{ type: "Available", status: "True", reason: "A", lastTransitionTime: "t0" }];
    const c1 = setCondition(c0, { type: "Available", status: "True", reason: "B", lastTransitionTime: "t1" });
    expect(c1).toEqual([{ type: "Available", status: "True", reason: "B", lastTransitionTime: "t0" }]);
    const c2 = setCondition(c1, { type: "Available", status: "False", reason: "B", lastTransitionTime: "t2" });
    expect(c2[0]!.lastTransitionTime).toBe("t2");
    const c3 = setCondition(c2, { type: "Available", status: "False", reason: "B", message: "new", lastTransitionTime: "t3" });
    expect(c3[0]!.message).toBeUndefined();
    expect(getCondition(c3, "Available")?.status).toBe("False");
    expect(removeCondition(c3, "Available")).toEqual([]);
  });
  test("rfc3339 drops milliseconds", () => {
    expect(rfc3339(Date.parse("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02T03:04:05Z");
  });
});

describe("scaledValue", () => {
  const cases: { v: number | string; total: number; up: boolean; want: number }[] = [
    { v: 3, total: 10, up: true, want: 3 },
    { v: "25%", total: 10, up: true, want: 3 },
    { v: "25%", total: 10, up: false, want: 2 },
    { v: "100%", total: 7, up: false, want: 7 },
    { v: "0%", total: 7, up: true, want: 0 },
    { v: "33%", total: 1000, up: false, want: 330 },
  ];
  for (const c of cases) test(`${c.v} of ${c.total} up=${c.up}`, () => expect(scaledValue(c.v, c.total, c.up)).toBe(c.want));
  test("a non-percent string is an error", () => {
    expect(() => scaledValue("5", 10, true)).toThrow("not a percentage");
  });
});

describe("owner references", () => {
  const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "rs", namespace: "ns", uid: "u1" } };
  const mine = { metadata: { namespace: "ns", ownerReferences: [newControllerRef(owner)] } };
  const theirs = { metadata: { namespace: "ns", ownerReferences: [{ ...newControllerRef(owner), uid: "u2" }] } };
  const orphan = { metadata: { namespace: "ns" } };
  const cases: { name: string; owner?: typeof owner; obj: { metadata: Record<string, unknown> }; matches: boolean; want: string }[] = [
    { name: "owned and matching: keep", obj: mine, matches: true, want: "keep" },
    { name: "owned, no longer matching: release", obj: mine, matches: false, want: "release" },
    { name: "owned, not matching, owner deleting: ignore", owner: { ...owner, metadata: { ...owner.metadata, deletionTimestamp: "x" } } as typeof owner, obj: mine, matches: false, want: "ignore" },
    { name: "someone else's: ignore", obj: theirs, matches: true, want: "ignore" },
    { name: "orphan matching: adopt", obj: orphan, matches: true, want: "adopt" },
    { name: "orphan not matching: ignore", obj: orphan, matches: false, want: "ignore" },
    { name: "orphan being deleted: ignore", obj: { metadata: { namespace: "ns", deletionTimestamp: "x" } }, matches: true, want: "ignore" },
    { name: "orphan elsewhere: ignore", obj: { metadata: { namespace: "other" } }, matches: true, want: "ignore" },
  ];
  for (const c of cases) test(c.name, () => expect(claimDecision(c.owner ?? owner, c.obj, c.matches)).toBe(c.want as never));
  test("controller ref and patches", () => {
    expect(getControllerOf(mine)?.uid).toBe("u1");
    expect(newControllerRef(owner)).toEqual({ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u1", controller: true, blockOwnerDeletion: true });
    expect(adoptPatch(owner, "p1")).toEqual({ metadata: { ownerReferences: [newControllerRef(owner)], uid: "p1" } });
    expect(releasePatch("u1", "p1")).toEqual({ metadata: { ownerReferences: [{ $patch: "delete", uid: "u1" }], uid: "p1" } });
  });
});

describe("podFromTemplate", () => {
  test("copies labels, annotations, finalizers and spec, adds owner and generateName", () => {
    const tmpl = { metadata: { labels: { app: "a" }, annotations: { x: "y" }, finalizers: ["f"] }, spec: { containers: [{ name: "c", image: "i" }] } };
    const ref = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "u", controller: true, blockOwnerDeletion: true };
    const pod = podFromTemplate(tmpl, "web-abc", "ns", ref);
    expect(pod.metadata).toEqual({ generateName: "web-abc-", namespace: "ns", labels: { app: "a" }, annotations: { x: "y" }, finalizers: ["f"], ownerReferences: [ref] });
    expect(pod.spec).toEqual(tmpl.spec);
    expect(pod.spec).not.toBe(tmpl.spec);
  });
  test("invalid prefixes fall back to the bare name", () => {
    expect(podNamePrefix("web")).toBe("web-");
    expect(podNamePrefix("Web_X")).toBe("Web_X");
  });
});

describe("slowStartBatch", () => {
  test("runs batches 1,2,4,... and stops at the first failing batch", async () => {
    const batches: number[] = [];
    let inFlight = 0;
    let calls = 0;
    const r = await slowStartBatch(20, 1, async (i) => {
      calls++;
      inFlight++;
      await Bun.sleep(1);
      batches.push(inFlight);
      inFlight--;
      if (i === 9) throw new Error("boom");
    });
    // batches of 1, 2, 4, 8 -> the 4th (indexes 7..14) contains 9 and fails.
    expect(calls).toBe(15);
    expect(r.successes).toBe(14);
    expect((r.error as Error).message).toBe("boom");
    expect(Math.max(...batches)).toBe(8);
  });
  test("all succeed", async () => {
    const r = await slowStartBatch(5, 1, async () => {});
    expect(r).toEqual({ successes: 5 });
    expect(await slowStartBatch(0, 1, async () => {})).toEqual({ successes: 0 });
  });
});

describe("slowStartBatch in-flight cap", () => {
  test("never runs more than maxInFlight calls at once, still in batches", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const r = await slowStartBatch(40, 1, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      seen.push(i);
      await Bun.sleep(1);
      inFlight--;
    }, undefined, 3);
    expect(r).toEqual({ successes: 40 });
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
  test("stops before the next batch once the signal aborts", async () => {
    const ctl = new AbortController();
    let calls = 0;
    const r = await slowStartBatch(100, 1, async () => {
      if (++calls === 3) ctl.abort(new Error("stop"));
    }, ctl.signal);
    expect(calls).toBe(3);
    expect(r.successes).toBe(3);
    expect((r.error as Error).message).toBe("stop");
  });
});

describe("statusEqual", () => {
  test("zero values equal absent fields", () => {
    expect(statusEqual({ replicas: 0, conditions: [], used: {} }, {})).toBe(true);
    expect(statusEqual({ replicas: 1 }, {})).toBe(false);
  });
  test("a map key named __proto__ counts like any other", () => {
    // a client-written ResourceQuota status; JSON.parse makes "__proto__" an own member, as the API decodes bodies
    expect(statusEqual(JSON.parse('{"used":{"__proto__":"5"}}'), { used: {} })).toBe(false);
    expect(statusEqual(JSON.parse('{"used":{"__proto__":{"a":"1"}}}'), { used: { a: "1" } })).toBe(false);
    expect(statusEqual(JSON.parse('{"used":{"__proto__":"5"}}'), JSON.parse('{"used":{"__proto__":"5"}}'))).toBe(true);
  });
});
