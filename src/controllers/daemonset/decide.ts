/**
 * One DaemonSet sync's plan (upstream manage/podsShouldBeOnNode, rollingUpdate and
 * updateDaemonSetStatus): a pod on every node that should run one, none elsewhere,
 * failed and duplicate pods removed, old pods replaced within maxUnavailable.
 */
import type { DaemonSet, DaemonSetStatus, Node, Pod } from "../../api/types/index.ts";
import { scaledValue } from "../helper/int-or-percent.ts";
import { isPodAvailable, isPodReady } from "../helper/pods.ts";
import { nodeShouldRunDaemonPod } from "./predicates.ts";

export const REVISION_HASH_LABEL = "controller-revision-hash";

/** The node a daemon pod is for: its nodeName, or the metadata.name its node affinity requires. */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const t of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === "metadata.name" && f.operator === "In" && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? "") || 0;
const isUpdated = (p: Pod, hash: string) => p.metadata.labels?.[REVISION_HASH_LABEL] === hash;

export interface DaemonPlan {
  createOn: string[];
  delete: { pod: Pod; reason: "failed" | "misscheduled" | "duplicate" | "update" }[];
}

export function groupByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const p of pods) {
    const n = targetNode(p);
    if (!n) continue;
    const list = m.get(n) ?? [];
    list.push(p);
    m.set(n, list);
  }
  for (const list of m.values()) list.sort((a, b) => created(a) - created(b));
  return m;
}

export function planDaemonSet(ds: DaemonSet, nodes: readonly Node[], pods: readonly Pod[], hash: string, now: number): DaemonPlan {
  const plan: DaemonPlan = { createOn: [], delete: [] };
  const byNode = groupByNode(pods);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  let desired = 0;
  const live = new Map<string, Pod[]>();
  for (const node of nodes) {
    const name = node.metadata.name ?? "";
    const fit = nodeShouldRunDaemonPod(ds, node);
    const onNode = (byNode.get(name) ?? []).filter((p) => !p.metadata.deletionTimestamp);
    if (fit.shouldRun) desired++;
    if (fit.shouldRun && onNode.length === 0) {
      plan.createOn.push(name);
      continue;
    }
    if (!fit.shouldContinueRunning) {
      for (const p of onNode) plan.delete.push({ pod: p, reason: "misscheduled" });
      continue;
    }
    const running: Pod[] = [];
    for (const p of onNode) {
      if (p.status?.phase === "Failed") plan.delete.push({ pod: p, reason: "failed" });
      else running.push(p);
    }
    // One pod per node: keep the oldest.
    for (const p of running.slice(1)) plan.delete.push({ pod: p, reason: "duplicate" });
    if (running.length > 0 && fit.shouldRun) live.set(name, running.slice(0, 1));
  }
  // Rolling update: replace old pods, never with more than maxUnavailable nodes unavailable.
  const strategy = ds.spec?.updateStrategy;
  if ((strategy?.type ?? "RollingUpdate") === "RollingUpdate") {
    let maxUnavailable = scaledValue(strategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true);
    if (maxUnavailable === 0) maxUnavailable = 1;
    let unavailable = plan.createOn.length;
    const candidates: Pod[] = [];
    for (const [, [pod]] of live) {
      const available = isPodAvailable(pod!, minReady, now);
      if (isUpdated(pod!, hash)) {
        if (!available) unavailable++;
        continue;
      }
      if (!available) {
        plan.delete.push({ pod: pod!, reason: "update" });
        unavailable++;
      } else candidates.push(pod!);
    }
    for (const pod of candidates.sort((a, b) => ((a.spec?.nodeName ?? "") < (b.spec?.nodeName ?? "") ? -1 : 1))) {
      if (unavailable >= maxUnavailable) break;
      plan.delete.push({ pod, reason: "update" });
      unavailable++;
    }
  }
  return plan;
}

export function daemonStatus(ds: DaemonSet, nodes: readonly Node[], pods: readonly Pod[], hash: string, now: number): DaemonSetStatus {
  const byNode = groupByNode(pods);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  let desired = 0;
  let current = 0;
  let mis = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const node of nodes) {
    const fit = nodeShouldRunDaemonPod(ds, node);
    const onNode = byNode.get(node.metadata.name ?? "") ?? [];
    if (fit.shouldRun) {
      desired++;
      if (onNode.length === 0) continue;
      current++;
      const pod = onNode[0]!;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
      }
      if (isUpdated(pod, hash)) updated++;
    } else if (onNode.length > 0) mis++;
  }
  const s: DaemonSetStatus = {
    ...(ds.status ?? { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }),
    currentNumberScheduled: current,
    numberMisscheduled: mis,
    desiredNumberScheduled: desired,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
  if (ds.metadata.generation !== undefined) s.observedGeneration = ds.metadata.generation;
  return s;
}
