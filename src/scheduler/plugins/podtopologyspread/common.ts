/** PodTopologySpread: parsed constraints and the helpers filtering and scoring share. */
import type { Node, Pod, TopologySpreadConstraint } from "../../api-types.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import type { PodInfo } from "../../framework/pod-info.ts";
import { andMatchers, type Matcher, selectorMatcher, setMatcher } from "../../util/labels.ts";
import type { RequiredNodeAffinity } from "../helper/node-affinity.ts";
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint } from "../helper/taints.ts";

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_ZONE = "topology.kubernetes.io/zone";

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Matcher;
  /** Identifies the selector's content (for per-node memoized counts). */
  selectorKey: string;
  minDomains: number;
  nodeAffinityPolicy: "Honor" | "Ignore";
  nodeTaintsPolicy: "Honor" | "Ignore";
}

/** The cluster default constraints used when defaultingType is System. */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

/** The pod's constraints with the given action, selectors compiled, matchLabelKeys merged. */
export function filterConstraints(
  cs: readonly TopologySpreadConstraint[],
  podLabels: Readonly<Record<string, string>> | undefined,
  action: "DoNotSchedule" | "ScheduleAnyway",
): Constraint[] {
  const out: Constraint[] = [];
  for (const c of cs) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorMatcher(c.labelSelector);
    let selectorKey = JSON.stringify(c.labelSelector ?? null);
    if (c.matchLabelKeys && c.matchLabelKeys.length > 0 && podLabels) {
      const extra: Record<string, string> = {};
      for (const k of c.matchLabelKeys) if (Object.hasOwn(podLabels, k)) extra[k] = podLabels[k]!;
      if (Object.keys(extra).length > 0) {
        selector = andMatchers([setMatcher(extra), selector]);
        selectorKey += JSON.stringify(extra);
      }
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      selectorKey,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? "Honor",
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? "Ignore",
    });
  }
  return out;
}

export function nodeLabelsMatchSpreadConstraints(labels: Readonly<Record<string, string>> | undefined, cs: readonly Constraint[]): boolean {
  if (!labels) return cs.length === 0;
  for (const c of cs) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

export function matchNodeInclusionPolicies(c: Constraint, pod: Pod, node: Node, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !required.match(node)) return false;
  if (c.nodeTaintsPolicy === "Honor" && findMatchingUntoleratedTaint(node.spec?.taints, pod.spec.tolerations, isDoNotScheduleTaint) !== undefined) {
    return false;
  }
  return true;
}

/** The memo key of a constraint's count in a namespace (build once per cycle). */
export function countKey(c: Constraint, ns: string): string {
  return `pts\u0000${ns}\u0000${c.selectorKey}`;
}

/** countPodsMatchSelector for a node, memoized per node generation under `key` (countKey). */
export function countMatchingOnNode(ni: NodeInfo, c: Constraint, ns: string, key: string): number {
  if (ni.pods.length === 0) return 0;
  let v = ni.memoGet<number>(key);
  if (v === undefined) {
    v = countPodsMatchSelector(ni.pods, c.selector, ns);
    ni.memoSet(key, v);
  }
  return v;
}

/** Pods in `ns`, not terminating, whose labels match. */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: Matcher, ns: string): number {
  let n = 0;
  for (const p of pods) {
    const m = p.pod.metadata;
    if (m.deletionTimestamp || (m.namespace ?? "") !== ns) continue;
    if (selector.matches(m.labels)) n++;
  }
  return n;
}
