/**
 * The record a leader keeps in a lock object, and the lock interface the elector
 * needs (client-go resourcelock). Writes use optimistic concurrency: update() sends
 * the resourceVersion last read or written, so a concurrent writer makes it fail
 * with a Conflict instead of overwriting.
 */

export interface LeaderElectionRecord {
  /** "" when nobody holds the lock (released). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** RFC 3339 with microseconds, as metav1.MicroTime. */
  acquireTime: string;
  renewTime: string;
  leaderTransitions: number;
}

export interface ResourceLock {
  /** The current record and its raw form (to detect change), or undefined when the object does not exist. */
  get(signal?: AbortSignal): Promise<{ record: LeaderElectionRecord; raw: string } | undefined>;
  create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  /** Replaces the record at the last seen resourceVersion (Conflict if it changed). */
  update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  /** This candidate's identity. */
  identity(): string;
  /** "namespace/name", for logs. */
  describe(): string;
}

/** metav1.MicroTime text: "2006-01-02T15:04:05.000000Z". */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
