/**
 * One Job sync after the accounting (upstream syncJob/manageJob): conditions
 * (FailureTarget then Failed, SuccessCriteriaMet then Complete, Suspended), the pods to
 * delete and to create (respecting parallelism, completions, backoff and the
 * completion indexes), and the active/ready/terminating counts.
 */
import type { Job, JobCondition, JobStatus, Pod } from "../../api/types/index.ts";
import { rfc3339 } from "../helper/conditions.ts";
import { isPodReady } from "../helper/pods.ts";
import { isIndexed, podOutcome } from "./accounting.ts";
import { JobCond, JobMessage, JobReason, MAX_POD_CREATE_DELETE_PER_SYNC } from "./constants.ts";
import { firstPendingIndexes, parseIndexes, podIndex } from "./indexes.ts";

export interface JobEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface JobPlan {
  status: JobStatus;
  delete: Pod[];
  /** Pods to create: count, and for Indexed jobs the index of each. */
  create: { count: number; indexes?: number[] };
  events: JobEvent[];
  /** Look again after this many ms (backoff or active deadline). */
  requeueAfterMs?: number;
}

export function hasCondition(s: JobStatus | undefined, type: string): JobCondition | undefined {
  return s?.conditions?.find((c) => c.type === type && c.status === "True");
}

export function isFinished(job: Job): boolean {
  return !!hasCondition(job.status, JobCond.Complete) || !!hasCondition(job.status, JobCond.Failed);
}

function cond(type: string, status: "True" | "False", reason: string, message: string, now: number): JobCondition {
  const t = rfc3339(now);
  return { type, status, reason, message, lastProbeTime: t, lastTransitionTime: t };
}

/** Adds or replaces a condition (keeping lastTransitionTime while its status holds). */
function withCondition(s: JobStatus, c: JobCondition): JobStatus {
  const list = s.conditions ?? [];
  const cur = list.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason && cur.message === c.message) return s;
  const next = cur && cur.status === c.status && cur.lastTransitionTime ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  return { ...s, conditions: cur ? list.map((x) => (x.type === c.type ? next : x)) : [...list, next] };
}

export interface PodSets {
  active: Pod[];
  terminating: number;
}

/** Active pods (not finished, not being deleted) and the count of terminating ones. */
export function classifyPods(job: Job, pods: readonly Pod[]): PodSets {
  const active: Pod[] = [];
  let terminating = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (p.metadata.deletionTimestamp) {
      if (phase !== "Succeeded" && phase !== "Failed") terminating++;
      continue;
    }
    if (podOutcome(job, p)) continue;
    active.push(p);
  }
  return { active, terminating };
}

/** Which active pods to remove first: not ready and pending ones, then the newest. */
function removalOrder(pods: readonly Pod[]): Pod[] {
  const rank = (p: Pod) => (p.spec?.nodeName ? 1 : 0) * 4 + (p.status?.phase === "Running" ? 2 : 0) + (isPodReady(p) ? 1 : 0);
  return [...pods].sort((a, b) => rank(a) - rank(b) || Date.parse(b.metadata.creationTimestamp ?? "0") - Date.parse(a.metadata.creationTimestamp ?? "0"));
}

export function planJob(job: Job, pods: readonly Pod[], now: number, backoffRemainingMs: number): JobPlan {
  const plan: JobPlan = { status: { ...(job.status ?? {}) }, delete: [], create: { count: 0 }, events: [] };
  const { active, terminating } = classifyPods(job, pods);
  const spec: Partial<NonNullable<Job["spec"]>> = job.spec ?? {};
  const parallelism = spec.parallelism ?? 1;
  const completions = spec.completions;
  const indexed = isIndexed(job);
  const succeeded = plan.status.succeeded ?? 0;
  const failed = plan.status.failed ?? 0;
  const uncounted = (plan.status.uncountedTerminatedPods?.succeeded?.length ?? 0) + (plan.status.uncountedTerminatedPods?.failed?.length ?? 0);
  let s = plan.status;
  s.active = active.length;
  s.ready = active.filter(isPodReady).length;
  s.terminating = terminating;
  const suspended = spec.suspend === true;

  // Start time: when the job first runs unsuspended.
  if (!s.startTime && !suspended) s.startTime = rfc3339(now);

  // Failure: a FailureTarget already decided, or backoffLimit / activeDeadlineSeconds exceeded.
  let failure = hasCondition(s, JobCond.FailureTarget);
  if (!failure && !hasCondition(s, JobCond.SuccessCriteriaMet)) {
    let reason: string | undefined;
    let message = "";
    if (failed > (spec.backoffLimit ?? 6)) {
      reason = JobReason.BackoffLimitExceeded;
      message = JobMessage.BackoffLimitExceeded;
    } else if (!suspended && spec.activeDeadlineSeconds !== undefined && s.startTime && Date.parse(s.startTime) + spec.activeDeadlineSeconds * 1000 <= now) {
      reason = JobReason.DeadlineExceeded;
      message = JobMessage.DeadlineExceeded;
    }
    if (reason) {
      failure = cond(JobCond.FailureTarget, "True", reason, message, now);
      s = withCondition(s, failure);
    }
  }
  if (failure) {
    plan.delete = active.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (active.length === 0 && terminating === 0 && uncounted === 0) {
      s = withCondition(s, cond(JobCond.Failed, "True", failure.reason ?? "", failure.message ?? "", now));
      plan.events.push({ type: "Warning", reason: failure.reason ?? "", message: failure.message ?? "" });
    }
    plan.status = s;
    return plan;
  }

  // Success: completions reached (or, without completions, a success and nothing left running).
  const completedIdx = indexed ? parseIndexes(s.completedIndexes, completions) : undefined;
  const complete = completions === undefined ? succeeded > 0 && active.length === 0 : indexed ? completedIdx!.size >= completions : succeeded >= completions;
  if (complete || hasCondition(s, JobCond.SuccessCriteriaMet)) {
    s = withCondition(s, cond(JobCond.SuccessCriteriaMet, "True", JobReason.CompletionsReached, JobMessage.CompletionsReached, now));
    plan.delete = active.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (active.length === 0 && terminating === 0 && uncounted === 0) {
      s = withCondition(s, cond(JobCond.Complete, "True", JobReason.CompletionsReached, JobMessage.CompletionsReached, now));
      s.completionTime = rfc3339(now);
      plan.events.push({ type: "Normal", reason: "Completed", message: "Job completed" });
    }
    plan.status = s;
    return plan;
  }

  // Suspension: no pods while suspended; the deadline clock restarts on resume.
  const suspendedCond = s.conditions?.find((c) => c.type === JobCond.Suspended);
  if (suspended) {
    if (suspendedCond?.status !== "True") {
      s = withCondition(s, cond(JobCond.Suspended, "True", JobReason.Suspended, JobMessage.Suspended, now));
      plan.events.push({ type: "Normal", reason: "Suspended", message: "Job suspended" });
    }
    plan.delete = active.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    plan.status = s;
    return plan;
  }
  if (suspendedCond?.status === "True") {
    s = withCondition(s, cond(JobCond.Suspended, "False", JobReason.Resumed, JobMessage.Resumed, now));
    s.startTime = rfc3339(now);
    plan.events.push({ type: "Normal", reason: "Resumed", message: "Job resumed" });
  }

  // Running: bring the active pods to what parallelism and completions allow.
  let wantActive: number;
  if (completions === undefined) wantActive = succeeded > 0 ? active.length : parallelism;
  else wantActive = Math.max(0, Math.min(parallelism, completions - (indexed ? completedIdx!.size : succeeded)));
  let toDelete: Pod[] = [];
  if (indexed) {
    // Duplicates of an index, indexes already completed, and invalid indexes go first.
    const seen = new Set<number>();
    const keep: Pod[] = [];
    for (const p of active) {
      const idx = podIndex(p, completions);
      if (idx === undefined || completedIdx!.has(idx) || seen.has(idx)) toDelete.push(p);
      else {
        seen.add(idx);
        keep.push(p);
      }
    }
    const extra = keep.length - wantActive;
    if (extra > 0) toDelete.push(...removalOrder(keep).slice(0, extra));
  } else if (active.length > wantActive) {
    toDelete = removalOrder(active).slice(0, active.length - wantActive);
  }
  if (toDelete.length > 0) {
    plan.delete = toDelete.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  } else if (active.length < wantActive) {
    if (backoffRemainingMs > 0) plan.requeueAfterMs = backoffRemainingMs;
    else {
      const diff = Math.min(wantActive - active.length, MAX_POD_CREATE_DELETE_PER_SYNC);
      if (indexed) {
        const activeIdx = new Set(active.map((p) => podIndex(p, completions)).filter((i): i is number => i !== undefined));
        const indexes = firstPendingIndexes(diff, completions!, completedIdx!, activeIdx);
        plan.create = { count: indexes.length, indexes };
      } else plan.create = { count: diff };
    }
  }
  if (spec.activeDeadlineSeconds !== undefined && s.startTime) {
    const left = Date.parse(s.startTime) + spec.activeDeadlineSeconds * 1000 - now;
    plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, Math.max(0, left) + 1);
  }
  plan.status = s;
  return plan;
}
