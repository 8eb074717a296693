/** Picks the node with the highest total score; ties are broken uniformly at random (reservoir sampling). */
import type { NodeInfo } from "../framework/node-info.ts";

export function selectHost(nodes: readonly NodeInfo[], totals: Float64Array, rand: () => number = Math.random): string {
  if (nodes.length === 0) throw new Error("empty priorityList");
  let best = 0;
  let max = totals[0]!;
  let count = 1;
  for (let i = 1; i < nodes.length; i++) {
    const s = totals[i]!;
    if (s > max) {
      max = s;
      best = i;
      count = 1;
    } else if (s === max) {
      count++;
      if (Math.floor(rand() * count) === 0) best = i;
    }
  }
  return nodes[best]!.name;
}
