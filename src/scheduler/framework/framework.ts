/**
 * The framework runtime of one profile: instantiates the profile's plugins from the
 * registry, expands multiPoint, and runs each extension point with upstream's rules
 * (Skip bookkeeping, first failing filter wins, weighted scores, ordered binders).
 */
import type { Pod } from "../api-types.ts";
import type { NodeRowSink } from "../cache/snapshot.ts";
import { EXTENSION_POINTS, type CompletedProfile, type ExtensionPoint, type PluginRef } from "../config/types.ts";
import type { SchedulerEvent, SchedulerSource } from "../source.ts";
import { CycleState } from "./cycle-state.ts";
import type { ClusterEventWithHint } from "./events.ts";
import {
  type BindPlugin,
  type ClusterListers,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  isBindPlugin,
  isEnqueueExtensions,
  isFilterPlugin,
  isPermitPlugin,
  isPostBindPlugin,
  isPostFilterPlugin,
  isPreBindPlugin,
  isPreEnqueuePlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isQueueSortPlugin,
  isReservePlugin,
  isScorePlugin,
  type KernelSpec,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  type NodeInfoLister,
  NominatingMode,
  type NodeToStatus,
  type PermitPlugin,
  type Plugin,
  type PodNominator,
  type PostBindPlugin,
  type PostFilterOutcome,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  PreFilterResult,
  type PreFilterPlugin,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
} from "./interfaces.ts";
import type { NodeInfo } from "./node-info.ts";
import { type PodInfo, podKey, podPriority } from "./pod-info.ts";
import type { Registry } from "./registry.ts";
import { asStatus, Code, type Result, Status } from "./status.ts";
import { WaitingPod } from "./waiting-pods.ts";

/** Runs pool-capable score kernels off the main thread (pool/score-pool.ts). */
export interface ScoreOffloader {
  /** Node count from which offloading is used. */
  readonly cutover: number;
  /** Receives snapshot NodeInfos so the offloader can mirror them (the node table). */
  readonly sink?: NodeRowSink;
  supports(kernel: string): boolean;
  run(specs: readonly KernelSpec[], nodes: readonly NodeInfo[]): Promise<Float64Array[]>;
}

export interface FrameworkDeps {
  client: SchedulerSource;
  listers: ClusterListers;
  nominator: PodNominator;
  snapshot: NodeInfoLister;
  now?: () => number;
  offloader?: ScoreOffloader | null;
}

const IS_POINT: Record<ExtensionPoint, (p: Plugin) => boolean> = {
  preEnqueue: isPreEnqueuePlugin,
  queueSort: isQueueSortPlugin,
  preFilter: isPreFilterPlugin,
  filter: isFilterPlugin,
  postFilter: isPostFilterPlugin,
  preScore: isPreScorePlugin,
  score: isScorePlugin,
  reserve: isReservePlugin,
  permit: isPermitPlugin,
  preBind: isPreBindPlugin,
  bind: isBindPlugin,
  postBind: isPostBindPlugin,
};

const MAX_PERMIT_TIMEOUT_MS = 15 * 60 * 1000;

export class Framework implements Handle {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly plugins = new Map<string, Plugin>();
  queueSort!: QueueSortPlugin;
  preEnqueue: PreEnqueuePlugin[] = [];
  preFilter: PreFilterPlugin[] = [];
  filter: FilterPlugin[] = [];
  postFilter: PostFilterPlugin[] = [];
  preScore: PreScorePlugin[] = [];
  score: ScorePlugin[] = [];
  scoreWeights: number[] = [];
  reserve: ReservePlugin[] = [];
  permit: PermitPlugin[] = [];
  preBind: PreBindPlugin[] = [];
  bind: BindPlugin[] = [];
  postBind: PostBindPlugin[] = [];
  enqueueExtensions: EnqueueExtensions[] = [];

  readonly client: SchedulerSource;
  readonly listers: ClusterListers;
  readonly nominator: PodNominator;
  readonly snapshot: NodeInfoLister;
  offloader: ScoreOffloader | null;
  private readonly clock: () => number;
  private readonly waitingPods = new Map<string, WaitingPod>();

  constructor(registry: Registry, profile: CompletedProfile, deps: FrameworkDeps) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    this.client = deps.client;
    this.listers = deps.listers;
    this.nominator = deps.nominator;
    this.snapshot = deps.snapshot;
    this.offloader = deps.offloader ?? null;
    this.clock = deps.now ?? Date.now;

    const plugins = profile.plugins;
    const needed = new Set<string>();
    for (const set of Object.values(plugins)) for (const p of set?.enabled ?? []) needed.add(p.name);
    for (const name of needed) {
      const factory = registry.get(name);
      if (!factory) throw new Error(`profile ${this.profileName}: plugin ${JSON.stringify(name)} does not exist`);
      const pl = factory(profile.pluginArgs.get(name), this);
      if (pl.name !== name) throw new Error(`plugin factory for ${name} returned a plugin named ${pl.name}`);
      this.plugins.set(name, pl);
      if (isEnqueueExtensions(pl)) this.enqueueExtensions.push(pl);
    }

    const weights = new Map<string, number>();
    const lists = {} as Record<ExtensionPoint, Plugin[]>;
    for (const point of EXTENSION_POINTS) {
      lists[point] = [];
      for (const ref of this.expand(point, profile)) {
        const pl = this.plugins.get(ref.name)!;
        if (!IS_POINT[point](pl)) throw new Error(`plugin ${JSON.stringify(ref.name)} does not extend ${point} plugin`);
        lists[point].push(pl);
        if (point === "score") weights.set(ref.name, ref.weight && ref.weight > 0 ? ref.weight : 1);
      }
    }
    // Every plugin in lists[point] passed IS_POINT[point], so the casts below are sound.
    if (lists.queueSort.length !== 1) throw new Error(`profile ${this.profileName}: exactly one queue sort plugin is required, got ${lists.queueSort.length}`);
    this.queueSort = lists.queueSort[0] as QueueSortPlugin;
    this.preEnqueue = lists.preEnqueue as PreEnqueuePlugin[];
    this.preFilter = lists.preFilter as PreFilterPlugin[];
    this.filter = lists.filter as FilterPlugin[];
    this.postFilter = lists.postFilter as PostFilterPlugin[];
    this.preScore = lists.preScore as PreScorePlugin[];
    this.score = lists.score as ScorePlugin[];
    this.reserve = lists.reserve as ReservePlugin[];
    this.permit = lists.permit as PermitPlugin[];
    this.preBind = lists.preBind as PreBindPlugin[];
    this.bind = lists.bind as BindPlugin[];
    this.postBind = lists.postBind as PostBindPlugin[];
    if (this.bind.length === 0) throw new Error(`profile ${this.profileName}: at least one bind plugin is needed`);
    this.scoreWeights = this.score.map((p) => weights.get(p.name) ?? 1);
  }

  /** upstream expandMultiPointPlugins: explicit overrides first, then multiPoint, then the point's own. */
  private expand(point: ExtensionPoint, profile: CompletedProfile): PluginRef[] {
    const own = profile.plugins[point]?.enabled ?? [];
    const disabled = new Set((profile.plugins[point]?.disabled ?? []).map((d) => d.name));
    const ownNames = new Set(own.map((p) => p.name));
    if (own.length !== ownNames.size) throw new Error(`profile ${this.profileName}: plugin enabled twice at ${point}`);
    if (disabled.has("*")) return own;
    const overrides: PluginRef[] = [];
    const multi: PluginRef[] = [];
    const seen = new Set<string>();
    for (const ref of profile.plugins.multiPoint?.enabled ?? []) {
      const pl = this.plugins.get(ref.name)!;
      if (!IS_POINT[point](pl) || disabled.has(ref.name)) continue;
      if (ownNames.has(ref.name)) {
        overrides.push(own.find((p) => p.name === ref.name)!);
        continue;
      }
      if (seen.has(ref.name)) throw new Error(`plugin ${JSON.stringify(ref.name)} already registered as ${point}`);
      seen.add(ref.name);
      multi.push(ref);
    }
    const used = new Set([...overrides, ...multi].map((p) => p.name));
    return [...overrides, ...multi, ...own.filter((p) => !used.has(p.name))];
  }

  /** All events the profile's plugins registered, keyed by plugin name. */
  eventsToRegister(): Map<string, ClusterEventWithHint[]> {
    const m = new Map<string, ClusterEventWithHint[]>();
    for (const p of this.enqueueExtensions) m.set(p.name, p.eventsToRegister());
    return m;
  }

  now(): number {
    return this.clock();
  }

  recordEvent(ev: SchedulerEvent): void {
    this.client.recordEvent(ev);
  }

  runPreEnqueuePlugins(pod: Pod): Result {
    for (const pl of this.preEnqueue) {
      const s = pl.preEnqueue(pod);
      if (s !== null && s.code !== Code.Success) {
        s.plugin = pl.name;
        return s.isRejected() ? s : new Status(Code.Error, [`running PreEnqueue plugin ${pl.name}: ${s.message()}`]).withPlugin(pl.name);
      }
    }
    return null;
  }

  runPreFilterPlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { result: PreFilterResult | null; status: Result } {
    let result: PreFilterResult | null = null;
    const narrowing: string[] = [];
    for (const pl of this.preFilter) {
      let r: Result | PreFilterResult;
      try {
        r = pl.preFilter(state, pod, nodes);
      } catch (e) {
        return { result: null, status: asStatus(e).withPlugin(pl.name) };
      }
      if (r === null) continue;
      if (r instanceof PreFilterResult) {
        if (r.nodeNames !== null) {
          narrowing.push(pl.name);
          result = result === null ? r : result.merge(r);
          if (result.nodeNames!.size === 0) {
            const msg =
              narrowing.length > 1
                ? `node(s) didn't satisfy plugin(s) [${narrowing.join(" ")}] simultaneously`
                : `node(s) didn't satisfy plugin ${narrowing[0]}`;
            return { result: null, status: new Status(Code.UnschedulableAndUnresolvable, [msg]).withPlugin(pl.name) };
          }
        }
        continue;
      }
      if (r.code === Code.Skip) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (r.code === Code.Success) continue;
      r.plugin = pl.name;
      if (!r.isRejected()) {
        return { result: null, status: new Status(Code.Error, [`running PreFilter plugin ${pl.name}: ${r.message()}`], r.error).withPlugin(pl.name) };
      }
      return { result: null, status: r };
    }
    return { result, status: null };
  }

  /** Filter plugins that run this cycle (PreFilter Skip removes a plugin). */
  activeFilters(state: CycleState): FilterPlugin[] {
    if (state.skipFilterPlugins.size === 0) return this.filter;
    return this.filter.filter((p) => !state.skipFilterPlugins.has(p.name));
  }

  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo, filters = this.activeFilters(state)): Result {
    for (let i = 0; i < filters.length; i++) {
      const pl = filters[i]!;
      let s: Result;
      try {
        s = pl.filter(state, pod, nodeInfo);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (s !== null && s.code !== Code.Success) {
        s.plugin = pl.name;
        if (!s.isRejected()) return new Status(Code.Error, [`running ${JSON.stringify(pl.name)} filter plugin: ${s.message()}`], s.error).withPlugin(pl.name);
        return s;
      }
    }
    return null;
  }

  /**
   * Filters with nominated pods of equal or higher priority counted on the node, then
   * (if that passed and pods were added) without them, as upstream does.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo, filters = this.activeFilters(state)): Result {
    const nominated = this.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo, filters);
    let stateOut = state;
    let infoOut = nodeInfo;
    let added = false;
    const uid = podKey(pod);
    const prio = podPriority(pod);
    for (const pi of nominated) {
      if (podPriority(pi.pod) >= prio && pi.uid !== uid) {
        if (!added) {
          stateOut = state.clone();
          infoOut = nodeInfo.clone();
        }
        infoOut.addPodInfo(pi);
        const s = this.runPreFilterExtensionAddPod(stateOut, pod, pi, infoOut);
        if (s !== null && s.code !== Code.Success) return s;
        added = true;
      }
    }
    const first = this.runFilterPlugins(stateOut, pod, infoOut, filters);
    if (!added || first !== null) return first;
    return this.runFilterPlugins(state, pod, nodeInfo, filters);
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Result {
    for (const pl of this.preFilter) {
      if (!pl.addPod || state.skipFilterPlugins.has(pl.name)) continue;
      const s = pl.addPod(state, pod, podInfoToAdd, nodeInfo);
      if (s !== null && s.code !== Code.Success) return new Status(Code.Error, [`running AddPod on PreFilter plugin ${pl.name}: ${s.message()}`]).withPlugin(pl.name);
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Result {
    for (const pl of this.preFilter) {
      if (!pl.removePod || state.skipFilterPlugins.has(pl.name)) continue;
      const s = pl.removePod(state, pod, podInfoToRemove, nodeInfo);
      if (s !== null && s.code !== Code.Success) return new Status(Code.Error, [`running RemovePod on PreFilter plugin ${pl.name}: ${s.message()}`]).withPlugin(pl.name);
    }
    return null;
  }

  async runPostFilterPlugins(state: CycleState, pod: Pod, statuses: NodeToStatus): Promise<PostFilterOutcome> {
    let result: PostFilterResult | null = null;
    const reasons: string[] = [];
    let rejector = "";
    for (const pl of this.postFilter) {
      let out: PostFilterOutcome;
      try {
        out = await pl.postFilter(state, pod, statuses);
      } catch (e) {
        return { result: null, status: asStatus(e).withPlugin(pl.name) };
      }
      const s = out.status;
      if (s === null || s.code === Code.Success) return out;
      if (s.code === Code.UnschedulableAndUnresolvable) return { result: out.result, status: s.withPlugin(pl.name) };
      if (!s.isRejected()) return { result: null, status: new Status(Code.Error, [s.message()], s.error).withPlugin(pl.name) };
      if (out.result && out.result.mode !== NominatingMode.Noop) result = out.result;
      reasons.push(...s.reasons);
      if (rejector === "") rejector = pl.name;
    }
    return { result, status: new Status(Code.Unschedulable, reasons).withPlugin(rejector) };
  }

  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Result {
    for (const pl of this.preScore) {
      let s: Result;
      try {
        s = pl.preScore(state, pod, nodes);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (s === null || s.code === Code.Success) continue;
      if (s.code === Code.Skip) {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      return new Status(Code.Error, [`running PreScore plugin ${pl.name}: ${s.message()}`], s.error).withPlugin(pl.name);
    }
    return null;
  }

  /**
   * Weighted total score per node (aligned with `nodes`). Kernel-capable plugins go to the
   * pool when an offloader is set and the node count reaches its cut-over; the rest score
   * inline meanwhile. Returns a Promise only in that case.
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Float64Array | Promise<Float64Array> {
    const n = nodes.length;
    const active: number[] = [];
    for (let i = 0; i < this.score.length; i++) if (!state.skipScorePlugins.has(this.score[i]!.name)) active.push(i);
    const perPlugin: (Float64Array | null)[] = new Array(this.score.length).fill(null);
    const off = this.offloader;
    const specs: KernelSpec[] = [];
    const specOwners: number[] = [];
    if (off !== null && n >= off.cutover && nodes[0]!.slot >= 0) {
      for (const i of active) {
        const pl = this.score[i]!;
        const spec = pl.scoreKernel?.(state, pod) ?? null;
        if (spec !== null && off.supports(spec.kernel)) {
          specs.push(spec);
          specOwners.push(i);
        }
      }
    }
    const pending = specs.length > 0 ? off!.run(specs, nodes) : null;
    for (const i of active) {
      if (specOwners.includes(i)) continue;
      const pl = this.score[i]!;
      const scores = new Float64Array(n);
      if (pl.scoreNodes) pl.scoreNodes(state, pod, nodes, scores);
      else for (let j = 0; j < n; j++) scores[j] = pl.score(state, pod, nodes[j]!);
      perPlugin[i] = scores;
    }
    if (pending === null) return this.finishScores(state, pod, nodes, active, perPlugin);
    return pending.then((results) => {
      specOwners.forEach((owner, k) => (perPlugin[owner] = results[k]!));
      return this.finishScores(state, pod, nodes, active, perPlugin);
    });
  }

  private finishScores(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], active: number[], perPlugin: (Float64Array | null)[]): Float64Array {
    const total = new Float64Array(nodes.length);
    for (const i of active) {
      const pl = this.score[i]!;
      const scores = perPlugin[i]!;
      if (pl.normalizeScore) {
        const s = pl.normalizeScore(state, pod, nodes, scores);
        if (s !== null && s.code !== Code.Success) throw new Error(`running Normalize on Score plugin ${pl.name}: ${s.message()}`);
      }
      const w = this.scoreWeights[i]!;
      for (let j = 0; j < scores.length; j++) {
        const v = scores[j]!;
        if (v > MAX_NODE_SCORE || v < MIN_NODE_SCORE) {
          throw new Error(`plugin ${JSON.stringify(pl.name)} returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`);
        }
        total[j]! += v * w;
      }
    }
    return total;
  }

  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Result {
    for (const pl of this.reserve) {
      let s: Result;
      try {
        s = pl.reserve(state, pod, nodeName);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (s !== null && s.code !== Code.Success) {
        s.plugin = pl.name;
        return s.isRejected() ? s : new Status(Code.Error, [`running Reserve plugin ${pl.name}: ${s.message()}`], s.error).withPlugin(pl.name);
      }
    }
    return null;
  }

  /** Unreserve runs in reverse order and cannot fail. */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reserve.length - 1; i >= 0; i--) {
      try {
        this.reserve[i]!.unreserve(state, pod, nodeName);
      } catch {
        // Unreserve must be idempotent and infallible; a throwing plugin is ignored.
      }
    }
  }

  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): Result {
    const waits = new Map<string, number>();
    for (const pl of this.permit) {
      const { status: s, timeoutMs } = pl.permit(state, pod, nodeName);
      if (s === null || s.code === Code.Success) continue;
      if (s.isRejected()) return s.withPlugin(pl.name);
      if (s.code === Code.Wait) {
        waits.set(pl.name, Math.min(timeoutMs ?? MAX_PERMIT_TIMEOUT_MS, MAX_PERMIT_TIMEOUT_MS));
        continue;
      }
      return new Status(Code.Error, [`running Permit plugin ${pl.name}: ${s.message()}`]).withPlugin(pl.name);
    }
    if (waits.size > 0) {
      const key = podKey(pod);
      this.waitingPods.set(key, new WaitingPod(pod, waits, () => this.waitingPods.delete(key)));
      return new Status(Code.Wait, [`one or more plugins asked to wait and no plugin rejected pod ${JSON.stringify(pod.metadata.name)}`]);
    }
    return null;
  }

  getWaitingPod(uid: string): WaitingPod | undefined {
    return this.waitingPods.get(uid);
  }

  /** Resolves when the pod is allowed (null) or rejected; immediately when it is not waiting. */
  async waitOnPermit(pod: Pod): Promise<Result> {
    const wp = this.waitingPods.get(podKey(pod));
    return wp ? wp.done : null;
  }

  rejectWaitingPod(uid: string, plugin: string, msg: string): boolean {
    const wp = this.waitingPods.get(uid);
    if (!wp) return false;
    wp.reject(plugin, msg);
    return true;
  }

  async runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Result> {
    for (const pl of this.preBind) {
      let s: Result;
      try {
        s = await pl.preBind(state, pod, nodeName);
      } catch (e) {
        return asStatus(e).withPlugin(pl.name);
      }
      if (s === null || s.code === Code.Success || s.code === Code.Skip) continue;
      if (s.isRejected()) return s.withPlugin(pl.name);
      return new Status(Code.Error, [`running PreBind plugin ${pl.name}: ${s.message()}`], s.error).withPlugin(pl.name);
    }
    return null;
  }

  async runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Result> {
    for (const pl of this.bind) {
      let s: Result;
      try {
        s = await pl.bind(state, pod, nodeName);
      } catch (e) {
        return new Status(Code.Error, [`running Bind plugin ${JSON.stringify(pl.name)}: ${e instanceof Error ? e.message : String(e)}`]).withPlugin(pl.name);
      }
      if (s !== null && s.code === Code.Skip) continue;
      if (s === null || s.code === Code.Success) return null;
      if (s.isRejected()) return s.withPlugin(pl.name);
      return new Status(Code.Error, [`running Bind plugin ${JSON.stringify(pl.name)}: ${s.message()}`], s.error).withPlugin(pl.name);
    }
    return new Status(Code.Skip, ["all bind plugins skipped"]);
  }

  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const pl of this.postBind) {
      try {
        pl.postBind(state, pod, nodeName);
      } catch {
        // PostBind is informational.
      }
    }
  }

  newCycleState(): CycleState {
    return new CycleState();
  }
}
