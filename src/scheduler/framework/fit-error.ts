/**
 * FitError: why a pod fits no node. Its message has upstream's shape,
 * "0/X nodes are available: <PreFilterMsg>. <sorted reason histogram>. <PostFilterMsg>",
 * which kubectl describe shows in the FailedScheduling event and the pod condition.
 */
import type { Pod } from "../api-types.ts";
import { NodeToStatus } from "./interfaces.ts";
import type { Status } from "./status.ts";

export class Diagnosis {
  nodeToStatus = new NodeToStatus();
  unschedulablePlugins = new Set<string>();
  pendingPlugins = new Set<string>();
  preFilterMsg = "";
  postFilterMsg = "";

  addPluginStatus(s: Status): void {
    if (!s.plugin) return;
    if (s.isRejected()) this.unschedulablePlugins.add(s.plugin);
    if (s.code === 6 /* Pending */) this.pendingPlugins.add(s.plugin);
  }
}

export const NO_NODE_AVAILABLE_MSG = "0/%d nodes are available";

export class FitError {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  message(): string {
    const d = this.diagnosis;
    let msg = `0/${this.numAllNodes} nodes are available:`;
    if (d.preFilterMsg !== "") {
      msg += ` ${d.preFilterMsg}.`;
    } else {
      const reasons = new Map<string, number>();
      for (const s of d.nodeToStatus.map.values()) for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      const absent = this.numAllNodes - d.nodeToStatus.map.size;
      if (absent > 0 && d.nodeToStatus.absentStatus) {
        for (const r of d.nodeToStatus.absentStatus.reasons) reasons.set(r, (reasons.get(r) ?? 0) + absent);
      }
      const hist = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
      if (hist.length > 0) msg += ` ${hist.join(", ")}.`;
    }
    if (d.postFilterMsg !== "") msg += ` ${d.postFilterMsg}`;
    return msg;
  }
}
