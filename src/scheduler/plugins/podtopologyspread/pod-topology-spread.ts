/** PodTopologySpread plugin: hard constraints in PreFilter/Filter, soft and default ones in PreScore/Score. */
import type { Node, Pod, TopologySpreadConstraint } from "../../api-types.ts";
import type { CycleState } from "../../framework/cycle-state.ts";
import { ActionType, type ClusterEventWithHint, QueueingHint } from "../../framework/events.ts";
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PluginFactory,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
  Scores,
} from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import type { PodInfo } from "../../framework/pod-info.ts";
import { Code, type Result, Status } from "../../framework/status.ts";
import { defaultSelector } from "../helper/default-selector.ts";
import { Names } from "../names.ts";
import { type Constraint, filterConstraints, SYSTEM_DEFAULT_CONSTRAINTS } from "./common.ts";
import { computePreFilterState, filterNode, PreFilterState } from "./filtering.ts";
import { computePreScoreState, normalize, PreScoreState, scoreNode } from "./scoring.ts";

const PRE_FILTER_KEY = "PreFilter" + Names.PodTopologySpread;
const PRE_SCORE_KEY = "PreScore" + Names.PodTopologySpread;

export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: "System" | "List";
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.PodTopologySpread;
  private readonly defaultConstraints: TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;

  constructor(
    private readonly handle: Handle,
    args: PodTopologySpreadArgs = {},
  ) {
    const type = args.defaultingType ?? "System";
    if (type === "System" && (args.defaultConstraints?.length ?? 0) > 0) {
      throw new Error("PodTopologySpread: defaultConstraints: Invalid value: when .defaultingType is System, .defaultConstraints must be empty");
    }
    for (const c of args.defaultConstraints ?? []) {
      if (c.labelSelector) throw new Error("PodTopologySpread: defaultConstraints[].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod");
      if (!(c.maxSkew > 0)) throw new Error("PodTopologySpread: defaultConstraints[].maxSkew: Invalid value: must be greater than zero");
    }
    this.systemDefaulted = type === "System";
    this.defaultConstraints = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
  }

  /** The pod's own constraints with `action`, or the cluster defaults with the workload selector. */
  constraints(pod: Pod, action: "DoNotSchedule" | "ScheduleAnyway"): Constraint[] {
    const own = pod.spec.topologySpreadConstraints;
    if (own && own.length > 0) return filterConstraints(own, pod.metadata.labels, action);
    const cs = filterConstraints(this.defaultConstraints, pod.metadata.labels, action);
    if (cs.length === 0) return cs;
    const { matcher: selector, key } = defaultSelector(pod, this.handle.listers);
    if (selector.everything || selector.nothing) return [];
    return cs.map((c) => ({ ...c, selector, selectorKey: key }));
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result {
    const cs = this.constraints(pod, "DoNotSchedule");
    if (cs.length === 0) return new Status(Code.Skip);
    state.write(PRE_FILTER_KEY, computePreFilterState(pod, cs, nodes));
    return null;
  }

  private preFilterState(state: CycleState): PreFilterState {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) throw new Error(`reading ${JSON.stringify(PRE_FILTER_KEY)} from cycleState: not found`);
    return s;
  }

  addPod(state: CycleState, pod: Pod, pi: PodInfo, nodeInfo: NodeInfo): Result {
    this.preFilterState(state).updateWithPod(pi.pod, pod, nodeInfo.node, 1);
    return null;
  }

  removePod(state: CycleState, pod: Pod, pi: PodInfo, nodeInfo: NodeInfo): Result {
    this.preFilterState(state).updateWithPod(pi.pod, pod, nodeInfo.node, -1);
    return null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result {
    const r = filterNode(this.preFilterState(state), pod, nodeInfo);
    if (r.ok) return null;
    return new Status(r.unresolvable ? Code.UnschedulableAndUnresolvable : Code.Unschedulable, [r.reason]);
  }

  preScore(state: CycleState, pod: Pod, filteredNodes: readonly NodeInfo[]): Result {
    const all = this.handle.snapshot.list();
    if (all.length === 0) return new Status(Code.Skip);
    const cs = this.constraints(pod, "ScheduleAnyway");
    if (cs.length === 0) return new Status(Code.Skip);
    const requireAll = (pod.spec.topologySpreadConstraints?.length ?? 0) > 0 || !this.systemDefaulted;
    state.write(PRE_SCORE_KEY, computePreScoreState(pod, cs, requireAll, filteredNodes, all));
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    return s ? scoreNode(s, pod, nodeInfo) : 0;
  }

  normalizeScore(state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], scores: Scores): Result {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (s) normalize(s, nodes, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    const podHint = (pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint => {
      const cs = this.constraints(pod, "DoNotSchedule");
      for (const o of [oldObj, newObj]) {
        const p = o as Pod | undefined;
        if (!p || (p.metadata.namespace ?? "") !== (pod.metadata.namespace ?? "")) continue;
        if (cs.some((c) => c.selector.matches(p.metadata.labels))) return QueueingHint.Queue;
      }
      return QueueingHint.QueueSkip;
    };
    const nodeHint = (pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint => {
      const cs = this.constraints(pod, "DoNotSchedule");
      for (const o of [oldObj, newObj]) {
        const labels = (o as Node | undefined)?.metadata.labels;
        if (labels && cs.some((c) => Object.hasOwn(labels, c.topologyKey))) return QueueingHint.Queue;
      }
      return QueueingHint.QueueSkip;
    };
    return [
      { event: { resource: "AssignedPod", actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete }, hint: podHint },
      { event: { resource: "Node", actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint }, hint: nodeHint },
      { event: { resource: "UnscheduledPod", actionType: ActionType.UpdatePodLabel } },
    ];
  }
}

export const newPodTopologySpread: PluginFactory = (args, handle) => new PodTopologySpread(handle, (args ?? {}) as PodTopologySpreadArgs);
