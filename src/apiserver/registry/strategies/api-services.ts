/**
 * The apiregistration.k8s.io/v1 APIService strategy (upstream kube-aggregator
 * pkg/registry/apiservice): the generic one (a create cannot set status, an update of the
 * main resource keeps it, /status writes only status; metadata.generation is not
 * maintained, as upstream's strategy does not), plus PrepareForCreate's mark: a Local
 * APIService (no spec.service) is created Available, reason Local.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import { timestamp } from "../scope.ts";
import { genericStrategy, type Strategy } from "../strategy.ts";

/** upstream's NewLocalAvailableAPIServiceCondition, at `now`. */
export function localAvailableCondition(now: string): Record<string, string> {
  return { type: "Available", status: "True", lastTransitionTime: now, reason: "Local", message: "Local APIServices are always available" };
}

export function apiServiceStrategy(ri: ResourceInfo): Strategy {
  const base = genericStrategy(ri);
  return {
    ...base,
    prepareForCreate(obj: KubeObject) {
      base.prepareForCreate(obj);
      const spec = obj["spec"] as { service?: unknown } | undefined;
      if (spec?.service === undefined || spec.service === null) {
        obj["status"] = { conditions: [localAvailableCondition(obj.metadata.creationTimestamp ?? timestamp(new Date()))] };
      }
    },
  };
}
