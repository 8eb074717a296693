import { CompactedError, FutureRevisionError } from "../errors.ts";

/** Resolves a requested read revision (0/undefined: latest) against the store's range. */
export function readRevision(requested: number | undefined, current: number, compacted: number): number {
  if (!requested) return current;
  if (requested < compacted) throw new CompactedError(requested, compacted);
  if (requested > current) throw new FutureRevisionError(requested, current);
  return requested;
}

/** Index of the first element whose revision is greater than `rev` (items ascending). */
export function firstAfter<T extends { revision: number }>(items: readonly T[], rev: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.revision <= rev) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
