/**
 * SharedIndexInformer: one reflector (one list/watch) feeding one indexed store,
 * shared by any number of event handlers.
 *
 *   ListerWatcher -> Reflector -> RealFIFO -> handleDeltas -> IndexedStore
 *                                                          \-> SharedProcessor -> handlers
 *
 * The store is updated before handlers are told, so a handler (or a worker it wakes)
 * always finds at least that state in the store. hasSynced() turns true once the
 * first list has been applied and delivered.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { logger } from "../../util/log.ts";
import { type Clock, realClock, type TimerHandle } from "../internal/clock.ts";
import { type Delta, RealFIFO, type TransformFunc } from "./fifo.ts";
import type { ResourceEventHandler } from "./handlers.ts";
import type { ListerWatcher } from "./listwatch.ts";
import { deliver, Listener, MIN_RESYNC_PERIOD_MS, SharedProcessor } from "./processor.ts";
import { Reflector, type ReflectorOptions } from "./reflector.ts";
import { Lister } from "./lister.ts";
import { type Indexer, type Indexers, newIndexer } from "./store.ts";

const log = logger("informer");

export interface SharedInformerOptions<T> {
  /** Used in logs (e.g. "pods"). */
  name?: string;
  /** Resync period for handlers added without one (0: never). */
  resyncPeriodMs?: number;
  /** Indexers besides the namespace index. */
  indexers?: Indexers<T>;
  /** Applied to every object before it is stored (e.g. strip managedFields). */
  transform?: TransformFunc<T>;
  reflector?: Omit<ReflectorOptions, "name" | "clock" | "onWatchError">;
  clock?: Clock;
}

export interface HandlerRegistration {
  /** True once this handler has been told about every object of the first list. */
  hasSynced(): boolean;
  remove(): void;
}

export class SharedIndexInformer<T extends KubeObject> {
  readonly name: string;
  private readonly indexer: Indexer<T>;
  private readonly processor: SharedProcessor<T>;
  private readonly clock: Clock;
  private readonly defaultResync: number;
  private fifo: RealFIFO<T> | undefined;
  private reflector: Reflector<T> | undefined;
  private transform: TransformFunc<T> | undefined;
  private watchErrorHandler: ((err: unknown) => void) | undefined;
  private started = false;
  private stopped = false;
  private resyncTimer: TimerHandle | undefined;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly opts: SharedInformerOptions<T> = {},
  ) {
    this.name = opts.name ?? "informer";
    this.clock = opts.clock ?? realClock;
    this.indexer = newIndexer<T>(opts.indexers ?? {});
    this.processor = new SharedProcessor<T>(this.name);
    this.defaultResync = opts.resyncPeriodMs ?? 0;
    this.transform = opts.transform;
  }

  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  getStore(): Indexer<T> {
    return this.indexer;
  }

  /** A lister over this informer's store. */
  lister(): Lister<T> {
    return new Lister<T>(this.indexer);
  }

  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Must be called before run(). */
  setTransform(fn: TransformFunc<T>): void {
    if (this.started) throw new Error("informer has already started");
    this.transform = fn;
  }

  /** Called with every error that ends a list or watch round. Must be called before run(). */
  setWatchErrorHandler(fn: (err: unknown) => void): void {
    if (this.started) throw new Error("informer has already started");
    this.watchErrorHandler = fn;
  }

  /** True once the first list has been stored and delivered (bound: pass it around freely). */
  readonly hasSynced = (): boolean => this.fifo?.hasSynced() ?? false;

  isStopped(): boolean {
    return this.stopped;
  }

  lastSyncResourceVersion(): string {
    return this.reflector?.lastSyncResourceVersion() ?? "";
  }

  /**
   * Registers a handler. Added to a running informer, it is first told (as adds) about
   * everything already in the store. resyncPeriodMs (default: the informer's) below
   * one second is raised to one second; 0 disables resync for this handler.
   */
  addEventHandler(handler: ResourceEventHandler<T>, resyncPeriodMs = this.defaultResync): HandlerRegistration {
    const period = resyncPeriodMs > 0 ? Math.max(resyncPeriodMs, MIN_RESYNC_PERIOD_MS) : 0;
    const listener = new Listener(handler, period);
    this.processor.add(listener, this.clock.now());
    if (this.started) {
      const initial = !this.hasSynced();
      for (const obj of this.indexer.list()) deliver(this.name, handler, { kind: "add", obj, initial });
      this.armResync();
    }
    return {
      hasSynced: () => this.hasSynced(),
      remove: () => this.processor.remove(listener),
    };
  }

  /** Lists, watches and delivers until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error("informer has already started");
    if (this.stopped || signal.aborted) return;
    this.started = true;
    const fifoOpts: ConstructorParameters<typeof RealFIFO<T>>[0] = { knownObjects: this.indexer };
    if (this.transform) fifoOpts.transform = this.transform;
    const fifo = new RealFIFO<T>(fifoOpts);
    this.fifo = fifo;
    const reflectorOpts: ReflectorOptions = { ...this.opts.reflector, name: this.name, clock: this.clock };
    if (this.watchErrorHandler) reflectorOpts.onWatchError = this.watchErrorHandler;
    this.reflector = new Reflector<T>(this.lw, fifo, reflectorOpts);
    this.armResync();
    const reflecting = this.reflector.run(signal);
    try {
      await fifo.run((d, initial) => this.handleDelta(d, initial), signal);
    } finally {
      this.stopped = true;
      if (this.resyncTimer) this.clock.clearTimer(this.resyncTimer);
      this.resyncTimer = undefined;
      await reflecting.catch((err) => log.error("reflector stopped with error", { informer: this.name, err: String(err) }));
    }
  }

  private handleDelta(d: Delta<T>, isInInitialList: boolean): void {
    if (d.type === "Deleted") {
      this.indexer.delete(d.object);
      this.processor.distribute({ kind: "delete", obj: d.object }, false);
      return;
    }
    const obj = d.object as T;
    const old = this.indexer.get(obj);
    if (old !== undefined) {
      this.indexer.update(obj);
      const isSync = d.type === "Sync" || (d.type === "Replaced" && old.metadata?.resourceVersion === obj.metadata?.resourceVersion);
      this.processor.distribute({ kind: "update", oldObj: old, newObj: obj }, isSync);
    } else {
      this.indexer.add(obj);
      this.processor.distribute({ kind: "add", obj, initial: isInInitialList }, false);
    }
  }

  /** Checks for due resyncs at the shortest period any handler asked for. */
  private armResync(): void {
    if (this.stopped) return;
    let period = 0;
    for (const l of this.processor.listeners) {
      if (l.resyncPeriodMs > 0 && (period === 0 || l.resyncPeriodMs < period)) period = l.resyncPeriodMs;
    }
    if (this.resyncTimer) this.clock.clearTimer(this.resyncTimer);
    this.resyncTimer = undefined;
    if (period === 0) return;
    this.resyncTimer = this.clock.setTimer(() => {
      this.resyncTimer = undefined;
      if (this.stopped) return;
      if (this.processor.shouldResync(this.clock.now())) this.fifo?.resync();
      this.armResync();
    }, period);
  }
}
