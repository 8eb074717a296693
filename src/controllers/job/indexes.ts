/**
 * Completion indexes of Indexed Jobs: the index of a pod (annotation, then label), and
 * the compressed interval form of status.completedIndexes ("0-2,5").
 */
import type { Pod } from "../../api/types/index.ts";
import { COMPLETION_INDEX_ANNOTATION, COMPLETION_INDEX_LABEL } from "./constants.ts";

/** The pod's completion index, or undefined when missing or invalid. */
export function podIndex(pod: Pod, completions?: number): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION] ?? pod.metadata.labels?.[COMPLETION_INDEX_LABEL];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  if (completions !== undefined && n >= completions) return undefined;
  return n;
}

/** Parses "0-2,5" into a sorted set of indexes (invalid parts are skipped). */
export function parseIndexes(s: string | undefined, completions?: number): Set<number> {
  const out = new Set<number>();
  if (!s) return out;
  for (const part of s.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    for (let i = from; i <= to && (completions === undefined || i < completions); i++) out.add(i);
  }
  return out;
}

/** "0-2,5": runs of consecutive indexes, ascending. */
export function formatIndexes(set: Iterable<number>): string {
  const sorted = [...new Set(set)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** The first n indexes below completions that are neither succeeded nor taken by an active pod. */
export function firstPendingIndexes(n: number, completions: number, succeeded: ReadonlySet<number>, active: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < n; i++) if (!succeeded.has(i) && !active.has(i)) out.push(i);
  return out;
}
