/**
 * Creates that quota admission let through and that the watch caches do not show yet.
 *
 * Quota admission counts usage from the watch caches. Creates admitted in the same moments
 * (a controller's burst, or one event-loop turn's requests, which the apiserver starts
 * together) are not in the cache until their writes commit, so each would see the room
 * the others are about to take. Each admitted create is held here until its write is
 * done: abandoned, it goes at once; written, it goes as soon as the cache shows it (at
 * once on the embedded stores, which publish before they acknowledge), or after
 * WRITTEN_GRACE_MS at most (a store whose watch trails, such as etcd).
 *
 * Upstream charges the increment to the quota's status.used before the write instead, and
 * leaves a failed create's charge to the quota controller's next sync.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { AdmissionLookup } from "../types.ts";

/** How long a written create is counted while the cache does not show it yet. */
export const WRITTEN_GRACE_MS = 30_000;

interface Pending {
  readonly obj: KubeObject;
  /** When the write succeeded; undefined while it is in flight. */
  writtenAt?: number;
}

export class PendingCreates {
  /** By "group/plural/namespace"; the object is the request's, so a renamed retry is followed. */
  private readonly byScope = new Map<string, Set<Pending>>();

  constructor(
    private readonly lookup: Pick<AdmissionLookup, "get">,
    private readonly now: () => number = Date.now,
  ) {}

  /** Holds `obj` until the returned settle is called (written or not) and, if written, the cache shows it. */
  add(group: string, plural: string, namespace: string, obj: KubeObject): (written: boolean) => void {
    const scope = `${group}/${plural}/${namespace}`;
    let set = this.byScope.get(scope);
    if (!set) this.byScope.set(scope, (set = new Set()));
    const entry: Pending = { obj };
    set.add(entry);
    let settled = false;
    return (written) => {
      if (settled) return;
      settled = true;
      if (!written || this.shown(group, plural, namespace, obj)) {
        this.remove(scope, entry);
        return;
      }
      entry.writtenAt = this.now();
      const timer = setTimeout(() => this.remove(scope, entry), WRITTEN_GRACE_MS);
      (timer as { unref?: () => void }).unref?.();
    };
  }

  /** The held creates of one resource in one namespace that the cache does not show yet. */
  list(group: string, plural: string, namespace: string): KubeObject[] {
    const scope = `${group}/${plural}/${namespace}`;
    const set = this.byScope.get(scope);
    if (!set) return [];
    const out: KubeObject[] = [];
    const now = this.now();
    for (const entry of set) {
      if (entry.writtenAt !== undefined && (now - entry.writtenAt > WRITTEN_GRACE_MS || this.shown(group, plural, namespace, entry.obj))) {
        this.remove(scope, entry);
        continue;
      }
      out.push(entry.obj);
    }
    return out;
  }

  /** Held creates in all, for tests and leak checks. */
  get size(): number {
    let n = 0;
    for (const set of this.byScope.values()) n += set.size;
    return n;
  }

  private shown(group: string, plural: string, namespace: string, obj: KubeObject): boolean {
    const name = obj.metadata.name;
    return name !== undefined && this.lookup.get(group, plural, namespace, name) !== undefined;
  }

  private remove(scope: string, entry: Pending): void {
    const set = this.byScope.get(scope);
    if (!set) return;
    set.delete(entry);
    if (set.size === 0) this.byScope.delete(scope);
  }
}
