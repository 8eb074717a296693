/**
 * Failure handling of a scheduling attempt (upstream handleSchedulingFailure): requeue the
 * pod, record the nomination, emit the FailedScheduling event and set PodScheduled=False.
 */
import type { Pod, PodCondition } from "../api-types.ts";
import { FitError } from "../framework/fit-error.ts";
import type { Framework } from "../framework/framework.ts";
import { NominatingMode, type PostFilterResult, type QueuedPodInfo } from "../framework/interfaces.ts";
import { PodInfo } from "../framework/pod-info.ts";
import { Code, type Status } from "../framework/status.ts";
import { podRef } from "../source.ts";
import type { Scheduler } from "./scheduler.ts";

const MAX_EVENT_MESSAGE = 1024;

export function truncateMessage(m: string): string {
  return m.length <= MAX_EVENT_MESSAGE ? m : m.slice(0, MAX_EVENT_MESSAGE - 3) + "...";
}

/** Whether setting `c` changes the pod's conditions (type, status, reason or message). */
export function conditionNeedsUpdate(pod: Pod, c: PodCondition): boolean {
  const old = pod.status?.conditions?.find((x) => x.type === c.type);
  return !old || old.status !== c.status || old.reason !== c.reason || old.message !== c.message;
}

export function handleSchedulingFailure(
  s: Scheduler,
  fwk: Framework,
  qpi: QueuedPodInfo,
  status: Status,
  fitError: FitError | null,
  nominating: PostFilterResult | null,
  cycle: number,
): void {
  const pod = qpi.podInfo.pod;
  const rejected = status.code === Code.Unschedulable || status.code === Code.UnschedulableAndUnresolvable || status.code === Code.Pending;
  const reason = rejected ? "Unschedulable" : "SchedulerError";
  const errMsg = fitError ? fitError.message() : status.message();
  if (fitError) {
    qpi.unschedulablePlugins = new Set(fitError.diagnosis.unschedulablePlugins);
    qpi.pendingPlugins = new Set(fitError.diagnosis.pendingPlugins);
  } else if (rejected && status.plugin) {
    qpi.unschedulablePlugins = new Set([status.plugin]);
    qpi.pendingPlugins = new Set();
  } else {
    qpi.unschedulablePlugins = new Set();
    qpi.pendingPlugins = new Set();
  }
  if (rejected) s.metrics.unschedulable++;
  else s.metrics.errors++;

  const ns = pod.metadata.namespace ?? "";
  const cached = s.stores.pod(ns, pod.metadata.name ?? "");
  const gone = !cached || (!!pod.metadata.uid && !!cached.metadata.uid && cached.metadata.uid !== pod.metadata.uid);
  if (gone) {
    s.log.debug("pod doesn't exist in informer cache", { pod: `${ns}/${pod.metadata.name}` });
    s.queue.done(qpi.podInfo.uid);
  } else if (cached.spec.nodeName) {
    s.log.info("pod has been assigned to node, abort adding it back to queue", { pod: `${ns}/${pod.metadata.name}`, node: cached.spec.nodeName });
    s.queue.done(qpi.podInfo.uid);
  } else {
    qpi.podInfo = new PodInfo(cached);
    s.queue.addUnschedulableIfNotPresent(qpi, cycle);
  }
  const override = nominating !== null && nominating.mode === NominatingMode.Override;
  if (override && !gone) {
    if (nominating!.nominatedNodeName) s.queue.nominator.add(qpi.podInfo, nominating!.nominatedNodeName);
    else s.queue.nominator.delete(cached!);
  }

  fwk.recordEvent({ regarding: cached ?? pod, type: "Warning", reason: "FailedScheduling", action: "Scheduling", note: truncateMessage(errMsg) });
  // Upstream also patches a pod that meanwhile got bound elsewhere; its PodScheduled=True is kept here.
  if (gone || cached.spec.nodeName) return;
  const condition: PodCondition = {
    type: "PodScheduled",
    status: "False",
    reason,
    message: errMsg,
    lastProbeTime: null,
    lastTransitionTime: new Date(s.now()).toISOString(),
  };
  const nnnChanged = override && (cached.status?.nominatedNodeName ?? "") !== nominating!.nominatedNodeName;
  const condChanged = conditionNeedsUpdate(cached, condition);
  if (!nnnChanged && !condChanged) return;
  const patch = nnnChanged ? { condition, nominatedNodeName: nominating!.nominatedNodeName } : { condition };
  s.source.patchPodStatus(podRef(cached), patch).catch((e) => s.log.warn("updating pod status failed", { pod: `${ns}/${cached.metadata.name}`, err: e }));
}

export { FitError };
