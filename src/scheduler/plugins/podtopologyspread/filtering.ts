/**
 * PodTopologySpread filtering (whenUnsatisfiable: DoNotSchedule): per constraint, the
 * number of matching pods per topology value and the two smallest ("critical paths");
 * a node fits when matchNum + selfMatch - globalMin <= maxSkew, where the global minimum
 * is 0 while fewer than minDomains domains exist.
 */
import type { Node, Pod } from "../../api-types.ts";
import type { StateData } from "../../framework/cycle-state.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import { RequiredNodeAffinity } from "../helper/node-affinity.ts";
import { type Constraint, countKey, countMatchingOnNode, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints } from "./common.ts";

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";

const MAX = 2 ** 31 - 1;

/** The two smallest match numbers of a constraint (paths[0] always holds the minimum). */
export class CriticalPaths {
  v0 = "";
  n0 = MAX;
  v1 = "";
  n1 = MAX;

  update(tpVal: string, num: number): void {
    if (tpVal === this.v0 || tpVal === this.v1) {
      if (tpVal === this.v0) this.n0 = num;
      else this.n1 = num;
      if (this.n0 > this.n1) {
        [this.v0, this.v1] = [this.v1, this.v0];
        [this.n0, this.n1] = [this.n1, this.n0];
      }
    } else if (num < this.n0) {
      this.v1 = this.v0;
      this.n1 = this.n0;
      this.v0 = tpVal;
      this.n0 = num;
    } else if (num < this.n1) {
      this.v1 = tpVal;
      this.n1 = num;
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.v0 = this.v0;
    c.n0 = this.n0;
    c.v1 = this.v1;
    c.n1 = this.n1;
    return c;
  }
}

export class PreFilterState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    readonly criticalPaths: CriticalPaths[],
    readonly tpValueToMatchNum: Map<string, number>[],
    readonly required: RequiredNodeAffinity,
  ) {}

  clone(): StateData {
    return new PreFilterState(
      this.constraints,
      this.criticalPaths.map((p) => p.clone()),
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.required,
    );
  }

  minMatchNum(i: number): number {
    const domains = this.tpValueToMatchNum[i]!.size;
    return domains < this.constraints[i]!.minDomains ? 0 : this.criticalPaths[i]!.n0;
  }

  /** AddPod/RemovePod during preemption. */
  updateWithPod(updated: Pod, preemptor: Pod, node: Node | null, delta: number): void {
    if (!node || (updated.metadata.namespace ?? "") !== (preemptor.metadata.namespace ?? "")) return;
    if (!nodeLabelsMatchSpreadConstraints(node.metadata.labels, this.constraints)) return;
    this.constraints.forEach((c, i) => {
      if (!c.selector.matches(updated.metadata.labels)) return;
      if (!matchNodeInclusionPolicies(c, preemptor, node, this.required)) return;
      const v = node.metadata.labels![c.topologyKey]!;
      const m = this.tpValueToMatchNum[i]!;
      const n = (m.get(v) ?? 0) + delta;
      m.set(v, n);
      this.criticalPaths[i]!.update(v, n);
    });
  }
}

export function computePreFilterState(pod: Pod, constraints: Constraint[], allNodes: readonly NodeInfo[]): PreFilterState {
  const required = new RequiredNodeAffinity(pod);
  const maps = constraints.map(() => new Map<string, number>());
  const ns = pod.metadata.namespace ?? "";
  const needPolicies = constraints.some((c) => (c.nodeAffinityPolicy === "Honor" && !required.isEmpty) || c.nodeTaintsPolicy === "Honor");
  const keys = constraints.map((c) => countKey(c, ns));
  for (let n = 0; n < allNodes.length; n++) {
    const ni = allNodes[n]!;
    const labels = ni.labels;
    if (ni.node === null || !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (needPolicies && !matchNodeInclusionPolicies(c, pod, ni.node, required)) continue;
      const v = labels![c.topologyKey]!;
      const m = maps[i]!;
      m.set(v, (m.get(v) ?? 0) + countMatchingOnNode(ni, c, ns, keys[i]!));
    }
  }
  const paths = maps.map((m) => {
    const p = new CriticalPaths();
    for (const [v, n] of m) p.update(v, n);
    return p;
  });
  return new PreFilterState(constraints, paths, maps, required);
}

export function filterNode(s: PreFilterState, pod: Pod, nodeInfo: NodeInfo): { ok: true } | { ok: false; unresolvable: boolean; reason: string } {
  const labels = nodeInfo.labels;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    if (!labels || !Object.hasOwn(labels, c.topologyKey)) return { ok: false, unresolvable: true, reason: ERR_REASON_NODE_LABEL_NOT_MATCH };
    const minMatch = s.minMatchNum(i);
    const self = c.selector.matches(pod.metadata.labels) ? 1 : 0;
    const matchNum = s.tpValueToMatchNum[i]!.get(labels[c.topologyKey]!) ?? 0;
    if (matchNum + self - minMatch > c.maxSkew) return { ok: false, unresolvable: false, reason: ERR_REASON_CONSTRAINTS_NOT_MATCH };
  }
  return { ok: true };
}
