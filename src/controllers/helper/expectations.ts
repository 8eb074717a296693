/**
 * Controller expectations (upstream controller_utils.go): a controller records how many
 * creations and deletions it has asked for, and does not act on a key again until its
 * informer has observed them all (or the record expires), so a slow cache never makes it
 * create or delete twice. Keys are the controller object's "namespace/name".
 */

/** Upstream ExpectationsTimeout: an unfulfilled record is ignored after 5 minutes. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Record_ {
  add: number;
  del: number;
  timestamp: number;
}

export class ControllerExpectations {
  private readonly records = new Map<string, Record_>();
  constructor(
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS,
  ) {}

  /**
   * True when the controller may sync the key: no record, every expected event observed,
   * or the record has expired (a watch event was probably lost).
   */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.add <= 0 && r.del <= 0) return true;
    return this.now() - r.timestamp > this.timeoutMs;
  }

  /** Replaces the record for key (resetting its timestamp). */
  setExpectations(key: string, add: number, del: number): void {
    this.records.set(key, { add, del, timestamp: this.now() });
  }

  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  /** Adds to an existing record (no-op when there is none), keeping its timestamp. */
  raise(key: string, add: number, del: number): void {
    const r = this.records.get(key);
    if (!r) return;
    r.add += add;
    r.del += del;
  }

  /** Lowers the counts: an expected event was observed (or will never come). */
  lower(key: string, add: number, del: number): void {
    const r = this.records.get(key);
    if (!r) return;
    r.add -= add;
    r.del -= del;
  }

  creationObserved(key: string): void {
    this.lower(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lower(key, 0, 1);
  }

  delete(key: string): void {
    this.records.delete(key);
  }

  /** The outstanding counts, for tests and debugging. */
  get(key: string): { add: number; del: number } | undefined {
    const r = this.records.get(key);
    return r ? { add: r.add, del: r.del } : undefined;
  }
}

/**
 * Expectations that also remember which objects (by key) are expected to go away, so a
 * deletion is counted once however many times it is observed (an update with a
 * deletionTimestamp and then the delete event).
 */
export class UIDTrackingExpectations extends ControllerExpectations {
  private readonly uids = new Map<string, Set<string>>();

  /** Expects deletion of each of deletedKeys (pod "namespace/name" keys). */
  expectDeletionsOf(key: string, deletedKeys: readonly string[]): void {
    const set = new Set(deletedKeys);
    this.uids.set(key, set);
    this.expectDeletions(key, set.size);
  }

  /** Counts the deletion of deleteKey for key once. */
  override deletionObserved(key: string, deleteKey?: string): void {
    if (deleteKey === undefined) return super.deletionObserved(key);
    const set = this.uids.get(key);
    if (set?.delete(deleteKey)) super.deletionObserved(key);
  }

  override delete(key: string): void {
    super.delete(key);
    this.uids.delete(key);
  }

  /** The keys still expected to be deleted. */
  pendingDeletions(key: string): ReadonlySet<string> {
    return this.uids.get(key) ?? new Set();
  }
}
