import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { toTable } from "../../../../src/apiserver/table/index.ts";

/** Upstream's printStorageClass and printPriorityClass: columns and cells. */

const NOW = new Date("2025-01-01T12:00:00Z");
const meta = (name: string, annotations?: Record<string, string>) => ({ name, creationTimestamp: new Date(NOW.getTime() - 3600_000).toISOString(), ...(annotations ? { annotations } : {}) });
const table = (group: string, kind: string, obj: unknown) => toTable({ group, kind }, [obj as KubeObject], { now: NOW });

describe("storageclass", () => {
  const cells = (obj: unknown) => table("storage.k8s.io", "StorageClass", obj).rows[0]!.cells;

  test("columns", () => {
    expect(table("storage.k8s.io", "StorageClass", { metadata: meta("x"), provisioner: "p" }).columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Provisioner", "string", 0],
      ["ReclaimPolicy", "string", 0],
      ["VolumeBindingMode", "string", 0],
      ["AllowVolumeExpansion", "string", 0],
      ["Age", "string", 0],
    ]);
  });

  test("unset fields print upstream's defaults; expansion is a boolean cell", () => {
    expect(cells({ metadata: meta("plain"), provisioner: "ebs.csi.aws.com" })).toEqual(["plain", "ebs.csi.aws.com", "Delete", "Immediate", false, "60m"]);
    expect(cells({ metadata: meta("set"), provisioner: "p", reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true })).toEqual([
      "set",
      "p",
      "Retain",
      "WaitForFirstConsumer",
      true,
      "60m",
    ]);
  });

  test.each([
    ["the GA annotation", { "storageclass.kubernetes.io/is-default-class": "true" }, "std (default)"],
    ["the beta annotation", { "storageclass.beta.kubernetes.io/is-default-class": "true" }, "std (default)"],
    ["only exactly true", { "storageclass.kubernetes.io/is-default-class": "True" }, "std"],
    ["false", { "storageclass.kubernetes.io/is-default-class": "false" }, "std"],
  ] as const)("default marker: %s", (_name, annotations, want) => {
    expect(cells({ metadata: meta("std", annotations), provisioner: "p" })[0]).toBe(want);
  });
});

describe("priorityclass", () => {
  test("NAME, VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY, all shown without -o wide", () => {
    const t = table("scheduling.k8s.io", "PriorityClass", { metadata: meta("high"), value: 1000, globalDefault: true, preemptionPolicy: "Never" });
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Value", "integer", 0],
      ["Global-Default", "boolean", 0],
      ["Age", "string", 0],
      ["PreemptionPolicy", "string", 0],
    ]);
    expect(t.rows[0]!.cells).toEqual(["high", 1000, true, "60m", "Never"]);
  });

  test("unset fields: value 0, not the default, no policy", () => {
    expect(table("scheduling.k8s.io", "PriorityClass", { metadata: meta("bare") }).rows[0]!.cells).toEqual(["bare", 0, false, "60m", ""]);
  });
});
