import { defaultPVCSpec, defaultPodTemplateSpec } from "./pod.ts";
import { child, isObj, list, type Obj, setDefault } from "./util.ts";

/**
 * apps/v1 and batch/v1 defaults (SetDefaults_Deployment, _StatefulSet, _DaemonSet, _Job,
 * _CronJob), and core/v1 ReplicationController's, which follows the ReplicaSet's.
 */

export function defaultDeployment(d: Obj): void {
  const spec = child(d, "spec");
  setDefault(spec, "replicas", 1);
  const strategy = child(spec, "strategy");
  setDefault(strategy, "type", "RollingUpdate");
  if (strategy["type"] === "RollingUpdate") {
    const ru = child(strategy, "rollingUpdate");
    setDefault(ru, "maxUnavailable", "25%");
    setDefault(ru, "maxSurge", "25%");
  }
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "progressDeadlineSeconds", 600);
  defaultPodTemplateSpec(spec["template"]);
}

export function defaultReplicaSet(rs: Obj): void {
  const spec = child(rs, "spec");
  setDefault(spec, "replicas", 1);
  defaultPodTemplateSpec(spec["template"]);
}

/**
 * SetDefaults_ReplicationController: an empty selector and empty object labels both default
 * to the template's labels (copies here, where upstream shares the map: the defaulted
 * object lives on in memory, so a later change to one must not change the others).
 */
export function defaultReplicationController(rc: Obj): void {
  const spec = child(rc, "spec");
  const template = isObj(spec["template"]) ? spec["template"] : undefined;
  const templateLabels = template && isObj(template["metadata"]) ? template["metadata"]["labels"] : undefined;
  // Empty template labels would only default to empty maps, which upstream omits anyway.
  if (isObj(templateLabels) && Object.keys(templateLabels).length > 0) {
    if (!isObj(spec["selector"]) || Object.keys(spec["selector"]).length === 0) spec["selector"] = { ...templateLabels };
    const meta = child(rc, "metadata");
    if (!isObj(meta["labels"]) || Object.keys(meta["labels"]).length === 0) meta["labels"] = { ...templateLabels };
  }
  setDefault(spec, "replicas", 1);
  defaultPodTemplateSpec(spec["template"]);
}

export function defaultStatefulSet(sts: Obj): void {
  const spec = child(sts, "spec");
  setDefault(spec, "podManagementPolicy", "OrderedReady");
  const us = child(spec, "updateStrategy");
  if (!us["type"]) {
    us["type"] = "RollingUpdate";
    if (!isObj(us["rollingUpdate"])) us["rollingUpdate"] = {};
  }
  if (us["type"] === "RollingUpdate" && isObj(us["rollingUpdate"])) setDefault(us["rollingUpdate"], "partition", 0);
  const retention = child(spec, "persistentVolumeClaimRetentionPolicy");
  setDefault(retention, "whenDeleted", "Retain");
  setDefault(retention, "whenScaled", "Retain");
  setDefault(spec, "replicas", 1);
  setDefault(spec, "revisionHistoryLimit", 10);
  defaultPodTemplateSpec(spec["template"]);
  for (const pvc of list(spec, "volumeClaimTemplates")) {
    defaultPVCSpec(child(pvc, "spec"));
    setDefault(child(pvc, "status"), "phase", "Pending");
  }
}

export function defaultDaemonSet(ds: Obj): void {
  const spec = child(ds, "spec");
  const us = child(spec, "updateStrategy");
  setDefault(us, "type", "RollingUpdate");
  if (us["type"] === "RollingUpdate") {
    const ru = child(us, "rollingUpdate");
    setDefault(ru, "maxUnavailable", 1);
    setDefault(ru, "maxSurge", 0);
  }
  setDefault(spec, "revisionHistoryLimit", 10);
  defaultPodTemplateSpec(spec["template"]);
}

const MAX_INT32 = 2147483647;

/** SetDefaults_Job; the job's labels default to its template's (sharing the map, as upstream does). */
export function defaultJob(job: Obj): void {
  const spec = child(job, "spec");
  if (spec["completions"] == null && spec["parallelism"] == null) {
    spec["completions"] = 1;
    spec["parallelism"] = 1;
  }
  setDefault(spec, "parallelism", 1);
  if (spec["backoffLimit"] == null) spec["backoffLimit"] = spec["backoffLimitPerIndex"] != null ? MAX_INT32 : 6;
  const template = isObj(spec["template"]) ? spec["template"] : undefined;
  const templateLabels = template && isObj(template["metadata"]) ? template["metadata"]["labels"] : undefined;
  const meta = child(job, "metadata");
  if (isObj(templateLabels) && (!isObj(meta["labels"]) || Object.keys(meta["labels"]).length === 0)) meta["labels"] = templateLabels;
  setDefault(spec, "completionMode", "NonIndexed");
  if (spec["suspend"] == null) spec["suspend"] = false;
  const pfp = spec["podFailurePolicy"];
  if (isObj(pfp)) {
    for (const rule of list(pfp, "rules")) for (const pattern of list(rule, "onPodConditions")) setDefault(pattern, "status", "True");
  }
  setDefault(spec, "podReplacementPolicy", isObj(pfp) ? "Failed" : "TerminatingOrFailed");
  if (spec["manualSelector"] == null) spec["manualSelector"] = false;
  defaultPodTemplateSpec(spec["template"]);
}

export const JOB_CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
const LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
const LEGACY_JOB_NAME_LABEL = "job-name";

/**
 * The job strategy's generated selector (create only, unless manualSelector): template
 * labels job-name and controller-uid (new and legacy keys) and a selector on the uid.
 */
export function generateJobSelector(job: Obj): void {
  const spec = child(job, "spec");
  if (spec["manualSelector"] === true) return;
  const meta = child(job, "metadata");
  const name = String(meta["name"] ?? "");
  const uid = String(meta["uid"] ?? "");
  const templateMeta = child(child(spec, "template"), "metadata");
  const labels = child(templateMeta, "labels");
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!Object.hasOwn(labels, key)) labels[key] = name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, JOB_CONTROLLER_UID_LABEL]) if (!Object.hasOwn(labels, key)) labels[key] = uid;
  const selector = child(spec, "selector");
  const matchLabels = child(selector, "matchLabels");
  if (!Object.hasOwn(matchLabels, JOB_CONTROLLER_UID_LABEL)) matchLabels[JOB_CONTROLLER_UID_LABEL] = uid;
}

export function defaultCronJob(cj: Obj): void {
  const spec = child(cj, "spec");
  setDefault(spec, "concurrencyPolicy", "Allow");
  if (spec["suspend"] == null) spec["suspend"] = false;
  setDefault(spec, "successfulJobsHistoryLimit", 3);
  setDefault(spec, "failedJobsHistoryLimit", 1);
  const jt = spec["jobTemplate"];
  if (isObj(jt) && isObj(jt["spec"])) defaultPodTemplateSpec(jt["spec"]["template"]);
}
