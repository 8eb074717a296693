import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { validateObject } from "../../../../src/api/validation/index.ts";

/** SetDefaults_HorizontalPodAutoscaler and SetDefaults_HorizontalPodAutoscalerBehavior (pkg/apis/autoscaling/v2/defaults.go, 1.34). */

const HPA = resourceFor("autoscaling", "v2", "horizontalpodautoscalers")!;

const run = (spec: Record<string, unknown>, old?: KubeObject) => {
  const o = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web", namespace: "d" }, spec };
  applyDefaults(HPA, o as unknown as KubeObject, old);
  return o as any;
};
const target = { apiVersion: "apps/v1", kind: "Deployment", name: "web" };

const SCALE_UP = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};
const SCALE_DOWN = { selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] };

describe("horizontalpodautoscaler defaults", () => {
  test("minReplicas 1 and an 80% cpu utilization metric; no behavior is added; the result is valid", () => {
    const hpa = run({ scaleTargetRef: target, maxReplicas: 5 });
    expect(hpa.spec).toEqual({
      scaleTargetRef: target,
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
    });
    expect(hpa.spec.behavior).toBeUndefined();
    expect(validateObject(HPA, hpa)).toEqual([]);
  });

  test("null minReplicas and an empty metrics list are defaulted too", () => {
    const hpa = run({ scaleTargetRef: target, maxReplicas: 5, minReplicas: null, metrics: [] });
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.metrics).toHaveLength(1);
  });

  test("given minReplicas and metrics are kept", () => {
    const metrics = [{ type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "1Gi" } } }];
    const hpa = run({ scaleTargetRef: target, minReplicas: 3, maxReplicas: 5, metrics });
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.metrics).toEqual(metrics);
  });

  test("an empty behavior gets both directions' rules; scale down has no stabilization window", () => {
    const hpa = run({ scaleTargetRef: target, maxReplicas: 5, behavior: {} });
    expect(hpa.spec.behavior).toEqual({ scaleUp: SCALE_UP, scaleDown: SCALE_DOWN });
    expect("stabilizationWindowSeconds" in hpa.spec.behavior.scaleDown).toBe(false);
    expect(validateObject(HPA, hpa)).toEqual([]);
  });

  test("a partial rule set keeps what it sets and fills the rest", () => {
    const hpa = run({
      scaleTargetRef: target,
      maxReplicas: 5,
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 }, scaleUp: { selectPolicy: "Disabled", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } },
    });
    expect(hpa.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: SCALE_DOWN.policies });
    expect(hpa.spec.behavior.scaleUp).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: "Disabled", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] });
    // the defaults are fresh objects, not shared between autoscalers
    const other = run({ scaleTargetRef: target, maxReplicas: 5, behavior: {} });
    other.spec.behavior.scaleUp.policies[0].value = 99;
    expect(run({ scaleTargetRef: target, maxReplicas: 5, behavior: {} }).spec.behavior.scaleUp.policies[0].value).toBe(4);
  });

  test("an empty policies list is kept (Go's non-nil slice), and validation refuses it", () => {
    const hpa = run({ scaleTargetRef: target, maxReplicas: 5, behavior: { scaleUp: { policies: [] } } });
    expect(hpa.spec.behavior.scaleUp.policies).toEqual([]);
    expect(validateObject(HPA, hpa).map((e) => `${e.field}: ${e.message}`)).toEqual(["spec.behavior.scaleUp.policies: must specify at least one Policy"]);
  });

  test("a tolerance is carried through the defaults", () => {
    const hpa = run({ scaleTargetRef: target, maxReplicas: 5, behavior: { scaleUp: { tolerance: "0.05" } } });
    expect(hpa.spec.behavior.scaleUp.tolerance).toBe("0.05");
    expect(hpa.spec.behavior.scaleDown.tolerance).toBeUndefined();
  });

  test("defaults run on updates too", () => {
    const old = run({ scaleTargetRef: target, maxReplicas: 5 });
    expect(run({ scaleTargetRef: target, maxReplicas: 6 }, old).spec.minReplicas).toBe(1);
  });
});
