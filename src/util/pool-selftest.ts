/** A pool task used by `kubun check` to prove worker threads run: sums a shared Int32Array. */
import { threadId } from "node:worker_threads";

export default function sumShared({ buffer }: { buffer: SharedArrayBuffer }): { sum: number; threadId: number } {
  const view = new Int32Array(buffer);
  let sum = 0;
  for (let i = 0; i < view.length; i++) sum += view[i]!;
  return { sum, threadId };
}
