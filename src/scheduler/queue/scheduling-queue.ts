/**
 * The scheduling queue (upstream PriorityQueue):
 * - activeQ: pods ready to be scheduled, ordered by the QueueSort plugin;
 * - backoffQ: pods that failed and wait out their backoff (initial * 2^(attempts-1), capped);
 * - unschedulable pods: parked until a cluster event one of their rejecting plugins
 *   registered (and whose hint says Queue) arrives, or for at most podMaxInUnschedulable.
 * A move request during a pod's scheduling cycle sends the pod to backoffQ instead of the
 * unschedulable pool, so an event that raced with the attempt is not lost.
 */
import type { Pod } from "../api-types.ts";
import { type ClusterEvent, type ClusterEventWithHint, eventMatches, Events, QueueingHint } from "../framework/events.ts";
import type { QueuedPodInfo } from "../framework/interfaces.ts";
import { PodInfo, podKey } from "../framework/pod-info.ts";
import type { Result } from "../framework/status.ts";
import { podUpdateEvents } from "../framework/event-classify.ts";
import { KeyedHeap } from "./heap.ts";
import { Nominator } from "./nominator.ts";

export interface RegisteredHint {
  plugin: string;
  event: ClusterEvent;
  hint: ClusterEventWithHint["hint"];
}

export interface QueueProfile {
  preEnqueue(pod: Pod): Result;
  /** Events each plugin registered, flattened. */
  hints: RegisteredHint[];
}

export interface SchedulingQueueOptions {
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  profileFor: (pod: Pod) => QueueProfile | undefined;
  now?: () => number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulableMs?: number | undefined;
  nominator?: Nominator;
}

export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60 * 1000;

export class SchedulingQueue {
  readonly nominator: Nominator;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Popped and not yet done; value is the latest pod object seen while in flight. */
  private readonly inFlight = new Map<string, Pod | null>();
  private readonly waiters: ((p: QueuedPodInfo | null) => void)[] = [];
  private readonly now: () => number;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private timers: ReturnType<typeof setInterval>[] = [];
  private closed = false;
  private wakeScheduled = false;
  schedulingCycle = 0;
  private moveRequestCycle = -1;

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.now = opts.now ?? Date.now;
    this.initialBackoff = opts.podInitialBackoffMs ?? 1000;
    this.maxBackoff = opts.podMaxBackoffMs ?? 10_000;
    this.maxInUnschedulable = opts.podMaxInUnschedulableMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_MS;
    this.nominator = opts.nominator ?? new Nominator();
    const key = (q: QueuedPodInfo) => q.podInfo.uid;
    this.activeQ = new KeyedHeap(key, opts.less);
    this.backoffQ = new KeyedHeap(key, (a, b) => {
      const ta = this.backoffExpiry(a);
      const tb = this.backoffExpiry(b);
      return ta < tb || (ta === tb && opts.less(a, b));
    });
  }

  /** Starts the periodic flushes (backoff every second, leftovers every 30 s). */
  run(): void {
    this.timers.push(setInterval(() => this.flushBackoffQCompleted(), 1000));
    this.timers.push(setInterval(() => this.flushUnschedulablePodsLeftover(), 30_000));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const w of this.waiters.splice(0)) w(null);
  }

  newQueuedPodInfo(pod: Pod, ...unschedulablePlugins: string[]): QueuedPodInfo {
    return {
      podInfo: new PodInfo(pod),
      timestamp: this.now(),
      initialAttemptTimestamp: null,
      attempts: 0,
      unschedulablePlugins: new Set(unschedulablePlugins),
      pendingPlugins: new Set(),
      gated: false,
      gatingPlugin: "",
    };
  }

  /** A new pending pod from the watch. */
  add(pod: Pod): void {
    const key = podKey(pod);
    if (this.inFlight.has(key)) return;
    this.unschedulable.delete(key);
    this.backoffQ.delete(key);
    const qpi = this.newQueuedPodInfo(pod);
    this.addToActiveQ(qpi);
    this.nominator.add(qpi.podInfo);
  }

  update(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    if (this.inFlight.has(key)) {
      this.inFlight.set(key, newPod);
      return;
    }
    for (const q of [this.activeQ, this.backoffQ]) {
      const qpi = q.get(key);
      if (qpi) {
        qpi.podInfo = new PodInfo(newPod);
        q.upsert(qpi);
        this.nominator.update(oldPod, qpi.podInfo);
        return;
      }
    }
    const us = this.unschedulable.get(key);
    if (us) {
      us.podInfo = new PodInfo(newPod);
      this.nominator.update(oldPod, us.podInfo);
      for (const ev of podUpdateEvents(oldPod, newPod)) {
        if (this.isPodWorthRequeuing(us, ev, oldPod, newPod)) {
          this.unschedulable.delete(key);
          this.requeue(us);
          break;
        }
      }
      return;
    }
    this.add(newPod);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.nominator.delete(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    if (this.inFlight.has(key)) this.inFlight.set(key, null);
  }

  /** The next pod to schedule; waits while activeQ is empty. Null after close(). */
  pop(): Promise<QueuedPodInfo | null> {
    if (this.closed) return Promise.resolve(null);
    const p = this.tryPop();
    if (p !== null) return Promise.resolve(p);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Pops without waiting; null when activeQ is empty. */
  tryPop(): QueuedPodInfo | null {
    const qpi = this.activeQ.pop();
    if (!qpi) return null;
    return this.startAttempt(qpi);
  }

  private startAttempt(qpi: QueuedPodInfo): QueuedPodInfo {
    qpi.attempts++;
    qpi.initialAttemptTimestamp ??= this.now();
    this.schedulingCycle++;
    this.inFlight.set(qpi.podInfo.uid, qpi.podInfo.pod);
    return qpi;
  }

  /** Marks the attempt of a popped pod finished. */
  done(uid: string): void {
    this.inFlight.delete(uid);
  }

  /** True when the popped pod was deleted while it was being scheduled. */
  deletedInFlight(uid: string): boolean {
    return this.inFlight.get(uid) === null;
  }

  /**
   * Puts a pod whose attempt failed back: to backoffQ when it failed for no plugin (an
   * error) or an event arrived during its cycle, else to the unschedulable pool.
   */
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo, podSchedulingCycle: number): void {
    const key = qpi.podInfo.uid;
    const latest = this.inFlight.get(key);
    this.inFlight.delete(key);
    if (latest === null) return; // deleted meanwhile
    if (latest !== undefined && latest !== qpi.podInfo.pod) qpi.podInfo = new PodInfo(latest);
    if (this.unschedulable.has(key) || this.activeQ.has(key) || this.backoffQ.has(key)) return;
    qpi.timestamp = this.now();
    if (this.moveRequestCycle >= podSchedulingCycle || (qpi.unschedulablePlugins.size === 0 && qpi.pendingPlugins.size === 0)) {
      this.backoffQ.upsert(qpi);
    } else {
      this.unschedulable.set(key, qpi);
    }
    this.nominator.add(qpi.podInfo);
  }

  /** Moves pods that the event may help; `preCheck` narrows the candidates cheaply. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj: unknown, newObj: unknown, preCheck?: (pod: Pod) => boolean): void {
    if (this.unschedulable.size > 0) {
      for (const [key, qpi] of this.unschedulable) {
        if (preCheck && !preCheck(qpi.podInfo.pod)) continue;
        if (!this.isPodWorthRequeuing(qpi, event, oldObj, newObj)) continue;
        this.unschedulable.delete(key);
        this.requeue(qpi);
      }
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** Moves the given pods to activeQ right away (e.g. pods to activate after a bind). */
  activate(pods: Pod[]): void {
    for (const pod of pods) {
      const key = podKey(pod);
      const qpi = this.unschedulable.get(key) ?? this.backoffQ.get(key);
      if (!qpi) continue;
      this.unschedulable.delete(key);
      this.backoffQ.delete(key);
      this.addToActiveQ(qpi);
    }
  }

  flushBackoffQCompleted(): void {
    const now = this.now();
    for (;;) {
      const top = this.backoffQ.peek();
      if (!top || this.backoffExpiry(top) > now) break;
      this.backoffQ.pop();
      this.addToActiveQ(top);
    }
  }

  flushUnschedulablePodsLeftover(): void {
    const now = this.now();
    for (const [key, qpi] of this.unschedulable) {
      if (now - qpi.timestamp > this.maxInUnschedulable) {
        this.unschedulable.delete(key);
        this.requeue(qpi);
      }
    }
  }

  backoffDuration(qpi: QueuedPodInfo): number {
    if (qpi.attempts === 0) return 0;
    let d = this.initialBackoff;
    for (let i = 1; i < qpi.attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return d;
  }

  private backoffExpiry(qpi: QueuedPodInfo): number {
    return qpi.timestamp + this.backoffDuration(qpi);
  }

  private isBackingOff(qpi: QueuedPodInfo): boolean {
    return !qpi.gated && this.backoffExpiry(qpi) > this.now();
  }

  private requeue(qpi: QueuedPodInfo): void {
    if (this.isBackingOff(qpi)) this.backoffQ.upsert(qpi);
    else this.addToActiveQ(qpi);
  }

  private isPodWorthRequeuing(qpi: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): boolean {
    const rejectors = qpi.gated ? new Set([qpi.gatingPlugin]) : new Set([...qpi.unschedulablePlugins, ...qpi.pendingPlugins]);
    if (rejectors.size === 0 || rejectors.has("")) return true;
    if (event === Events.UnschedulableTimeout || event === Events.ForceActivate) return true;
    const profile = this.opts.profileFor(qpi.podInfo.pod);
    if (!profile) return true;
    for (const h of profile.hints) {
      if (!rejectors.has(h.plugin) || !eventMatches(h.event, event)) continue;
      if (!h.hint) return true;
      let r: QueueingHint;
      try {
        r = h.hint(qpi.podInfo.pod, oldObj, newObj);
      } catch {
        r = QueueingHint.Queue;
      }
      if (r === QueueingHint.Queue) return true;
    }
    return false;
  }

  /** Runs PreEnqueue; a gated pod goes to the unschedulable pool instead. */
  private addToActiveQ(qpi: QueuedPodInfo): boolean {
    const s = this.opts.profileFor(qpi.podInfo.pod)?.preEnqueue(qpi.podInfo.pod) ?? null;
    if (s !== null && s.code !== 0) {
      qpi.gated = true;
      qpi.gatingPlugin = s.plugin;
      this.unschedulable.set(qpi.podInfo.uid, qpi);
      return false;
    }
    qpi.gated = false;
    qpi.gatingPlugin = "";
    this.activeQ.upsert(qpi);
    if (this.waiters.length > 0 && !this.wakeScheduled) {
      // Wake waiters after the current task, so pods added together are ordered first.
      this.wakeScheduled = true;
      queueMicrotask(() => {
        this.wakeScheduled = false;
        while (this.waiters.length > 0 && this.activeQ.size > 0) this.waiters.shift()!(this.startAttempt(this.activeQ.pop()!));
      });
    }
    return true;
  }

  /** Counts for metrics and tests. */
  stats(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  has(pod: Pod): "active" | "backoff" | "unschedulable" | "inFlight" | null {
    const k = podKey(pod);
    if (this.activeQ.has(k)) return "active";
    if (this.backoffQ.has(k)) return "backoff";
    if (this.unschedulable.has(k)) return "unschedulable";
    if (this.inFlight.has(k)) return "inFlight";
    return null;
  }

  getQueued(pod: Pod): QueuedPodInfo | undefined {
    const k = podKey(pod);
    return this.activeQ.get(k) ?? this.backoffQ.get(k) ?? this.unschedulable.get(k);
  }
}
