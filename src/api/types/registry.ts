/**
 * Lookup of top-level kind schemas by apiVersion and kind. Built from the
 * x-kubernetes-group-version-kind each kind's schema declares, so a new kind only
 * needs its declaration (and an import here).
 */
import { Schema, type GroupVersionKind } from "../schema/dsl.ts";
import * as admissionregistration_validating_admission_policy from "./admissionregistration/validating-admission-policy.ts";
import * as admissionregistration_webhook_configuration from "./admissionregistration/webhook-configuration.ts";
import * as apiextensions_custom_resource_definition from "./apiextensions/custom-resource-definition.ts";
import * as apiregistration_api_service from "./apiregistration/api-service.ts";
import * as apps_controllerrevision from "./apps/controllerrevision.ts";
import * as apps_daemonset from "./apps/daemonset.ts";
import * as apps_deployment from "./apps/deployment.ts";
import * as apps_replicaset from "./apps/replicaset.ts";
import * as apps_statefulset from "./apps/statefulset.ts";
import * as authentication_self_subject_review from "./authentication/self-subject-review.ts";
import * as authentication_token_request from "./authentication/token-request.ts";
import * as authentication_token_review from "./authentication/token-review.ts";
import * as authorization_selfsubjectaccessreview from "./authorization/selfsubjectaccessreview.ts";
import * as authorization_selfsubjectrulesreview from "./authorization/selfsubjectrulesreview.ts";
import * as authorization_subjectaccessreview from "./authorization/subjectaccessreview.ts";
import * as autoscaling_horizontal_pod_autoscaler from "./autoscaling/horizontal-pod-autoscaler.ts";
import * as autoscaling_scale from "./autoscaling/scale.ts";
import * as batch_cronjob from "./batch/cronjob.ts";
import * as batch_job from "./batch/job.ts";
import * as coordination_lease from "./coordination/lease.ts";
import * as core_affinity from "./core/affinity.ts";
import * as core_common from "./core/common.ts";
import * as core_config from "./core/config.ts";
import * as core_container from "./core/container.ts";
import * as core_endpoints from "./core/endpoints.ts";
import * as core_event from "./core/event.ts";
import * as core_namespace from "./core/namespace.ts";
import * as core_node from "./core/node.ts";
import * as core_persistent_volume_source from "./core/persistent-volume-source.ts";
import * as core_persistent_volume from "./core/persistent-volume.ts";
import * as core_pod_status from "./core/pod-status.ts";
import * as core_pod from "./core/pod.ts";
import * as core_probe from "./core/probe.ts";
import * as core_projected_volume from "./core/projected-volume.ts";
import * as core_quota from "./core/quota.ts";
import * as core_replication_controller from "./core/replication-controller.ts";
import * as core_security_context from "./core/security-context.ts";
import * as core_service from "./core/service.ts";
import * as core_topology_selector from "./core/topology-selector.ts";
import * as core_volume from "./core/volume.ts";
import * as discovery_endpointslice from "./discovery/endpointslice.ts";
import * as events_event from "./events/event.ts";
import * as meta_discovery from "./meta/discovery.ts";
import * as meta_object_meta from "./meta/object-meta.ts";
import * as meta_status from "./meta/status.ts";
import * as meta_table from "./meta/table.ts";
import * as metrics_metrics from "./metrics/metrics.ts";
import * as networking_ingress_class from "./networking/ingress-class.ts";
import * as networking_ingress from "./networking/ingress.ts";
import * as networking_network_policy from "./networking/network-policy.ts";
import * as policy_eviction from "./policy/eviction.ts";
import * as policy_poddisruptionbudget from "./policy/poddisruptionbudget.ts";
import * as rbac_role from "./rbac/role.ts";
import * as scheduling_priority_class from "./scheduling/priority-class.ts";
import * as storage_storage_class from "./storage/storage-class.ts";

const MODULES: readonly Record<string, unknown>[] = [
  admissionregistration_validating_admission_policy,
  admissionregistration_webhook_configuration,
  apiextensions_custom_resource_definition,
  apiregistration_api_service,
  apps_controllerrevision,
  apps_daemonset,
  apps_deployment,
  apps_replicaset,
  apps_statefulset,
  authentication_self_subject_review,
  authentication_token_request,
  authentication_token_review,
  authorization_selfsubjectaccessreview,
  authorization_selfsubjectrulesreview,
  authorization_subjectaccessreview,
  autoscaling_horizontal_pod_autoscaler,
  autoscaling_scale,
  batch_cronjob,
  batch_job,
  coordination_lease,
  core_affinity,
  core_common,
  core_config,
  core_container,
  core_endpoints,
  core_event,
  core_namespace,
  core_node,
  core_persistent_volume_source,
  core_persistent_volume,
  core_pod_status,
  core_pod,
  core_probe,
  core_projected_volume,
  core_quota,
  core_replication_controller,
  core_security_context,
  core_service,
  core_topology_selector,
  core_volume,
  discovery_endpointslice,
  events_event,
  meta_discovery,
  meta_object_meta,
  meta_status,
  meta_table,
  metrics_metrics,
  networking_ingress_class,
  networking_ingress,
  networking_network_policy,
  policy_eviction,
  policy_poddisruptionbudget,
  rbac_role,
  scheduling_priority_class,
  storage_storage_class,
];

export interface KindSchema {
  gvk: GroupVersionKind;
  /** "v1" for core, "group/version" otherwise. */
  apiVersion: string;
  schema: Schema;
}

let byKind: Map<string, KindSchema> | undefined;

function index(): Map<string, KindSchema> {
  if (byKind) return byKind;
  byKind = new Map();
  for (const mod of MODULES) {
    for (const value of Object.values(mod)) {
      if (!(value instanceof Schema) || value.node.type !== "object" || !value.node.gvk) continue;
      for (const gvk of value.node.gvk) {
        const apiVersion = gvk.group === "" ? gvk.version : `${gvk.group}/${gvk.version}`;
        byKind.set(`${apiVersion}/${gvk.kind}`, { gvk, apiVersion, schema: value });
      }
    }
  }
  return byKind;
}

/** The schema of a top-level kind ("v1", "Pod"; "apps/v1", "Deployment"; lists too), or undefined. */
export function schemaForKind(apiVersion: string, kind: string): Schema | undefined {
  return index().get(`${apiVersion}/${kind}`)?.schema;
}

/** Every top-level kind with its schema, including lists and meta.k8s.io kinds. */
export function kindSchemas(): readonly KindSchema[] {
  return [...index().values()];
}
