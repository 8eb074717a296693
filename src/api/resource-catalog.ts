/**
 * The resources one API server serves: the built-in catalog (resources.ts) plus the
 * custom resources its CustomResourceDefinitions add while it runs. Discovery, routing
 * and OpenAPI of a server read its catalog; code that only knows built-in kinds (the
 * client library, controllers) keeps reading resources.ts. Custom entries are grouped by
 * owner (the CRD's name) so a CRD's versions come and go together.
 */
import { groupVersion, RESOURCES, type AggregatedApi, type ResourceInfo } from "./resources.ts";

/** Upstream's kube-aware version order: GA before beta before alpha, higher numbers first, other names last (alphabetically). */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v];
    const major = Number(m[1]);
    if (!m[2]) return [0, -major, 0, v];
    return [m[2] === "beta" ? 1 : 2, -major, -Number(m[3]), v];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return ra[3] < rb[3] ? -1 : ra[3] > rb[3] ? 1 : 0;
}

export class ResourceCatalog {
  private readonly custom = new Map<string, readonly ResourceInfo[]>();
  private byPath = new Map<string, ResourceInfo>();
  private byKind = new Map<string, ResourceInfo>();
  private everything: readonly ResourceInfo[] = [];
  private aggregatedByGv = new Map<string, AggregatedApi>();
  private listeners = new Set<() => void>();
  /** Bumped on every change; documents built from the catalog are keyed by it. */
  generation = 0;

  constructor(private readonly builtin: readonly ResourceInfo[] = RESOURCES) {
    this.rebuild();
  }

  /** Built-in resources first, then custom ones by group, resource and version. */
  all(): readonly ResourceInfo[] {
    return this.everything;
  }

  /** The custom resources only. */
  customResources(): ResourceInfo[] {
    return [...this.custom.values()].flat();
  }

  resourceFor(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.byPath.get(`${group === "" ? version : `${group}/${version}`}/${plural}`);
  }

  resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** The aggregated API server a group version is proxied to, if any. */
  aggregatedFor(group: string, version: string): AggregatedApi | undefined {
    return this.aggregatedByGv.get(`${group}/${version}`);
  }

  /** Whether this server serves the group version itself (built-in or custom resources). */
  servesLocally(group: string, version: string): boolean {
    return this.everything.some((ri) => ri.group === group && ri.version === version && !ri.aggregated);
  }

  /** Every served group with its versions, core first; a custom group's versions in upstream's priority order. */
  servedGroups(): { group: string; versions: string[] }[] {
    const groups = new Map<string, Set<string>>();
    const builtinGroups = new Set(this.builtin.map((r) => r.group));
    for (const ri of this.everything) {
      const set = groups.get(ri.group) ?? new Set<string>();
      set.add(ri.version);
      groups.set(ri.group, set);
    }
    return [...groups].map(([group, versions]) => ({ group, versions: builtinGroups.has(group) ? [...versions] : [...versions].sort(compareKubeVersions) }));
  }

  /** Whether a group is one of the built-in API groups (custom resources cannot join those). */
  isBuiltinGroup(group: string): boolean {
    return this.builtin.some((r) => r.group === group);
  }

  /** Sets (replaces) the resources an owner serves; an empty list removes them. */
  setCustom(owner: string, infos: readonly ResourceInfo[]): void {
    if (infos.length === 0) {
      if (!this.custom.delete(owner)) return;
    } else this.custom.set(owner, infos);
    this.rebuild();
    for (const l of this.listeners) l();
  }

  /** Calls `fn` after every change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private rebuild(): void {
    const custom = this.customResources().sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : compareKubeVersions(a.version, b.version)));
    this.everything = [...this.builtin, ...custom];
    this.byPath = new Map(this.everything.map((ri) => [`${groupVersion(ri)}/${ri.plural}`, ri]));
    this.byKind = new Map(this.everything.map((ri) => [`${groupVersion(ri)}/${ri.kind}`, ri]));
    this.aggregatedByGv = new Map(this.everything.filter((ri) => ri.aggregated).map((ri) => [`${ri.group}/${ri.version}`, ri.aggregated!]));
    this.generation++;
  }
}
