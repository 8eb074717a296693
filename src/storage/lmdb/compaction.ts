/**
 * Physical compaction, run in chunks inside write transactions (each chunk is one
 * writer task, so writes interleave with a long compaction). For every change logged
 * at a revision r <= target: versions of that key older than r are dropped (r
 * superseded them at or below the target), a tombstone at r is dropped too, and the
 * log entry goes. What remains per key is its latest version at or below the target,
 * which is exactly what reads at the target and prevKv of later changes need.
 * Progress is implicit (processed log entries are gone), so a crash mid-way resumes.
 */
import { FLAG_TOMBSTONE, histKey, logKey, readU64 } from "./layout.ts";
import type { LmdbEnv } from "./open-env.ts";

/** Compacts up to `limit` log entries at or below `target`; returns true when none remain. */
export function compactChunk(env: LmdbEnv, target: number, limit: number): boolean {
  const { log, hist } = env;
  const entries: { logKey: Buffer; key: string; rev: number }[] = [];
  for (const { key, value } of log.getRange({ end: logKey(target + 1, 0), limit: limit + 1 })) {
    entries.push({ logKey: Buffer.from(key), key: Buffer.from(value).toString("utf8"), rev: readU64(key, 0) });
  }
  const done = entries.length <= limit;
  if (!done) entries.pop();
  for (const e of entries) {
    const older: Buffer[] = [];
    for (const k of hist.getKeys({ start: histKey(e.key, 0), end: histKey(e.key, e.rev) })) older.push(Buffer.from(k));
    for (const k of older) hist.remove(k);
    const own = histKey(e.key, e.rev);
    const rec = hist.getBinaryFast(own);
    if (rec && rec[0] === FLAG_TOMBSTONE) hist.remove(own);
    log.remove(e.logKey);
  }
  return done;
}

/** True when log entries at or below `target` remain (an interrupted compaction). */
export function compactionPending(env: LmdbEnv, target: number): boolean {
  for (const _ of env.log.getKeys({ end: logKey(target + 1, 0), limit: 1 })) return true;
  return false;
}
