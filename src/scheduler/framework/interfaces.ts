/**
 * The scheduling framework's plugin contract. A Plugin is only a name; each extension
 * point adds one or two methods. A plugin object may implement several points; the
 * type guards below stand in for Go's interface assertions.
 */
import type { Namespace, Pod, PodDisruptionBudget, ReplicaSetLike, ReplicationController, Service } from "../api-types.ts";
import type { SchedulerEvent, SchedulerSource } from "../source.ts";
import type { Labels } from "../util/labels.ts";
import type { CycleState } from "./cycle-state.ts";
import type { ClusterEventWithHint } from "./events.ts";
import type { NodeInfo } from "./node-info.ts";
import type { PodInfo } from "./pod-info.ts";
import type { Result, Status } from "./status.ts";

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
export const MAX_TOTAL_SCORE = Number.MAX_SAFE_INTEGER;

export interface Plugin {
  readonly name: string;
}

/** A pod waiting in the scheduling queue, with its scheduling history. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was last added to the queue (ms). */
  timestamp: number;
  /** When the pod was first popped for scheduling (ms); null before the first attempt. */
  initialAttemptTimestamp: number | null;
  attempts: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending in its last attempt. */
  pendingPlugins: Set<string>;
  /** Rejected by a PreEnqueue plugin (e.g. scheduling gates); only events move it. */
  gated: boolean;
  /** The PreEnqueue plugin that gated it. */
  gatingPlugin: string;
}

/** Narrows the nodes evaluated in Filter; null nodeNames means all nodes. */
export class PreFilterResult {
  constructor(readonly nodeNames: Set<string> | null) {}

  merge(o: PreFilterResult | null): PreFilterResult {
    if (o === null || o.nodeNames === null) return this;
    if (this.nodeNames === null) return o;
    return new PreFilterResult(new Set([...this.nodeNames].filter((n) => o.nodeNames!.has(n))));
  }
}

/** Per-node filter statuses of one cycle, plus the status assumed for nodes not in it. */
export class NodeToStatus {
  readonly map = new Map<string, Status>();
  absentStatus: Status | null = null;

  get(name: string): Status | null {
    return this.map.get(name) ?? this.absentStatus;
  }

  set(name: string, s: Status): void {
    this.map.set(name, s);
  }
}

export const NominatingMode = { Noop: 0, Override: 1 } as const;
export interface PostFilterResult {
  nominatedNodeName: string;
  mode: (typeof NominatingMode)[keyof typeof NominatingMode];
}

export interface PostFilterOutcome {
  result: PostFilterResult | null;
  status: Result;
}

/** Score lists are aligned with the node list given to Score: scores[i] belongs to nodes[i]. */
export type Scores = Float64Array;

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Result;
}

export interface PreFilterPlugin extends Plugin {
  /** Success (null), a PreFilterResult narrowing the nodes, Skip, or a rejection. */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result | PreFilterResult;
  /** Incremental updates of the PreFilter state when preemption adds or removes a pod. */
  addPod?(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Result;
  removePod?(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Result;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, statuses: NodeToStatus): Promise<PostFilterOutcome> | PostFilterOutcome;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result;
}

/**
 * A numeric score that can run off the main thread: the plugin names a kernel of
 * pool/kernels.ts and its parameters; the kernel reads node data from the shared node table.
 */
export interface KernelSpec {
  kernel: string;
  params: Float64Array;
}

export interface ScorePlugin extends Plugin {
  /** The node's raw score; throws on internal errors. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** Optional batch form: out[i] = score(nodes[i]); lets a plugin read its cycle state once. */
  scoreNodes?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], out: Scores): void;
  normalizeScore?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: Scores): Result;
  /** When present and not null, the score may be computed by the pool kernel instead. */
  scoreKernel?(state: CycleState, pod: Pod): KernelSpec | null;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Result;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface PermitOutcome {
  status: Result;
  /** For Wait: how long to wait before rejecting (ms). */
  timeoutMs?: number;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): PermitOutcome;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Result> | Result;
}

export interface BindPlugin extends Plugin {
  /** Skip hands the pod to the next bind plugin. */
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Result> | Result;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface EnqueueExtensions extends Plugin {
  eventsToRegister(): ClusterEventWithHint[];
}

const has = (p: object, m: string) => typeof (p as Record<string, unknown>)[m] === "function";
export const isQueueSortPlugin = (p: Plugin): p is QueueSortPlugin => has(p, "less");
export const isPreEnqueuePlugin = (p: Plugin): p is PreEnqueuePlugin => has(p, "preEnqueue");
export const isPreFilterPlugin = (p: Plugin): p is PreFilterPlugin => has(p, "preFilter");
export const isFilterPlugin = (p: Plugin): p is FilterPlugin => has(p, "filter");
export const isPostFilterPlugin = (p: Plugin): p is PostFilterPlugin => has(p, "postFilter");
export const isPreScorePlugin = (p: Plugin): p is PreScorePlugin => has(p, "preScore");
export const isScorePlugin = (p: Plugin): p is ScorePlugin => has(p, "score");
export const isReservePlugin = (p: Plugin): p is ReservePlugin => has(p, "reserve") && has(p, "unreserve");
export const isPermitPlugin = (p: Plugin): p is PermitPlugin => has(p, "permit");
export const isPreBindPlugin = (p: Plugin): p is PreBindPlugin => has(p, "preBind");
export const isBindPlugin = (p: Plugin): p is BindPlugin => has(p, "bind");
export const isPostBindPlugin = (p: Plugin): p is PostBindPlugin => has(p, "postBind");
export const isEnqueueExtensions = (p: Plugin): p is EnqueueExtensions => has(p, "eventsToRegister");

/** Read access to the snapshot of the current cycle. */
export interface NodeInfoLister {
  list(): readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
}

/** Informer-backed reads of cluster objects other than nodes. */
export interface ClusterListers {
  /** The latest pod from the watch, or undefined when it is gone. */
  pod(namespace: string, name: string): Pod | undefined;
  namespaceLabels(namespace: string): Labels;
  namespaces(): Iterable<Namespace>;
  podDisruptionBudgets(): Iterable<PodDisruptionBudget>;
  services(namespace: string): Iterable<Service>;
  replicaSet(namespace: string, name: string): ReplicaSetLike | undefined;
  statefulSet(namespace: string, name: string): ReplicaSetLike | undefined;
  replicationController(namespace: string, name: string): ReplicationController | undefined;
}

export interface PodNominator {
  /** Pods nominated (by preemption) to run on the node, highest priority first is not guaranteed. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** What a plugin gets from the framework it runs in. */
export interface Handle {
  readonly profileName: string;
  readonly snapshot: NodeInfoLister;
  readonly listers: ClusterListers;
  readonly client: SchedulerSource;
  readonly nominator: PodNominator;
  now(): number;
  recordEvent(ev: SchedulerEvent): void;
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Result;
  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Result;
  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Result;
  /** Rejects a pod waiting at Permit; false when no such pod waits. */
  rejectWaitingPod(uid: string, plugin: string, msg: string): boolean;
}

/** Builds a plugin from its pluginConfig args (already defaulted) and the framework handle. */
export type PluginFactory = (args: Record<string, unknown> | undefined, handle: Handle) => Plugin;
