import { describe, expect, test } from "bun:test";
import { storageOf } from "../../../../src/apiserver/registry/conversion/index.ts";
import { resourcePrefix } from "../../../../src/apiserver/registry/keys.ts";

describe("storage aliases", () => {
  test("events.k8s.io events live under the core events prefix", () => {
    expect(resourcePrefix({ group: "events.k8s.io", plural: "events" })).toBe("/registry/core/events/");
    expect(resourcePrefix({ group: "apps", plural: "deployments" })).toBe("/registry/apps/deployments/");
    expect(resourcePrefix({ group: "", plural: "pods" })).toBe("/registry/core/pods/");
  });

  test("events convert both ways without loss", () => {
    const { codec } = storageOf({ group: "events.k8s.io", plural: "events" });
    const served = {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "e", namespace: "ns" },
      regarding: { kind: "Pod", name: "p" },
      note: "n",
      reportingController: "c",
      reportingInstance: "i",
      deprecatedCount: 3,
      deprecatedSource: { component: "x" },
      deprecatedFirstTimestamp: "2026-01-01T00:00:00Z",
      deprecatedLastTimestamp: "2026-01-01T00:00:01Z",
      reason: "R",
      type: "Normal",
    };
    const stored = codec.toStored(served);
    expect(stored).toEqual({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e", namespace: "ns" },
      involvedObject: { kind: "Pod", name: "p" },
      message: "n",
      reportingComponent: "c",
      reportingInstance: "i",
      count: 3,
      source: { component: "x" },
      firstTimestamp: "2026-01-01T00:00:00Z",
      lastTimestamp: "2026-01-01T00:00:01Z",
      reason: "R",
      type: "Normal",
    });
    expect(codec.fromStored(stored)).toEqual(served);
  });

  test("other resources store as served", () => {
    const { codec, group, plural } = storageOf({ group: "", plural: "pods" });
    expect([group, plural]).toEqual(["", "pods"]);
    const o = { apiVersion: "v1", kind: "Pod", metadata: {} };
    expect(codec.toStored(o)).toBe(o);
  });
});
