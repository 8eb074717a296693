import type { KubeObject } from "../meta/types.ts";
import type { ResourceInfo } from "../resources.ts";
import { defaultPod, podQOSClass } from "./pod.ts";
import {
  defaultEndpointSlice,
  defaultEndpoints,
  defaultLimitRange,
  defaultNamespace,
  defaultNode,
  defaultPV,
  defaultPVC,
  defaultRBACBinding,
  defaultResourceQuota,
  defaultSecret,
  defaultService,
  prepareNamespaceForCreate,
} from "./core.ts";
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultReplicationController, defaultStatefulSet, generateJobSelector } from "./workloads.ts";
import {
  defaultMutatingWebhookConfiguration,
  defaultValidatingAdmissionPolicy,
  defaultValidatingAdmissionPolicyBinding,
  defaultValidatingWebhookConfiguration,
} from "./admissionregistration.ts";
import { defaultCustomResourceDefinition } from "./apiextensions.ts";
import { defaultAPIService } from "./apiregistration.ts";
import { defaultHorizontalPodAutoscaler } from "./autoscaling.ts";
import { defaultIngressClass, defaultNetworkPolicy } from "./networking.ts";
import { defaultPriorityClass } from "./scheduling.ts";
import { defaultStorageClass } from "./storage.ts";
import { child, isObj, type Obj } from "./util.ts";

/**
 * Upstream's defaulting (SetDefaults_*, run on every decode) plus, on create (no `old`),
 * the create-time preparation of the registry strategies that give new objects their
 * well-known values: pod status Pending with its QoS class and priority 0, the namespace
 * "kubernetes" finalizer, a Job's generated selector. Mutates `obj` in place.
 *
 * A Job's generated selector uses metadata.uid: set it before calling (the apiserver fills
 * system fields first, as upstream); one is generated here when absent.
 */
type Defaulter = (o: Obj) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  "/Pod": defaultPod,
  "/Service": defaultService,
  "/Namespace": defaultNamespace,
  "/Secret": defaultSecret,
  "/Node": defaultNode,
  "/PersistentVolumeClaim": defaultPVC,
  "/PersistentVolume": defaultPV,
  "/Endpoints": defaultEndpoints,
  "/ResourceQuota": defaultResourceQuota,
  "/LimitRange": defaultLimitRange,
  "/ReplicationController": defaultReplicationController,
  "admissionregistration.k8s.io/MutatingWebhookConfiguration": defaultMutatingWebhookConfiguration,
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration": defaultValidatingWebhookConfiguration,
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy": defaultValidatingAdmissionPolicy,
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding": defaultValidatingAdmissionPolicyBinding,
  "apiextensions.k8s.io/CustomResourceDefinition": defaultCustomResourceDefinition,
  "apiregistration.k8s.io/APIService": defaultAPIService,
  "apps/Deployment": defaultDeployment,
  "apps/ReplicaSet": defaultReplicaSet,
  "apps/StatefulSet": defaultStatefulSet,
  "apps/DaemonSet": defaultDaemonSet,
  "autoscaling/HorizontalPodAutoscaler": defaultHorizontalPodAutoscaler,
  "batch/Job": defaultJob,
  "batch/CronJob": defaultCronJob,
  "discovery.k8s.io/EndpointSlice": defaultEndpointSlice,
  "networking.k8s.io/IngressClass": defaultIngressClass,
  "networking.k8s.io/NetworkPolicy": defaultNetworkPolicy,
  "scheduling.k8s.io/PriorityClass": defaultPriorityClass,
  "storage.k8s.io/StorageClass": defaultStorageClass,
  "rbac.authorization.k8s.io/RoleBinding": defaultRBACBinding,
  "rbac.authorization.k8s.io/ClusterRoleBinding": defaultRBACBinding,
};

const PREPARE_FOR_CREATE: Record<string, Defaulter> = {
  "/Pod": (pod) => {
    const spec = child(pod, "spec");
    if (spec["priority"] == null && !spec["priorityClassName"]) spec["priority"] = 0;
    if (spec["preemptionPolicy"] == null) spec["preemptionPolicy"] = "PreemptLowerPriority";
    pod["status"] = { phase: "Pending", qosClass: podQOSClass(spec) };
  },
  "/Namespace": prepareNamespaceForCreate,
  "batch/Job": (job) => {
    const meta = child(job, "metadata");
    if (!meta["uid"]) meta["uid"] = crypto.randomUUID();
    generateJobSelector(job);
  },
};

/**
 * Upstream's defaulting alone, as a decode applies it, without the create-time preparation:
 * what a create's field manager sees (it runs before the strategy prepares the object).
 */
export function applyDecodeDefaults(resource: Pick<ResourceInfo, "group" | "kind">, obj: KubeObject): void {
  const o = obj as unknown as Obj;
  if (!isObj(o["metadata"])) o["metadata"] = {};
  DEFAULTERS[`${resource.group}/${resource.kind}`]?.(o);
}

export function applyDefaults(resource: Pick<ResourceInfo, "group" | "kind">, obj: KubeObject, old?: KubeObject): void {
  const key = `${resource.group}/${resource.kind}`;
  const o = obj as unknown as Obj;
  if (!isObj(o["metadata"])) o["metadata"] = {};
  DEFAULTERS[key]?.(o);
  if (!old) PREPARE_FOR_CREATE[key]?.(o);
}
