/**
 * Server-side printing: a list of objects as a meta.k8s.io/v1 Table, with upstream's
 * columns for each kind (all of them; kubectl hides priority > 0 columns unless -o wide)
 * and rows carrying PartialObjectMetadata, the full object, or nothing.
 */
import type { KubeObject, ListMeta } from "../../api/meta/types.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { Table, TableRow } from "../../api/types/meta/table.ts";
import { col, NAME_COLUMN } from "./format.ts";
import { printer, type Printer } from "./printer.ts";
import {
  mutatingWebhookConfigurationPrinter,
  validatingAdmissionPolicyBindingPrinter,
  validatingAdmissionPolicyPrinter,
  validatingWebhookConfigurationPrinter,
} from "./printers/admissionregistration.ts";
import { customResourceDefinitionPrinter } from "./printers/apiextensions.ts";
import { apiServicePrinter } from "./printers/apiregistration.ts";
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from "./printers/apps.ts";
import { horizontalPodAutoscalerPrinter } from "./printers/autoscaling.ts";
import { cronJobPrinter, jobPrinter } from "./printers/batch.ts";
import {
  configMapPrinter,
  endpointsPrinter,
  namespacePrinter,
  nodePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  replicationControllerPrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from "./printers/core.ts";
import { eventPrinter, eventsV1EventPrinter } from "./printers/event.ts";
import { clusterRoleBindingPrinter, endpointSlicePrinter, leasePrinter, podDisruptionBudgetPrinter, roleBindingPrinter, scalePrinter } from "./printers/misc.ts";
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from "./printers/networking.ts";
import { nodeMetricsPrinter, podMetricsPrinter } from "./printers/metrics.ts";
import { priorityClassPrinter } from "./printers/scheduling.ts";
import { storageClassPrinter } from "./printers/storage.ts";
import { podPrinter } from "./printers/pod.ts";
import { customPrinter } from "./printers/custom.ts";

export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableOptions {
  /** What each row's `object` carries; default Metadata (PartialObjectMetadata). */
  includeObject?: IncludeObject;
  /** Copied to the table's metadata (resourceVersion, continue, remainingItemCount). */
  listMeta?: ListMeta;
  /** Reference time for ages; default the current time. */
  now?: Date;
}

/** Printers by "group/Kind" ("" group for core). */
const PRINTERS = new Map<string, Printer>([
  ["/Pod", podPrinter],
  ["/Node", nodePrinter],
  ["/Service", servicePrinter],
  ["/Endpoints", endpointsPrinter],
  ["/Namespace", namespacePrinter],
  ["/ConfigMap", configMapPrinter],
  ["/Secret", secretPrinter],
  ["/ServiceAccount", serviceAccountPrinter],
  ["/Event", eventPrinter],
  ["/ResourceQuota", resourceQuotaPrinter],
  ["/PersistentVolume", persistentVolumePrinter],
  ["/PersistentVolumeClaim", persistentVolumeClaimPrinter],
  ["/ReplicationController", replicationControllerPrinter],
  ["admissionregistration.k8s.io/MutatingWebhookConfiguration", mutatingWebhookConfigurationPrinter],
  ["admissionregistration.k8s.io/ValidatingWebhookConfiguration", validatingWebhookConfigurationPrinter],
  ["admissionregistration.k8s.io/ValidatingAdmissionPolicy", validatingAdmissionPolicyPrinter],
  ["admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding", validatingAdmissionPolicyBindingPrinter],
  ["apiextensions.k8s.io/CustomResourceDefinition", customResourceDefinitionPrinter],
  ["apiregistration.k8s.io/APIService", apiServicePrinter],
  ["apps/Deployment", deploymentPrinter],
  ["apps/ReplicaSet", replicaSetPrinter],
  ["apps/StatefulSet", statefulSetPrinter],
  ["apps/DaemonSet", daemonSetPrinter],
  ["apps/ControllerRevision", controllerRevisionPrinter],
  ["autoscaling/HorizontalPodAutoscaler", horizontalPodAutoscalerPrinter],
  ["batch/Job", jobPrinter],
  ["batch/CronJob", cronJobPrinter],
  ["coordination.k8s.io/Lease", leasePrinter],
  ["discovery.k8s.io/EndpointSlice", endpointSlicePrinter],
  ["events.k8s.io/Event", eventsV1EventPrinter],
  ["networking.k8s.io/Ingress", ingressPrinter],
  ["networking.k8s.io/IngressClass", ingressClassPrinter],
  ["networking.k8s.io/NetworkPolicy", networkPolicyPrinter],
  ["scheduling.k8s.io/PriorityClass", priorityClassPrinter],
  ["storage.k8s.io/StorageClass", storageClassPrinter],
  ["policy/PodDisruptionBudget", podDisruptionBudgetPrinter],
  ["rbac.authorization.k8s.io/RoleBinding", roleBindingPrinter],
  ["rbac.authorization.k8s.io/ClusterRoleBinding", clusterRoleBindingPrinter],
  ["autoscaling/Scale", scalePrinter],
  ["metrics.k8s.io/NodeMetrics", nodeMetricsPrinter],
  ["metrics.k8s.io/PodMetrics", podMetricsPrinter],
]);

/** Kinds without a printer get upstream's default: NAME and CREATED AT (RFC 3339). */
export const defaultPrinter: Printer = printer<KubeObject>(
  [NAME_COLUMN, col("Created At", "date", "Time the object was created.")],
  (obj) => [obj.metadata.name ?? "", createdAt(obj.metadata.creationTimestamp)],
);

function createdAt(ts: string | undefined): string {
  if (!ts) return "0001-01-01T00:00:00Z";
  const t = Date.parse(ts);
  return Number.isNaN(t) ? ts : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The printer of a kind (the default one when upstream has none). */
export function printerFor(group: string, kind: string): Printer {
  return PRINTERS.get(`${group}/${kind}`) ?? defaultPrinter;
}

/** The Table for objects of one resource. */
export function toTable(resource: Pick<ResourceInfo, "group" | "kind" | "custom">, objects: readonly KubeObject[], opts: TableOptions = {}): Table {
  const p = resource.custom ? customPrinter(resource.custom) : printerFor(resource.group, resource.kind);
  const now = (opts.now ?? new Date()).getTime();
  const include = opts.includeObject ?? "Metadata";
  const rows: TableRow[] = new Array(objects.length);
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i]!;
    const row: TableRow = { cells: p.cells(obj, now) };
    const conditions = p.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    if (include === "Object") row.object = obj;
    else if (include === "Metadata") row.object = { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
    rows[i] = row;
  }
  return { kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: { ...(opts.listMeta ?? {}) }, columnDefinitions: [...p.columns], rows };
}
