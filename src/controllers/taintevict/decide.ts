/**
 * When a pod on a node with NoExecute taints must go (upstream taint eviction):
 * now if some NoExecute taint is not tolerated, after the shortest tolerationSeconds of
 * the matching tolerations (counted from when the taint was added) if all are
 * tolerated for a while, never if all are tolerated forever.
 */
import type { Pod, Taint } from "../../api/types/index.ts";
import { tolerates } from "../helper/taints.ts";

export type Eviction = { at: "never" } | { at: "now" } | { at: number };

export function evictionTime(pod: Pod, taints: readonly Taint[], now: number): Eviction {
  const noExecute = taints.filter((t) => t.effect === "NoExecute");
  if (noExecute.length === 0) return { at: "never" };
  let earliest: number | undefined;
  for (const taint of noExecute) {
    const matching = (pod.spec?.tolerations ?? []).filter((t) => tolerates(t, taint));
    if (matching.length === 0) return { at: "now" };
    const bounded = matching.filter((t) => t.tolerationSeconds !== undefined && t.tolerationSeconds !== null);
    if (bounded.length < matching.length) continue; // one toleration without a limit tolerates it forever
    const secs = Math.min(...bounded.map((t) => Math.max(0, t.tolerationSeconds!)));
    const since = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
    const at = since + secs * 1000;
    earliest = earliest === undefined ? at : Math.min(earliest, at);
  }
  if (earliest === undefined) return { at: "never" };
  return earliest <= now ? { at: "now" } : { at: earliest };
}
