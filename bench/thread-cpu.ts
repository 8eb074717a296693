/**
 * CPU time of a process's threads, read from /proc/<pid>/task/<tid>/stat (utime + stime), for
 * benchmarks that split a figure's CPU between the apiserver's JS thread and the rest.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Seconds of CPU each thread of `pid` has used, by thread id. */
export function threadCpuSeconds(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      // fields after "(comm) ": state is the 1st, utime the 12th and stime the 13th
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** CPU seconds used between two readings: by the main thread (tid = pid) and by all threads. */
export function cpuBetween(pid: number, before: Map<number, number>, after: Map<number, number>): { main: number; all: number } {
  let all = 0;
  for (const [tid, s] of after) all += s - (before.get(tid) ?? 0);
  return { main: (after.get(pid) ?? 0) - (before.get(pid) ?? 0), all };
}
