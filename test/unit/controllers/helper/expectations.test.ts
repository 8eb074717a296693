import { describe, expect, test } from "bun:test";
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS, UIDTrackingExpectations } from "../../../../src/controllers/helper/expectations.ts";

describe("ControllerExpectations", () => {
  test("no record is satisfied; pending creations are not until observed", () => {
    let now = 1000;
    const e = new ControllerExpectations(() => now);
    expect(e.satisfied("ns/a")).toBe(true);
    e.expectCreations("ns/a", 2);
    expect(e.satisfied("ns/a")).toBe(false);
    e.creationObserved("ns/a");
    expect(e.satisfied("ns/a")).toBe(false);
    e.creationObserved("ns/a");
    expect(e.satisfied("ns/a")).toBe(true);
    expect(e.get("ns/a")).toEqual({ add: 0, del: 0 });
  });

  test("an unfulfilled record expires after the timeout", () => {
    let now = 0;
    const e = new ControllerExpectations(() => now);
    e.expectDeletions("k", 3);
    now = EXPECTATIONS_TIMEOUT_MS;
    expect(e.satisfied("k")).toBe(false);
    now = EXPECTATIONS_TIMEOUT_MS + 1;
    expect(e.satisfied("k")).toBe(true);
  });

  test("raise and lower adjust an existing record only", () => {
    const e = new ControllerExpectations();
    e.raise("x", 1, 1);
    expect(e.get("x")).toBeUndefined();
    e.setExpectations("x", 1, 0);
    e.raise("x", 2, 1);
    expect(e.get("x")).toEqual({ add: 3, del: 1 });
    e.lower("x", 3, 1);
    expect(e.satisfied("x")).toBe(true);
    e.delete("x");
    expect(e.get("x")).toBeUndefined();
  });
});

describe("UIDTrackingExpectations", () => {
  test("each expected deletion counts once however often it is observed", () => {
    const e = new UIDTrackingExpectations();
    e.expectDeletionsOf("rs", ["ns/p1", "ns/p2"]);
    expect(e.get("rs")).toEqual({ add: 0, del: 2 });
    e.deletionObserved("rs", "ns/p1");
    e.deletionObserved("rs", "ns/p1");
    e.deletionObserved("rs", "ns/other");
    expect(e.get("rs")).toEqual({ add: 0, del: 1 });
    expect([...e.pendingDeletions("rs")]).toEqual(["ns/p2"]);
    e.deletionObserved("rs", "ns/p2");
    expect(e.satisfied("rs")).toBe(true);
    e.delete("rs");
    expect(e.pendingDeletions("rs").size).toBe(0);
  });
});
