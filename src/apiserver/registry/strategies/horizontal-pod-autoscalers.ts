/**
 * The autoscaling/v2 HorizontalPodAutoscaler strategy (upstream
 * pkg/registry/autoscaling/horizontalpodautoscaler): the generic one (create cannot set
 * status, an update of the main resource keeps it; metadata.generation is not maintained,
 * as upstream's strategy does not), plus dropDisabledFields: behavior tolerances need the
 * HPAConfigurableTolerance gate, alpha and off in 1.34, so they are dropped unless the
 * stored object already uses one.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import { genericStrategy, type Strategy } from "../strategy.ts";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The scaleUp and scaleDown rules of an autoscaler that has them. */
function scalingRules(hpa: KubeObject | undefined): Obj[] {
  const spec = hpa?.["spec"];
  const behavior = isObj(spec) ? spec["behavior"] : undefined;
  if (!isObj(behavior)) return [];
  return [behavior["scaleDown"], behavior["scaleUp"]].filter(isObj);
}

function toleranceInUse(hpa: KubeObject | undefined): boolean {
  return scalingRules(hpa).some((r) => r["tolerance"] !== undefined && r["tolerance"] !== null);
}

/** dropDisabledFields: clears spec.behavior.scale{Up,Down}.tolerance unless `old` uses a tolerance. */
export function dropDisabledHPAFields(hpa: KubeObject, old: KubeObject | undefined): void {
  if (toleranceInUse(old)) return;
  for (const rules of scalingRules(hpa)) delete rules["tolerance"];
}

export function horizontalPodAutoscalerStrategy(ri: ResourceInfo): Strategy {
  const base = genericStrategy(ri);
  return {
    ...base,
    prepareForCreate(obj) {
      base.prepareForCreate(obj);
      dropDisabledHPAFields(obj, undefined);
    },
    prepareForUpdate(obj, old) {
      base.prepareForUpdate(obj, old);
      dropDisabledHPAFields(obj, old);
    },
  };
}
