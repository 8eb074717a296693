/**
 * The scheduler: profiles (one Framework per schedulerName), the scheduling queue, the
 * cache and its snapshot, the informer-fed stores, and the loop that pops pods and runs
 * scheduling cycles one at a time while binding cycles run concurrently.
 */
import type { Pod } from "../api-types.ts";
import { Cache } from "../cache/cache.ts";
import { Snapshot } from "../cache/snapshot.ts";
import { completeConfig } from "../config/load.ts";
import type { CompletedConfiguration, KubeSchedulerConfiguration } from "../config/types.ts";
import { Framework, type ScoreOffloader } from "../framework/framework.ts";
import { mergeRegistries, type Registry } from "../framework/registry.ts";
import type { QueuedPodInfo } from "../framework/interfaces.ts";
import { inTreeRegistry } from "../plugins/registry.ts";
import { Nominator } from "../queue/nominator.ts";
import { type QueueProfile, type RegisteredHint, SchedulingQueue } from "../queue/scheduling-queue.ts";
import type { SchedulerSource, Unsubscribe } from "../source.ts";
import { logger, type Logger } from "../../util/log.ts";
import { installEventHandlers } from "./event-handlers.ts";
import { SchedulerMetrics } from "./metrics.ts";
import { scheduleOne } from "./schedule-one.ts";
import { ClusterStores } from "./stores.ts";

export interface SchedulerOptions {
  source: SchedulerSource;
  config?: KubeSchedulerConfiguration;
  /** Out-of-tree plugins, merged with the in-tree registry (duplicate names throw). */
  outOfTreeRegistry?: Registry;
  /** Scores large node sets off the main thread (pool/score-pool.ts). */
  offloader?: ScoreOffloader | null;
  now?: () => number;
  /** Tie-break randomness for host selection. */
  rand?: () => number;
  /** Expiry of assumed pods whose binding finished but was never observed; 0 = never (upstream default). */
  assumedPodTTLMs?: number;
  podMaxInUnschedulableMs?: number;
}

/** How long the loop runs scheduling cycles before yielding to I/O and timers. */
const YIELD_EVERY_MS = 8;

export class Scheduler {
  readonly config: CompletedConfiguration;
  readonly source: SchedulerSource;
  readonly cache: Cache;
  readonly snapshot = new Snapshot();
  readonly stores = new ClusterStores();
  readonly queue: SchedulingQueue;
  readonly profiles = new Map<string, Framework>();
  readonly metrics = new SchedulerMetrics();
  readonly log: Logger = logger("scheduler");
  readonly now: () => number;
  readonly rand: () => number;
  readonly percentageOfNodesToScore: number | undefined;
  nextStartNodeIndex = 0;
  bindingsInFlight = 0;
  private unsubscribers: Unsubscribe[] = [];
  private readonly assumedTTL: number;
  private cleanupTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(opts: SchedulerOptions) {
    this.config = completeConfig(opts.config);
    this.source = opts.source;
    this.now = opts.now ?? (() => performance.timeOrigin + performance.now());
    this.rand = opts.rand ?? Math.random;
    this.percentageOfNodesToScore = this.config.percentageOfNodesToScore;
    this.assumedTTL = opts.assumedPodTTLMs ?? 0;
    this.cache = new Cache(this.assumedTTL, this.now);
    if (opts.offloader?.sink) this.snapshot.sink = opts.offloader.sink;
    const registry = opts.outOfTreeRegistry ? mergeRegistries(inTreeRegistry(), opts.outOfTreeRegistry) : inTreeRegistry();
    const nominator = new Nominator((pod) => {
      const cur = this.stores.pod(pod.metadata.namespace ?? "", pod.metadata.name ?? "");
      return !cur || !!cur.spec.nodeName;
    });
    for (const p of this.config.profiles) {
      this.profiles.set(
        p.schedulerName,
        new Framework(registry, p, {
          client: this.source,
          listers: this.stores,
          nominator,
          snapshot: this.snapshot,
          now: this.now,
          offloader: opts.offloader ?? null,
        }),
      );
    }
    const first = [...this.profiles.values()][0]!;
    const sortName = first.queueSort.name;
    for (const f of this.profiles.values()) {
      if (f.queueSort.name !== sortName) throw new Error("different queue sort plugins for profiles are not supported");
    }
    const queueProfiles = new Map<string, QueueProfile>();
    for (const [name, f] of this.profiles) {
      const hints: RegisteredHint[] = [];
      for (const [plugin, evs] of f.eventsToRegister()) for (const e of evs) hints.push({ plugin, event: e.event, hint: e.hint });
      queueProfiles.set(name, { preEnqueue: (pod) => f.runPreEnqueuePlugins(pod), hints });
    }
    this.queue = new SchedulingQueue({
      less: (a, b) => first.queueSort.less(a, b),
      profileFor: (pod) => queueProfiles.get(pod.spec.schedulerName || "default-scheduler"),
      now: this.now,
      podInitialBackoffMs: this.config.podInitialBackoffSeconds * 1000,
      podMaxBackoffMs: this.config.podMaxBackoffSeconds * 1000,
      podMaxInUnschedulableMs: opts.podMaxInUnschedulableMs,
      nominator,
    });
  }

  frameworkFor(pod: Pod): Framework | undefined {
    return this.profiles.get(pod.spec.schedulerName || "default-scheduler");
  }

  responsibleFor(pod: Pod): boolean {
    return this.profiles.has(pod.spec.schedulerName || "default-scheduler");
  }

  /** Subscribes to the source's feeds; resolves once they synced. */
  async start(): Promise<void> {
    this.unsubscribers = installEventHandlers(this);
    if (this.source.waitForSync) await this.source.waitForSync();
    this.queue.run();
    if (this.assumedTTL > 0) {
      this.cleanupTimer = setInterval(() => {
        for (const p of this.cache.cleanupAssumedPods()) this.log.warn("assumed pod expired", { pod: `${p.metadata.namespace}/${p.metadata.name}` });
      }, 1000);
    }
    this.loop = this.runLoop();
  }

  private async runLoop(): Promise<void> {
    let sliceStart = this.now();
    while (!this.stopped) {
      let qpi: QueuedPodInfo | null = this.queue.tryPop();
      if (qpi === null) {
        this.notifyIdle();
        qpi = await this.queue.pop();
        sliceStart = this.now();
        if (qpi === null) break;
      }
      try {
        await scheduleOne(this, qpi);
      } catch (e) {
        this.log.error("scheduling cycle crashed", { err: e });
        this.queue.done(qpi.podInfo.uid);
      }
      if (this.now() - sliceStart >= YIELD_EVERY_MS) {
        await new Promise((r) => setImmediate(r));
        sliceStart = this.now();
      }
    }
  }

  /** Runs one attempt if a pod is ready (tests drive the scheduler step by step with this). */
  async scheduleNext(): Promise<boolean> {
    const qpi = this.queue.tryPop();
    if (qpi === null) return false;
    await scheduleOne(this, qpi);
    return true;
  }

  onBindingDone(): void {
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.bindingsInFlight > 0 || this.queue.stats().active > 0) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves when the active queue is empty and no binding is in flight. */
  waitIdle(): Promise<void> {
    if (this.bindingsInFlight === 0 && this.queue.stats().active === 0 && this.loop !== null) {
      return new Promise((r) => setImmediate(() => (this.bindingsInFlight === 0 && this.queue.stats().active === 0 ? r() : this.idleWaiters.push(r))));
    }
    return new Promise((r) => this.idleWaiters.push(r));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    for (const u of this.unsubscribers) u();
    this.unsubscribers = [];
    this.queue.close();
    await this.loop;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
