/**
 * DefaultPreemption (PostFilter): when a pod fits nowhere, find nodes where evicting
 * lower-priority pods would make it fit, pick one by upstream's criteria, evict the
 * victims (DisruptionTarget condition, then delete) and nominate the node.
 */
import type { Pod } from "../../api-types.ts";
import type { CycleState } from "../../framework/cycle-state.ts";
import { Diagnosis, FitError } from "../../framework/fit-error.ts";
import {
  type Handle,
  NodeToStatus,
  NominatingMode,
  type PluginFactory,
  type PostFilterOutcome,
  type PostFilterPlugin,
} from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { podKey, podPriority } from "../../framework/pod-info.ts";
import { Code, Status } from "../../framework/status.ts";
import { podRef } from "../../source.ts";
import { Names } from "../names.ts";
import { pickOneNodeForPreemption, selectVictimsOnNode, type Victims } from "./victims.ts";

export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

export function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((c) => c.type === "DisruptionTarget");
  return c !== undefined && c.status === "True" && c.reason === "PreemptionByScheduler";
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = Names.DefaultPreemption;
  private readonly pct: number;
  private readonly abs: number;
  /** Random offset source; replaceable by tests. */
  random: (n: number) => number = (n) => Math.floor(Math.random() * n);

  constructor(
    private readonly handle: Handle,
    args: DefaultPreemptionArgs = {},
  ) {
    this.pct = args.minCandidateNodesPercentage ?? 10;
    this.abs = args.minCandidateNodesAbsolute ?? 100;
    if (this.pct < 0 || this.pct > 100) throw new Error("DefaultPreemption: minCandidateNodesPercentage: Invalid value: not in valid range [0, 100]");
    if (this.abs < 0) throw new Error("DefaultPreemption: minCandidateNodesAbsolute: Invalid value: not in valid range [0, inf)");
    if (this.pct === 0 && this.abs === 0) throw new Error("DefaultPreemption: both minCandidateNodesPercentage and minCandidateNodesAbsolute cannot be zero");
  }

  async postFilter(state: CycleState, podIn: Pod, statuses: NodeToStatus): Promise<PostFilterOutcome> {
    const out = await this.preempt(state, podIn, statuses);
    const msg = out.status?.message() ?? "";
    if (out.status && msg.length > 0) return { result: out.result, status: new Status(out.status.code, ["preemption: " + msg]) };
    return out;
  }

  calculateNumCandidates(numNodes: number): number {
    let n = Math.trunc((numNodes * this.pct) / 100);
    if (n < this.abs) n = this.abs;
    return n > numNodes ? numNodes : n;
  }

  private isPreemptionAllowed(victim: Pod, preemptor: Pod): boolean {
    return podPriority(victim) < podPriority(preemptor);
  }

  eligibleToPreemptOthers(pod: Pod, nominatedStatus: Status | null): [boolean, string] {
    if (pod.spec.preemptionPolicy === "Never") return [false, "not eligible due to preemptionPolicy=Never."];
    const nom = pod.status?.nominatedNodeName;
    if (nom) {
      if (nominatedStatus?.code === Code.UnschedulableAndUnresolvable) return [true, ""];
      const ni = this.handle.snapshot.get(nom);
      if (ni) {
        for (const p of ni.pods) {
          if (this.isPreemptionAllowed(p.pod, pod) && podTerminatingByPreemption(p.pod)) {
            return [false, "not eligible due to a terminating pod on the nominated node."];
          }
        }
      }
    }
    return [true, ""];
  }

  private async preempt(state: CycleState, podIn: Pod, statuses: NodeToStatus): Promise<PostFilterOutcome> {
    const pod = this.handle.listers.pod(podIn.metadata.namespace ?? "", podIn.metadata.name ?? "") ?? podIn;
    const nominated = statuses.get(pod.status?.nominatedNodeName ?? "");
    const [ok, why] = this.eligibleToPreemptOthers(pod, pod.status?.nominatedNodeName ? nominated : null);
    if (!ok) return { result: null, status: new Status(Code.Unschedulable, [why]) };

    const allNodes = this.handle.snapshot.list();
    if (allNodes.length === 0) return { result: null, status: new Status(Code.Error, ["no nodes available"]) };
    const potential: NodeInfo[] = allNodes.filter((n) => statuses.get(n.name)?.code === Code.Unschedulable);
    const nodeStatuses = new NodeToStatus();
    const candidates = new Map<string, Victims>();
    if (potential.length > 0) {
      const pdbs = [...this.handle.listers.podDisruptionBudgets()];
      const offset = this.random(potential.length);
      const want = this.calculateNumCandidates(potential.length);
      const nonViolating: [string, Victims][] = [];
      const violating: [string, Victims][] = [];
      for (let i = 0; i < potential.length; i++) {
        const ni = potential[(offset + i) % potential.length]!.clone();
        const r = selectVictimsOnNode(this.handle, state.clone(), pod, ni, pdbs, (v) => this.isPreemptionAllowed(v.pod, pod));
        if ((r.status === null || r.status.code === Code.Success) && r.victims.length > 0) {
          (r.numViolating === 0 ? nonViolating : violating).push([ni.name, { pods: r.victims, numPDBViolations: r.numViolating }]);
          if (nonViolating.length > 0 && nonViolating.length + violating.length >= want) break;
          continue;
        }
        const s = r.status ?? new Status(Code.Error, [`expected at least one victim pod on node ${JSON.stringify(ni.name)}`]);
        nodeStatuses.set(ni.name, s);
      }
      for (const [n, v] of [...nonViolating, ...violating]) candidates.set(n, v);
    }
    if (candidates.size === 0) {
      const d = new Diagnosis();
      for (const [n, s] of nodeStatuses.map) d.nodeToStatus.set(n, s);
      d.nodeToStatus.absentStatus = new Status(Code.UnschedulableAndUnresolvable, ["Preemption is not helpful for scheduling"]);
      const msg = new FitError(pod, allNodes.length, d).message();
      return { result: { nominatedNodeName: "", mode: NominatingMode.Override }, status: new Status(Code.Unschedulable, [msg]) };
    }
    const best = pickOneNodeForPreemption(candidates, this.handle.now());
    if (best === "") return { result: null, status: new Status(Code.Unschedulable, ["no candidate node for preemption"]) };
    const err = await this.prepareCandidate(best, candidates.get(best)!, pod);
    if (err) return { result: null, status: new Status(Code.Error, [err.message], err) };
    return { result: { nominatedNodeName: best, mode: NominatingMode.Override }, status: null };
  }

  /** Evicts the victims and clears lower-priority nominations on the node. */
  private async prepareCandidate(node: string, victims: Victims, preemptor: Pod): Promise<Error | null> {
    const h = this.handle;
    const schedulerName = preemptor.spec.schedulerName || "default-scheduler";
    const results = await Promise.allSettled(
      victims.pods.map(async (victim) => {
        if (victim.metadata.deletionTimestamp) return;
        if (!h.rejectWaitingPod(podKey(victim), this.name, "preempted")) {
          await h.client.patchPodStatus(podRef(victim), {
            condition: {
              type: "DisruptionTarget",
              status: "True",
              reason: "PreemptionByScheduler",
              message: `${schedulerName}: preempting to accommodate a higher priority pod`,
              lastTransitionTime: new Date(h.now()).toISOString(),
            },
          });
          await h.client.deletePod(podRef(victim));
        }
        h.recordEvent({
          regarding: victim,
          related: preemptor,
          type: "Normal",
          reason: "Preempted",
          action: "Preempting",
          note: `Preempted by pod ${preemptor.metadata.uid ?? ""} on node ${node}`,
        });
      }),
    );
    const failed = results.find((r) => r.status === "rejected");
    if (failed) return failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
    const prio = podPriority(preemptor);
    for (const pi of h.nominator.nominatedPodsForNode(node)) {
      if (podPriority(pi.pod) < prio) {
        h.client.patchPodStatus(podRef(pi.pod), { nominatedNodeName: "" }).catch(() => {});
      }
    }
    return null;
  }
}

export const newDefaultPreemption: PluginFactory = (args, handle) => new DefaultPreemption(handle, (args ?? {}) as DefaultPreemptionArgs);
