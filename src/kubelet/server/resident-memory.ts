/**
 * The resident memory of a set of processes (VmRSS in /proc/<pid>/status, summed): what the
 * Summary API reports as a pod's or container's working set where the cgroup v2 memory
 * controller is missing and memory.current cannot be read. Processes that exit meanwhile,
 * and kernel threads (no VmRSS), count as nothing.
 */
import { readFile } from "node:fs/promises";

/** Bytes resident for the pids, or undefined when none could be read. */
export type ResidentMemory = (pids: readonly number[]) => Promise<number | undefined>;

async function vmRss(pid: number): Promise<number | undefined> {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(await readFile(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const procResidentMemory: ResidentMemory = async (pids) => {
  let total: number | undefined;
  for (const rss of await Promise.all(pids.map(vmRss))) if (rss !== undefined) total = (total ?? 0) + rss;
  return total;
};
