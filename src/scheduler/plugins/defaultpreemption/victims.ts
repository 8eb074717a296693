/**
 * Victim selection for DefaultPreemption (upstream SelectVictimsOnNode and
 * pickOneNodeForPreemption): remove every lower-priority pod, check the preemptor fits,
 * then reprieve as many as possible, PDB-violating ones first, most important first.
 */
import type { Pod, PodDisruptionBudget } from "../../api-types.ts";
import type { CycleState } from "../../framework/cycle-state.ts";
import type { Handle } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { type PodInfo, podPriority } from "../../framework/pod-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { selectorMatcher } from "../../util/labels.ts";

export interface Victims {
  pods: Pod[];
  numPDBViolations: number;
}

export function podStartTime(p: Pod, now: number): number {
  const t = p.status?.startTime;
  return t ? Date.parse(t) : now;
}

/** Higher priority first; equal priority: the one that started earlier is more important. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const p1 = podPriority(a);
  const p2 = podPriority(b);
  if (p1 !== p2) return p1 > p2;
  return podStartTime(a, now) < podStartTime(b, now);
}

/** Splits pods (order kept) into those whose eviction would violate a PDB and the rest. */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    const pod = pi.pod;
    let violated = false;
    const labels = pod.metadata.labels;
    if (labels && Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata.namespace ?? "") !== (pod.metadata.namespace ?? "")) return;
        const sel = selectorMatcher(pdb.spec?.selector);
        if (sel.everything || sel.nothing || !sel.matches(labels)) return;
        if (pdb.status?.disruptedPods && Object.hasOwn(pdb.status.disruptedPods, pod.metadata.name ?? "")) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return [violating, nonViolating];
}

export function selectVictimsOnNode(
  handle: Handle,
  state: CycleState,
  pod: Pod,
  nodeInfo: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
  isEligible: (victim: PodInfo) => boolean,
): { victims: Pod[]; numViolating: number; status: Result } {
  const fail = (status: Result) => ({ victims: [], numViolating: 0, status });
  const remove = (pi: PodInfo): Result => {
    nodeInfo.removePod(pi.pod);
    return handle.runPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
  };
  const add = (pi: PodInfo): Result => {
    nodeInfo.addPodInfo(pi);
    return handle.runPreFilterExtensionAddPod(state, pod, pi, nodeInfo);
  };
  const potential = nodeInfo.pods.filter(isEligible);
  for (const pi of potential) {
    const s = remove(pi);
    if (s !== null && s.code !== Code.Success) return fail(s);
  }
  if (potential.length === 0) return fail(new Status(Code.UnschedulableAndUnresolvable, ["No preemption victims found for incoming pod"]));
  const fits = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
  if (fits !== null && fits.code !== Code.Success) return fail(fits);

  const now = handle.now();
  const byImportance = (a: PodInfo, b: PodInfo) => (moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0);
  potential.sort(byImportance);
  const [violating, nonViolating] = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numViolating = 0;
  const reprieve = (pi: PodInfo): boolean | Status => {
    const s = add(pi);
    if (s !== null && s.code !== Code.Success) return s;
    const r = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (r === null || r.code === Code.Success) return true;
    const rs = remove(pi);
    if (rs !== null && rs.code !== Code.Success) return rs;
    victims.push(pi);
    return false;
  };
  for (const pi of violating) {
    const r = reprieve(pi);
    if (r instanceof Status) return fail(r);
    if (!r) numViolating++;
  }
  for (const pi of nonViolating) {
    const r = reprieve(pi);
    if (r instanceof Status) return fail(r);
  }
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(byImportance);
  return { victims: victims.map((v) => v.pod), numViolating, status: null };
}

/** The earliest start time among the highest-priority victims. */
export function earliestPodStartTime(pods: readonly Pod[], now: number): number {
  let earliest = podStartTime(pods[0]!, now);
  let maxPrio = podPriority(pods[0]!);
  for (const p of pods) {
    const prio = podPriority(p);
    if (prio === maxPrio) earliest = Math.min(earliest, podStartTime(p, now));
    else if (prio > maxPrio) {
      maxPrio = prio;
      earliest = podStartTime(p, now);
    }
  }
  return earliest;
}

/**
 * Picks the node by, in order: fewest PDB violations, lowest highest-victim priority,
 * smallest sum of priorities, fewest victims, latest start of the highest-priority
 * victims; then the first.
 */
export function pickOneNodeForPreemption(nodesToVictims: ReadonlyMap<string, Victims>, now: number): string {
  let candidates = [...nodesToVictims.keys()];
  if (candidates.length === 0) return "";
  const v = (n: string) => nodesToVictims.get(n)!;
  const fns: ((n: string) => number)[] = [
    (n) => -v(n).numPDBViolations,
    (n) => -podPriority(v(n).pods[0]!),
    (n) => -v(n).pods.reduce((s, p) => s + podPriority(p) + 2 ** 31, 0),
    (n) => -v(n).pods.length,
    (n) => earliestPodStartTime(v(n).pods, now),
  ];
  for (const f of fns) {
    let best = -Infinity;
    let selected: string[] = [];
    for (const n of candidates) {
      const s = f(n);
      if (s > best) {
        best = s;
        selected = [n];
      } else if (s === best) selected.push(n);
    }
    if (selected.length === 1) return selected[0]!;
    candidates = selected;
  }
  return candidates[0]!;
}
