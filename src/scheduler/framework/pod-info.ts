/**
 * PodInfo: a pod plus what the scheduler derives from it once (parsed affinity terms,
 * effective requests). PodInfos are immutable views; a pod update makes a new PodInfo.
 */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from "../api-types.ts";
import { type Labels, type Matcher, matchNothing, selectorMatcher } from "../util/labels.ts";
import { computePodResource, type PodResource } from "./resource.ts";

/** A processed v1.PodAffinityTerm: namespaces resolved to a set, selectors compiled. */
export interface AffinityTerm {
  namespaces: Set<string>;
  selector: Matcher;
  topologyKey: string;
  namespaceSelector: Matcher;
  /** Identifies the term's content (selectors, namespaces, topology key) for memoization. */
  key: string;
}

export function affinityTermKey(labelSelector: unknown, namespaceSelector: unknown, namespaces: Iterable<string>, topologyKey: string): string {
  return JSON.stringify([labelSelector ?? null, namespaceSelector ?? null, [...namespaces].sort(), topologyKey]);
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** True when `pod` is in the term's namespaces (by name or namespace labels) and matches its selector. */
export function termMatches(term: AffinityTerm, pod: Pod, nsLabels: Labels): boolean {
  if (term.namespaces.has(pod.metadata.namespace ?? "") || term.namespaceSelector.matches(nsLabels)) {
    return term.selector.matches(pod.metadata.labels);
  }
  return false;
}

export function newAffinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set<string>();
  if ((t.namespaces?.length ?? 0) === 0 && (t.namespaceSelector === undefined || t.namespaceSelector === null)) {
    namespaces.add(pod.metadata.namespace ?? "");
  } else {
    for (const n of t.namespaces ?? []) namespaces.add(n);
  }
  return {
    namespaces,
    selector: selectorMatcher(t.labelSelector),
    topologyKey: t.topologyKey,
    namespaceSelector: t.namespaceSelector ? selectorMatcher(t.namespaceSelector) : matchNothing,
    key: affinityTermKey(t.labelSelector, t.namespaceSelector, namespaces, t.topologyKey),
  };
}

function terms(pod: Pod, ts: PodAffinityTerm[] | undefined): AffinityTerm[] {
  return ts ? ts.map((t) => newAffinityTerm(pod, t)) : EMPTY;
}

function weighted(pod: Pod, ts: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return ts ? ts.map((t) => ({ ...newAffinityTerm(pod, t.podAffinityTerm), weight: t.weight })) : EMPTY_W;
}

const EMPTY: AffinityTerm[] = [];
const EMPTY_W: WeightedAffinityTerm[] = [];

export class PodInfo {
  readonly requiredAffinityTerms: AffinityTerm[];
  readonly requiredAntiAffinityTerms: AffinityTerm[];
  readonly preferredAffinityTerms: WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[];
  private res: PodResource | undefined;

  constructor(readonly pod: Pod) {
    infos.set(pod, this);
    const a = pod.spec.affinity;
    this.requiredAffinityTerms = terms(pod, a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.requiredAntiAffinityTerms = terms(pod, a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.preferredAffinityTerms = weighted(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = weighted(pod, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  }

  get uid(): string {
    return podKey(this.pod);
  }

  /** Effective requests, computed once. */
  get resource(): PodResource {
    return (this.res ??= computePodResource(this.pod));
  }
}

const infos = new WeakMap<Pod, PodInfo>();

/** The PodInfo of a pod object, made once per object (plugins use it to reach derived data). */
export function podInfoOf(pod: Pod): PodInfo {
  return infos.get(pod) ?? new PodInfo(pod);
}

/** The cache key of a pod: its UID, or namespace/name for objects without one (tests). */
export function podKey(pod: Pod): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
}

export function podPriority(pod: Pod): number {
  return pod.spec.priority ?? 0;
}

export function hasAffinityConstraints(pod: Pod): boolean {
  const a = pod.spec.affinity;
  return a !== undefined && (a.podAffinity !== undefined || a.podAntiAffinity !== undefined);
}

export function hasRequiredAntiAffinity(pod: Pod): boolean {
  return (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
}
