/** The strategy of each kind; kinds not listed use the generic strategy. */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import { preserveAllocatedServiceFields } from "../../../api/defaults/index.ts";
import { genericStrategy, type Strategy } from "../strategy.ts";
import { apiServiceStrategy } from "./api-services.ts";
import { horizontalPodAutoscalerStrategy } from "./horizontal-pod-autoscalers.ts";
import { namespaceStrategy } from "./namespaces.ts";
import { customResourceDefinitionStrategy, customResourceStrategy } from "./custom-resource-definitions.ts";
import { podStrategy } from "./pods.ts";

/** Events expire an hour after their last update, as upstream's --event-ttl default. */
export const EVENT_TTL_SECONDS = 3600;

type Factory = (ri: ResourceInfo) => Strategy;

function withCreateOnUpdate(ri: ResourceInfo): Strategy {
  return { ...genericStrategy(ri), allowCreateOnUpdate: true };
}

function eventStrategy(ri: ResourceInfo): Strategy {
  return { ...genericStrategy(ri), allowCreateOnUpdate: true, ttlSeconds: (_o: KubeObject) => EVENT_TTL_SECONDS };
}

function priorityClassStrategy(ri: ResourceInfo): Strategy {
  // upstream's PrepareForCreate sets generation 1; updates never bump it
  const base = genericStrategy(ri);
  return {
    ...base,
    prepareForCreate(obj) {
      base.prepareForCreate(obj);
      obj.metadata.generation = 1;
    },
  };
}

function nodeStrategy(ri: ResourceInfo): Strategy {
  // kubelets register nodes with their status
  return { ...genericStrategy(ri), prepareForCreate() {} };
}

function serviceStrategy(ri: ResourceInfo): Strategy {
  const base = genericStrategy(ri);
  return {
    ...base,
    returnDeletedObject: true,
    prepareForUpdate(obj, old) {
      base.prepareForUpdate(obj, old);
      // an update that leaves out allocated values keeps them (upstream patchAllocatedValues)
      preserveAllocatedServiceFields(obj as unknown as Record<string, unknown>, old as unknown as Record<string, unknown>);
    },
  };
}

const FACTORIES: Record<string, Factory> = {
  "/pods": podStrategy,
  "/namespaces": namespaceStrategy,
  "/nodes": nodeStrategy,
  "scheduling.k8s.io/priorityclasses": priorityClassStrategy,
  "/services": serviceStrategy,
  "/events": eventStrategy,
  "events.k8s.io/events": eventStrategy,
  "/endpoints": withCreateOnUpdate,
  "autoscaling/horizontalpodautoscalers": horizontalPodAutoscalerStrategy,
  "apiextensions.k8s.io/customresourcedefinitions": customResourceDefinitionStrategy,
  "apiregistration.k8s.io/apiservices": apiServiceStrategy,
  "coordination.k8s.io/leases": withCreateOnUpdate,
  "rbac.authorization.k8s.io/roles": withCreateOnUpdate,
  "rbac.authorization.k8s.io/rolebindings": withCreateOnUpdate,
  "rbac.authorization.k8s.io/clusterroles": withCreateOnUpdate,
  "rbac.authorization.k8s.io/clusterrolebindings": withCreateOnUpdate,
};

export function strategyFor(ri: ResourceInfo): Strategy {
  if (ri.custom) return customResourceStrategy(ri);
  return (FACTORIES[`${ri.group}/${ri.plural}`] ?? genericStrategy)(ri);
}
