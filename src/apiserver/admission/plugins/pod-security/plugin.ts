/**
 * PodSecurity admission (upstream's built-in Pod Security Admission, on by default), driven
 * by namespace labels as upstream's:
 * - `pod-security.kubernetes.io/enforce: baseline|restricted`: a pod created in violation is
 *   refused (403 `violates PodSecurity "restricted:latest": ...`);
 * - `pod-security.kubernetes.io/warn`: the same text as a Warning header ("would violate
 *   PodSecurity ..."), for pods and for the pod templates of workloads (Deployments,
 *   ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers,
 *   PodTemplates), which are never refused, as upstream (updates only when they change the
 *   pod template).
 * `-version` labels name the version shown ("restricted:v1.30"); the checks are always
 * the latest policy's. An unknown level counts as restricted. Audit annotations are not
 * recorded (no audit backend) and the admission configuration's exemptions are not read
 * (upstream's default has none).
 */
import type { KubeObject } from "../../../../api/meta/index.ts";
import { errors } from "../../../http/status.ts";
import { deepEqual } from "../../../registry/object-meta.ts";
import type { AdmissionAttributes, AdmissionLookup, ValidatingPlugin } from "../../types.ts";
import { describeViolations, evaluatePod, type Level } from "./checks.ts";

const PREFIX = "pod-security.kubernetes.io/";

type Obj = Record<string, any>;

/** The mode's level and the policy name shown ("restricted:latest"), or undefined when unset or privileged. */
function policyOf(labels: Record<string, string>, mode: "enforce" | "warn"): { level: Level; name: string } | undefined {
  const value = labels[`${PREFIX}${mode}`];
  if (value === undefined) return undefined;
  const level: Level = value === "privileged" || value === "baseline" || value === "restricted" ? value : "restricted";
  if (level === "privileged") return undefined;
  const version = labels[`${PREFIX}${mode}-version`] || "latest";
  return { level, name: `${level}:${version}` };
}

/** The pod template of a workload write, or undefined for other resources. */
function templateOf(a: AdmissionAttributes): { metadata?: Obj; spec?: Obj } | undefined {
  const o = a.object as Obj;
  const g = a.resource.group;
  const r = a.resource.plural;
  if (g === "" && r === "podtemplates") return o["template"];
  if ((g === "apps" && ["deployments", "replicasets", "statefulsets", "daemonsets"].includes(r)) || (g === "batch" && r === "jobs") || (g === "" && r === "replicationcontrollers")) return o["spec"]?.["template"];
  if (g === "batch" && r === "cronjobs") return o["spec"]?.["jobTemplate"]?.["spec"]?.["template"];
  return undefined;
}

export const podSecurity: ValidatingPlugin = {
  name: "PodSecurity",
  operations: ["CREATE", "UPDATE"],
  validate(a: AdmissionAttributes, lookup: AdmissionLookup): void {
    if (a.subresource !== "" || a.object === undefined || a.namespace === "") return;
    const isPod = a.resource.group === "" && a.resource.plural === "pods";
    if (isPod && a.operation !== "CREATE") return;
    const template = isPod ? undefined : templateOf(a);
    if (!isPod && template === undefined) return;
    // an update that leaves the pod template as it was (labels, replicas) is not checked again, as upstream
    if (!isPod && a.operation === "UPDATE" && a.oldObject !== undefined && deepEqual(templateOf({ ...a, object: a.oldObject }), template)) return;
    const ns = lookup.get("", "namespaces", "", a.namespace) as KubeObject | undefined;
    const labels = ns?.metadata.labels ?? {};
    const enforce = policyOf(labels, "enforce");
    const warn = policyOf(labels, "warn");
    if (!enforce && !warn) return;
    const metadata = isPod ? (a.object.metadata as Obj) : template?.metadata;
    const spec = isPod ? (a.object["spec"] as Obj) : template?.spec;
    if (isPod && enforce) {
      const violations = evaluatePod(enforce.level, metadata, spec);
      if (violations.length > 0) {
        throw errors.forbidden({ group: "", resource: "pods" }, a.name, `violates PodSecurity ${JSON.stringify(enforce.name)}: ${describeViolations(violations)}`);
      }
    }
    // workloads are warned about at the enforce level too, as upstream (they are never refused)
    for (const policy of [warn, isPod ? undefined : enforce]) {
      if (!policy) continue;
      const violations = evaluatePod(policy.level, metadata, spec);
      if (violations.length === 0) continue;
      const text = `would violate PodSecurity ${JSON.stringify(policy.name)}: ${describeViolations(violations)}`;
      (a.warnings ??= []);
      if (!a.warnings.includes(text)) a.warnings.push(text);
    }
  },
};
