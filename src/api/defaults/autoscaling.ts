import { isObj, type Obj } from "./util.ts";

/**
 * autoscaling/v2 defaults (pkg/apis/autoscaling/v2/defaults.go, Kubernetes 1.34):
 * SetDefaults_HorizontalPodAutoscaler and SetDefaults_HorizontalPodAutoscalerBehavior.
 */

/** autoscaling.DefaultCPUUtilization: the target when an autoscaler names no metric. */
export const DEFAULT_CPU_UTILIZATION = 80;

const isSet = (v: unknown) => v !== undefined && v !== null;

/** The scale-up rules when none are given: no stabilization, the larger of 4 pods or 100% per 15 seconds. */
function defaultScaleUpRules(): Obj {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ],
  };
}

/**
 * The scale-down rules when none are given: 100% per 15 seconds. The stabilization window
 * stays unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization flag
 * (300 seconds by default) applies then, so it is not written into the object.
 */
function defaultScaleDownRules(): Obj {
  return {
    selectPolicy: "Max",
    policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
  };
}

/**
 * copyHPAScalingRules: the defaults, overridden by every field the given rules set (a
 * present but empty policies list included, as Go's non-nil empty slice). Keys are written
 * in the Go struct's order, as upstream encodes them.
 */
function mergeRules(given: unknown, defaults: Obj): Obj {
  const from = isObj(given) ? given : {};
  const out: Obj = {};
  const window = isSet(from["stabilizationWindowSeconds"]) ? from["stabilizationWindowSeconds"] : defaults["stabilizationWindowSeconds"];
  if (isSet(window)) out["stabilizationWindowSeconds"] = window;
  out["selectPolicy"] = isSet(from["selectPolicy"]) ? from["selectPolicy"] : defaults["selectPolicy"];
  out["policies"] = isSet(from["policies"]) ? from["policies"] : defaults["policies"];
  if (isSet(from["tolerance"])) out["tolerance"] = from["tolerance"];
  return out;
}

/**
 * SetDefaults_HorizontalPodAutoscaler: minReplicas 1; no metrics means one Resource metric,
 * cpu at 80% average utilization; and the behavior defaults. Those apply only when
 * spec.behavior is present (SetDefaults_HorizontalPodAutoscalerBehavior): then both scaleUp
 * and scaleDown are filled in, each field the user left unset taking its default. Without a
 * behavior the object stays without one, and the controller uses the same defaults.
 */
export function defaultHorizontalPodAutoscaler(hpa: Obj): void {
  if (!isObj(hpa["spec"])) hpa["spec"] = {};
  const spec = hpa["spec"] as Obj;
  if (!isSet(spec["minReplicas"])) spec["minReplicas"] = 1;
  if (!Array.isArray(spec["metrics"]) || spec["metrics"].length === 0) {
    spec["metrics"] = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  const behavior = spec["behavior"];
  if (isObj(behavior)) {
    spec["behavior"] = {
      scaleUp: mergeRules(behavior["scaleUp"], defaultScaleUpRules()),
      scaleDown: mergeRules(behavior["scaleDown"], defaultScaleDownRules()),
    };
  }
}
