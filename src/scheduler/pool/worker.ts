/**
 * Pool worker: runs score kernels over the shared node table for a range of nodes and
 * writes into the shared output buffer. Only views are created per task; no data is copied.
 */
import { KERNELS } from "./kernels.ts";
import type { ScoreTask } from "./task.ts";

export default function runScoreTask(task: ScoreTask): number {
  const table = new Float64Array(task.table);
  const slots = new Int32Array(task.slots);
  const out = new Float64Array(task.out);
  for (let k = 0; k < task.kernels.length; k++) {
    const kernel = KERNELS[task.kernels[k]!];
    if (!kernel) throw new Error(`unknown score kernel ${task.kernels[k]}`);
    kernel(task.params[k]!, table, slots, task.from, task.to, out.subarray(k * task.stride, (k + 1) * task.stride));
  }
  return task.to - task.from;
}
