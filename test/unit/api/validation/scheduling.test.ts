/**
 * scheduling.k8s.io/v1 PriorityClass validation against upstream's messages and field paths
 * (pkg/apis/scheduling/validation, Kubernetes 1.34), through validateObject as the apiserver
 * calls it, after the defaults (SetDefaults_PriorityClass).
 */
import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, validateObject } from "../../../../src/api/validation/index.ts";
import { SYSTEM_PRIORITY_CLASSES, systemPriorityClassError } from "../../../../src/api/validation/scheduling.ts";

const PC = resourceFor("scheduling.k8s.io", "v1", "priorityclasses")!;

const priorityClass = (name: string, value: number | undefined, fields: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, ...(value === undefined ? {} : { value }), ...fields }) as KubeObject;

const defaulted = (o: KubeObject, old?: KubeObject) => {
  applyDefaults(PC, o, old);
  return o;
};
const errs = (o: KubeObject, old?: KubeObject) => validateObject(PC, defaulted(o, old), old).map(errorString);
const RESERVED = "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: ";

describe("defaults", () => {
  test("preemptionPolicy PreemptLowerPriority; value 0 when left out", () => {
    expect(defaulted(priorityClass("p", undefined))).toMatchObject({ value: 0, preemptionPolicy: "PreemptLowerPriority" });
    expect(defaulted(priorityClass("p", 5, { preemptionPolicy: "Never" }))).toMatchObject({ value: 5, preemptionPolicy: "Never" });
  });
});

describe("validatePriorityClass", () => {
  test("user classes up to 1000000000, negative ones too", () => {
    expect(errs(priorityClass("high", 1_000_000_000))).toEqual([]);
    expect(errs(priorityClass("low", -2_147_483_648))).toEqual([]);
    expect(errs(priorityClass("too-high", 1_000_000_001))).toEqual(["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"]);
  });

  test("the built-in classes with their exact values (and not the global default)", () => {
    for (const c of SYSTEM_PRIORITY_CLASSES) expect(errs(priorityClass(c.name, c.value))).toEqual([]);
    expect(errs(priorityClass("system-cluster-critical", 2_000_000_001))).toEqual([`${RESERVED}value of system-cluster-critical PriorityClass must be 2000000000`]);
    expect(errs(priorityClass("system-node-critical", 2_000_001_000, { globalDefault: true }))).toEqual([`${RESERVED}globalDefault of system-node-critical PriorityClass must be false`]);
  });

  test("other system- names are reserved, whatever the value (the user cap does not apply on top)", () => {
    expect(errs(priorityClass("system-mine", 5))).toEqual([`${RESERVED}system-mine is not a known system priority class`]);
    expect(errs(priorityClass("system-huge", 2_000_000_000))).toEqual([`${RESERVED}system-huge is not a known system priority class`]);
    expect(systemPriorityClassError("system-node-critical", 2_000_001_000, false)).toBeUndefined();
  });

  test("preemptionPolicy: PreemptLowerPriority or Never; empty is required", () => {
    expect(errs(priorityClass("p", 1, { preemptionPolicy: "Never" }))).toEqual([]);
    expect(errs(priorityClass("p", 1, { preemptionPolicy: "Always" }))).toEqual(['preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"']);
    expect(errs(priorityClass("p", 1, { preemptionPolicy: "" }))).toEqual(["preemptionPolicy: Required value"]);
  });

  test("the name is a DNS subdomain", () => {
    expect(validateObject(PC, defaulted(priorityClass("High_Priority", 1))).map((e) => e.field)).toEqual(["metadata.name"]);
  });
});

describe("validatePriorityClassUpdate", () => {
  const stored = () => defaulted(priorityClass("p", 100, { metadata: { name: "p", uid: "u", resourceVersion: "3", creationTimestamp: "2025-01-01T00:00:00Z", generation: 1 } }));
  const next = (change: Record<string, unknown>) => ({ ...structuredClone(stored()), ...change }) as KubeObject;

  test("description and globalDefault may change", () => {
    expect(errs(next({ description: "now described", globalDefault: true }), stored())).toEqual([]);
  });

  test("value and preemptionPolicy are immutable", () => {
    expect(errs(next({ value: 101, preemptionPolicy: "Never" }), stored())).toEqual([
      "value: Forbidden: may not be changed in an update.",
      'preemptionPolicy: Invalid value: "Never": field is immutable',
    ]);
  });

  test("the create rules do not run again (upstream's update validation leaves them out)", () => {
    const old = defaulted(priorityClass("legacy", 2_000_000_000));
    expect(errs({ ...structuredClone(old), description: "x" } as KubeObject, old)).toEqual([]);
  });
});
