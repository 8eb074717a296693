import type { KubeObject, LabelSelector } from "../meta/types.ts";
import type { ResourceInfo } from "../resources.ts";
import { nameValidatorFor } from "../names/object-names.ts";
import type * as T from "../types/index.ts";
import { invalid, Path, required, type FieldError } from "./field-error.ts";
import { arr, intOrPercent, isObj, nonNegative } from "./helpers.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.ts";
import { validatePod, validatePodEphemeralContainersUpdate, validatePodStatusUpdate, validatePodUpdate } from "./pod.ts";
import { validateDaemonSetSpec, validateDeploymentSpec, validateReplicaSetSpec, validateSelectorImmutable, validateStatefulSetSpec, validateStatefulSetSpecUpdate } from "./apps.ts";
import { validateCronJob, validateJob, validateJobUpdate } from "./batch.ts";
import { validateReplicationControllerSpec, validateReplicationControllerStatus } from "./replication-controller.ts";
import { validateServiceSpec, validateServiceUpdate } from "./service.ts";
import {
  validateConfigMapData,
  validateConfigMapUpdate,
  validateLeaseSpec,
  validateNamespaceSpec,
  validateNodeSpec,
  validateNodeUpdate,
  validatePVCSpec,
  validatePVCUpdate,
  validateSecretData,
  validateSecretUpdate,
} from "./core-misc.ts";
import { validateResourceList } from "./resources.ts";
import { validateLabelSelector } from "./label-selector.ts";
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerStatusUpdate, validateHorizontalPodAutoscalerUpdate } from "./autoscaling.ts";
import { validateIngressClass, validateIngressClassUpdate, validateIngressCreate, validateIngressStatusUpdate, validateIngressUpdate, validateNetworkPolicy, validateNetworkPolicyUpdate } from "./networking.ts";
import { validateCustomResourceDefinition, validateCustomResourceDefinitionStatusUpdate, validateCustomResourceDefinitionUpdate } from "./apiextensions.ts";
import { validateAPIService, validateAPIServiceStatusUpdate, validateAPIServiceUpdate } from "./apiregistration.ts";
import {
  validateMutatingWebhookConfiguration,
  validateMutatingWebhookConfigurationUpdate,
  validateValidatingAdmissionPolicy,
  validateValidatingAdmissionPolicyBinding,
  validateValidatingAdmissionPolicyStatus,
  validateValidatingAdmissionPolicyUpdate,
  validateValidatingWebhookConfiguration,
  validateValidatingWebhookConfigurationUpdate,
} from "./admissionregistration.ts";
import { validatePriorityClass, validatePriorityClassUpdate } from "./scheduling.ts";
import { validateStorageClass, validateStorageClassUpdate } from "./storage.ts";

/**
 * The validation step of the apiserver: `validateObject(resource, obj)` for creates,
 * `validateObject(resource, obj, old)` for updates and patches (after defaulting), and
 * `{ subresource: "status" | "scale" }` for writes to those subresources. Returns
 * upstream's field errors; an empty list means valid. The apiserver answers 422 with
 * formatInvalidMessage(...) and toStatusCauses(...).
 */
export interface ValidateOptions {
  subresource?: string;
}

type Rules = {
  /** Kind rules on create (metadata is checked separately unless ownsMeta). */
  create?: (o: KubeObject) => FieldError[];
  /** Kind rules on update of the main resource; the new object's spec rules run too unless updateOnly. */
  update?: (o: KubeObject, old: KubeObject) => FieldError[];
  /** Status subresource rules. */
  status?: (o: KubeObject, old: KubeObject) => FieldError[];
  /** Rules of other subresources that write part of the object (pods/ephemeralcontainers), metadata included. */
  subresources?: Record<string, (o: KubeObject, old: KubeObject) => FieldError[]>;
  /** create/update already include the metadata rules. */
  ownsMeta?: boolean;
  /** Not persisted: no metadata rules. */
  virtual?: boolean;
};

const as = <X>(o: KubeObject) => o as unknown as X;

function selectorOf(o: KubeObject): LabelSelector | undefined {
  return isObj(o["spec"]) ? ((o["spec"] as { selector?: LabelSelector }).selector ?? undefined) : undefined;
}

function selectorUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  return validateSelectorImmutable(selectorOf(o), selectorOf(old));
}

const RULES: Record<string, Rules> = {
  "/Pod": {
    ownsMeta: true,
    create: (o) => validatePod(as<T.Pod>(o)),
    update: (o, old) => validatePodUpdate(as<T.Pod>(o), as<T.Pod>(old)),
    status: (o, old) => validatePodStatusUpdate(as<T.Pod>(o), as<T.Pod>(old)),
    subresources: { ephemeralcontainers: (o, old) => validatePodEphemeralContainersUpdate(as<T.Pod>(o), as<T.Pod>(old)) },
  },
  "/Namespace": { create: (o) => validateNamespaceSpec(as<T.Namespace>(o)), update: () => [] },
  "/Service": {
    create: (o) => validateServiceSpec(as<T.Service>(o)),
    update: (o, old) => [...validateServiceUpdate(as<T.Service>(o), as<T.Service>(old)), ...validateServiceSpec(as<T.Service>(o))],
  },
  "/ConfigMap": {
    create: (o) => validateConfigMapData(as<T.ConfigMap>(o)),
    update: (o, old) => [...validateConfigMapUpdate(as<T.ConfigMap>(o), as<T.ConfigMap>(old)), ...validateConfigMapData(as<T.ConfigMap>(o))],
  },
  "/Secret": {
    create: (o) => validateSecretData(as<T.Secret>(o)),
    update: (o, old) => [...validateSecretUpdate(as<T.Secret>(o), as<T.Secret>(old)), ...validateSecretData(as<T.Secret>(o))],
  },
  "/Node": {
    create: (o) => validateNodeSpec(as<T.Node>(o)),
    update: (o, old) => [...validateNodeSpec(as<T.Node>(o)), ...validateNodeUpdate(as<T.Node>(o), as<T.Node>(old))],
    status: (o, old) => validateNodeUpdate(as<T.Node>(o), as<T.Node>(old)),
  },
  "/PersistentVolumeClaim": {
    create: (o) => validatePVCSpec(as<T.PersistentVolumeClaim>(o)),
    update: (o, old) => [...validatePVCUpdate(as<T.PersistentVolumeClaim>(o), as<T.PersistentVolumeClaim>(old))],
  },
  "/ResourceQuota": {
    create: (o) => validateResourceList(as<T.ResourceQuota>(o).spec?.hard as never, Path.root("spec").child("hard")),
    update: (o) => validateResourceList(as<T.ResourceQuota>(o).spec?.hard as never, Path.root("spec").child("hard")),
  },
  "/Event": { create: (o) => validateCoreEvent(o), update: (o) => validateCoreEvent(o) },
  "/ReplicationController": {
    // The selector may change, unlike the apps/v1 kinds' (no immutability rule).
    create: (o) => validateReplicationControllerSpec(as<T.ReplicationController>(o)),
    update: (o) => validateReplicationControllerSpec(as<T.ReplicationController>(o)),
    status: (o, old) => [...validateObjectMetaUpdate(o.metadata ?? {}, old.metadata ?? {}), ...validateReplicationControllerStatus(as<T.ReplicationController>(o))],
  },
  "apps/Deployment": {
    create: (o) => validateDeploymentSpec(as<T.Deployment>(o)),
    update: (o, old) => [...validateDeploymentSpec(as<T.Deployment>(o)), ...selectorUpdate(o, old)],
  },
  "apps/ReplicaSet": {
    create: (o) => validateReplicaSetSpec(as<T.ReplicaSet>(o)),
    update: (o, old) => [...validateReplicaSetSpec(as<T.ReplicaSet>(o)), ...selectorUpdate(o, old)],
  },
  "apps/StatefulSet": {
    create: (o) => validateStatefulSetSpec(as<T.StatefulSet>(o)),
    update: (o, old) => [...validateStatefulSetSpec(as<T.StatefulSet>(o)), ...validateStatefulSetSpecUpdate(as<T.StatefulSet>(o), as<T.StatefulSet>(old))],
  },
  "apps/DaemonSet": {
    create: (o) => validateDaemonSetSpec(as<T.DaemonSet>(o)),
    update: (o, old) => [...validateDaemonSetSpec(as<T.DaemonSet>(o)), ...selectorUpdate(o, old)],
  },
  "apps/ControllerRevision": {
    create: (o) => nonNegative(o["revision"] as number | undefined, Path.root("revision")),
    update: (o, old) => (JSON.stringify(o["data"] ?? null) === JSON.stringify(old["data"] ?? null) ? [] : [invalid(Path.root("data"), o["data"], "field is immutable")]),
  },
  "autoscaling/HorizontalPodAutoscaler": {
    create: (o) => validateHorizontalPodAutoscaler(as<T.HorizontalPodAutoscaler>(o)),
    update: (o, old) => validateHorizontalPodAutoscalerUpdate(as<T.HorizontalPodAutoscaler>(o), as<T.HorizontalPodAutoscaler>(old)),
    status: (o, old) => validateHorizontalPodAutoscalerStatusUpdate(as<T.HorizontalPodAutoscaler>(o), as<T.HorizontalPodAutoscaler>(old)),
  },
  "batch/Job": {
    create: (o) => validateJob(as<T.Job>(o)),
    update: (o, old) => [...validateJob(as<T.Job>(o)), ...validateJobUpdate(as<T.Job>(o), as<T.Job>(old))],
  },
  "batch/CronJob": {
    create: (o) => validateCronJob(as<T.CronJob>(o)),
    update: (o, old) => validateCronJob(as<T.CronJob>(o), as<T.CronJob>(old)),
  },
  "coordination.k8s.io/Lease": { create: (o) => validateLeaseSpec(as<T.Lease>(o)), update: (o) => validateLeaseSpec(as<T.Lease>(o)) },
  "policy/PodDisruptionBudget": { create: (o) => validatePDB(o), update: (o) => validatePDB(o) },
  "discovery.k8s.io/EndpointSlice": { create: (o) => validateEndpointSlice(o), update: (o) => validateEndpointSlice(o) },
  "networking.k8s.io/Ingress": {
    create: (o) => validateIngressCreate(as<T.Ingress>(o)),
    update: (o, old) => validateIngressUpdate(as<T.Ingress>(o), as<T.Ingress>(old)),
    status: (o, old) => validateIngressStatusUpdate(as<T.Ingress>(o), as<T.Ingress>(old)),
  },
  "networking.k8s.io/IngressClass": {
    create: (o) => validateIngressClass(as<T.IngressClass>(o)),
    update: (o, old) => validateIngressClassUpdate(as<T.IngressClass>(o), as<T.IngressClass>(old)),
  },
  "networking.k8s.io/NetworkPolicy": {
    create: (o) => validateNetworkPolicy(as<T.NetworkPolicy>(o)),
    update: (o, old) => validateNetworkPolicyUpdate(as<T.NetworkPolicy>(o), as<T.NetworkPolicy>(old)),
  },
  "scheduling.k8s.io/PriorityClass": {
    create: (o) => validatePriorityClass(as<T.PriorityClass>(o)),
    update: (o, old) => validatePriorityClassUpdate(as<T.PriorityClass>(o), as<T.PriorityClass>(old)),
  },
  "storage.k8s.io/StorageClass": {
    create: (o) => validateStorageClass(as<T.StorageClass>(o)),
    update: (o, old) => validateStorageClassUpdate(as<T.StorageClass>(o), as<T.StorageClass>(old)),
  },
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration": {
    create: (o) => validateValidatingWebhookConfiguration(as<T.ValidatingWebhookConfiguration>(o)),
    update: (o, old) => validateValidatingWebhookConfigurationUpdate(as<T.ValidatingWebhookConfiguration>(o), as<T.ValidatingWebhookConfiguration>(old)),
  },
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy": {
    create: (o) => validateValidatingAdmissionPolicy(as<T.ValidatingAdmissionPolicy>(o)),
    update: (o, old) => validateValidatingAdmissionPolicyUpdate(as<T.ValidatingAdmissionPolicy>(o), as<T.ValidatingAdmissionPolicy>(old)),
    status: (o, old) => [...validateObjectMetaUpdate(o.metadata ?? {}, old.metadata ?? {}), ...validateValidatingAdmissionPolicyStatus(as<T.ValidatingAdmissionPolicy>(o))],
  },
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding": {
    create: (o) => validateValidatingAdmissionPolicyBinding(as<T.ValidatingAdmissionPolicyBinding>(o)),
    update: (o) => validateValidatingAdmissionPolicyBinding(as<T.ValidatingAdmissionPolicyBinding>(o)),
  },
  "admissionregistration.k8s.io/MutatingWebhookConfiguration": {
    create: (o) => validateMutatingWebhookConfiguration(as<T.MutatingWebhookConfiguration>(o)),
    update: (o, old) => validateMutatingWebhookConfigurationUpdate(as<T.MutatingWebhookConfiguration>(o), as<T.MutatingWebhookConfiguration>(old)),
  },
  "apiextensions.k8s.io/CustomResourceDefinition": {
    ownsMeta: true,
    create: (o) => validateCustomResourceDefinition(as<T.CustomResourceDefinition>(o)),
    update: (o, old) => validateCustomResourceDefinitionUpdate(as<T.CustomResourceDefinition>(o), as<T.CustomResourceDefinition>(old)),
    status: (o, old) => validateCustomResourceDefinitionStatusUpdate(as<T.CustomResourceDefinition>(o), as<T.CustomResourceDefinition>(old)),
  },
  "apiregistration.k8s.io/APIService": {
    // the name rule (`<version>.<group>`) is the kind's own, checked on update too
    ownsMeta: true,
    create: (o) => validateAPIService(as<T.APIService>(o)),
    update: (o, old) => validateAPIServiceUpdate(as<T.APIService>(o), as<T.APIService>(old)),
    status: (o, old) => validateAPIServiceStatusUpdate(as<T.APIService>(o), as<T.APIService>(old)),
  },
  "authorization.k8s.io/SelfSubjectAccessReview": { virtual: true, create: () => [] },
};

function validateCoreEvent(o: KubeObject): FieldError[] {
  const ref = isObj(o["involvedObject"]) ? (o["involvedObject"] as { namespace?: string }) : {};
  const ns = o.metadata?.namespace ?? "";
  if (ref.namespace && ns && ref.namespace !== ns)
    return [invalid(Path.root("involvedObject").child("namespace"), ref.namespace, "does not match event.namespace")];
  return [];
}

function validatePDB(o: KubeObject): FieldError[] {
  const spec = isObj(o["spec"]) ? (o["spec"] as { minAvailable?: string | number; maxUnavailable?: string | number; selector?: LabelSelector }) : {};
  const p = Path.root("spec");
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errs.push(invalid(p, spec, "minAvailable and maxUnavailable cannot be both set"));
  errs.push(...intOrPercent(spec.minAvailable, p.child("minAvailable")));
  errs.push(...intOrPercent(spec.maxUnavailable, p.child("maxUnavailable")));
  errs.push(...validateLabelSelector(spec.selector, p.child("selector")));
  return errs;
}

function validateEndpointSlice(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const at = o["addressType"];
  if (!at) errs.push(required(Path.root("addressType"), ""));
  else if (!["IPv4", "IPv6", "FQDN"].includes(at as string)) errs.push(invalid(Path.root("addressType"), at, "must be one of IPv4, IPv6, FQDN"));
  arr<{ addresses?: string[] }>(o["endpoints"]).forEach((ep, i) => {
    if (arr(ep.addresses).length === 0) errs.push(required(Path.root("endpoints").index(i).child("addresses"), "must contain at least 1 address"));
  });
  return errs;
}

export function validateObject(resource: ResourceInfo, obj: KubeObject, old?: KubeObject, opts: ValidateOptions = {}): FieldError[] {
  const rules = RULES[`${resource.group}/${resource.kind}`] ?? {};
  if (rules.virtual) return rules.create?.(obj) ?? [];
  if (opts.subresource === "scale") {
    const spec = isObj(obj["spec"]) ? (obj["spec"] as { replicas?: number }) : {};
    return nonNegative(spec.replicas, Path.root("spec").child("replicas"));
  }
  const meta = obj.metadata ?? {};
  if (resource.custom) {
    const errs = !old ? validateObjectMeta(meta, { namespaced: resource.namespaced, nameFn: nameValidatorFor(resource.group, resource.kind) }) : validateObjectMetaUpdate(meta, old.metadata ?? {});
    errs.push(...resource.custom.validate(obj, old));
    return errs;
  }
  if (!old) {
    const errs = rules.ownsMeta ? [] : validateObjectMeta(meta, { namespaced: resource.namespaced, nameFn: nameValidatorFor(resource.group, resource.kind) });
    errs.push(...(rules.create?.(obj) ?? []));
    return errs;
  }
  const sub = opts.subresource ? rules.subresources?.[opts.subresource] : undefined;
  if (sub) return sub(obj, old);
  if (opts.subresource === "status") {
    if (rules.status) return rules.status(obj, old);
    return validateObjectMetaUpdate(meta, old.metadata ?? {});
  }
  const errs = rules.ownsMeta ? [] : validateObjectMetaUpdate(meta, old.metadata ?? {});
  errs.push(...(rules.update ? rules.update(obj, old) : (rules.create?.(obj) ?? [])));
  return errs;
}
