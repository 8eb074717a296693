/**
 * Leader election over a ResourceLock (client-go tools/leaderelection).
 *
 * Contract:
 * - A candidate takes the lock when it does not exist, is released (holder ""), or
 *   has not changed for leaseDuration as measured on this candidate's own clock
 *   since it last saw it change (no trust in other machines' clocks).
 * - The leader renews every retryPeriod. If it cannot renew within renewDeadline
 *   of its last successful renewal, it aborts the signal given to
 *   onStartedLeading and stops leading. Since renewDeadline < leaseDuration, it has
 *   stopped before any other candidate can take the lock.
 * - Every write uses the lock's resourceVersion, so two candidates racing for an
 *   expired lock cannot both win.
 * - With releaseOnCancel, a leader whose run() signal aborts clears the holder so
 *   that another candidate can take over at once.
 * - onStoppedLeading is called when run() ends, whether or not this candidate led
 *   (as upstream); onNewLeader whenever the observed holder changes to someone.
 */
import { logger } from "../../util/log.ts";
import { jittered } from "../flowcontrol/backoff.ts";
import { type Clock, realClock, sleepUnlessAborted } from "../internal/clock.ts";
import { type LeaderElectionRecord, microTime, type ResourceLock } from "./resource-lock.ts";

const log = logger("leaderelection");

export interface LeaderCallbacks {
  /** Runs the leader's work; must stop when signal aborts. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  onStoppedLeading(): void;
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  lock: ResourceLock;
  /** How long a non-renewed lock stays valid for other candidates (default 15 s). */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before giving up (default 10 s). */
  renewDeadlineMs?: number;
  /** Interval between acquire and renew attempts (default 2 s). */
  retryPeriodMs?: number;
  /** Acquire attempts wait retryPeriod stretched by up to this fraction (default 1.2). */
  jitterFactor?: number;
  releaseOnCancel?: boolean;
  /** For logs. */
  name?: string;
  callbacks: LeaderCallbacks;
  clock?: Clock;
}

export const DEFAULT_LEASE_DURATION_MS = 15_000;
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
export const DEFAULT_RETRY_PERIOD_MS = 2_000;
export const JITTER_FACTOR = 1.2;

export class LeaderElector {
  private readonly lock: ResourceLock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly jitter: number;
  private readonly clock: Clock;
  private observedRecord: LeaderElectionRecord | undefined;
  private observedRaw = "";
  private observedTime = 0;
  private reportedLeader = "";
  private lastRenew = 0;

  constructor(private readonly config: LeaderElectionConfig) {
    this.lock = config.lock;
    this.leaseDurationMs = config.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
    this.renewDeadlineMs = config.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS;
    this.retryPeriodMs = config.retryPeriodMs ?? DEFAULT_RETRY_PERIOD_MS;
    this.jitter = config.jitterFactor ?? JITTER_FACTOR;
    this.clock = config.clock ?? realClock;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error("leaseDuration must be greater than renewDeadline");
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs) throw new Error("renewDeadline must be greater than retryPeriod*JitterFactor");
    if (this.retryPeriodMs < 1) throw new Error("retryPeriod must be greater than zero");
    if (!config.lock.identity()) throw new Error("Lock identity is empty");
  }

  /** True while this candidate believes it holds the lock. */
  isLeader(): boolean {
    return this.observedRecord?.holderIdentity === this.lock.identity();
  }

  /** The last observed holder ("" when none). */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? "";
  }

  /**
   * For health checks: an error when this candidate believes it leads but has not
   * renewed for longer than the lease duration plus the tolerance.
   */
  check(maxToleratedExpiredLeaseMs: number): Error | undefined {
    if (!this.isLeader()) return undefined;
    if (this.clock.now() > this.observedTime + this.leaseDurationMs + maxToleratedExpiredLeaseMs) {
      return new Error(`failed election to renew leadership on lease ${this.lock.describe()}`);
    }
    return undefined;
  }

  /** Campaigns, leads while it can, and returns when leadership is lost or the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      if (!(await this.acquire(signal))) return;
      const leading = new AbortController();
      let work: Promise<void> = Promise.resolve();
      try {
        work = Promise.resolve()
          .then(() => this.config.callbacks.onStartedLeading(leading.signal))
          .catch((err) => log.error("leader work failed", { lock: this.lock.describe(), err: err instanceof Error ? err.message : String(err) }));
        await this.renew(signal, leading);
      } finally {
        leading.abort();
      }
      if (signal.aborted && this.config.releaseOnCancel) await this.release();
      await work;
    } finally {
      this.config.callbacks.onStoppedLeading();
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    log.info("attempting to acquire leader lease", { lock: this.lock.describe() });
    while (!signal.aborted) {
      const ok = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      if (ok) {
        log.info("successfully acquired lease", { lock: this.lock.describe() });
        return true;
      }
      let delay = jittered(this.retryPeriodMs, this.jitter);
      // Try again right when the holder's lease runs out rather than up to a period later.
      const rec = this.observedRecord;
      if (rec && rec.holderIdentity !== "" && rec.holderIdentity !== this.lock.identity()) {
        const expiresIn = this.observedTime + rec.leaseDurationSeconds * 1000 - this.clock.now();
        if (expiresIn >= 0) delay = Math.min(delay, expiresIn + 1);
      }
      if (!(await sleepUnlessAborted(delay, signal, this.clock))) return false;
    }
    return false;
  }

  /** Renews every retryPeriod until a renewal misses its deadline (lost) or the signal aborts. */
  private async renew(signal: AbortSignal, leading: AbortController): Promise<void> {
    // Leadership ends at lastRenew + renewDeadline at the latest, whatever requests are in flight.
    const deadlineSignal = (): { signal: AbortSignal; cancel: () => void } => {
      const ac = new AbortController();
      const h = this.clock.setTimer(() => ac.abort(new Error("renew deadline exceeded")), this.lastRenew + this.renewDeadlineMs - this.clock.now());
      return { signal: AbortSignal.any([ac.signal, signal]), cancel: () => this.clock.clearTimer(h) };
    };
    for (;;) {
      if (!(await sleepUnlessAborted(this.retryPeriodMs, signal, this.clock))) return;
      const d = deadlineSignal();
      let renewed = false;
      try {
        while (!d.signal.aborted) {
          if (await this.tryAcquireOrRenew(d.signal)) {
            renewed = true;
            break;
          }
          if (!(await sleepUnlessAborted(this.retryPeriodMs, d.signal, this.clock))) break;
        }
      } finally {
        d.cancel();
      }
      this.maybeReportTransition();
      if (signal.aborted) return;
      if (!renewed || !this.isLeader()) {
        log.warn("failed to renew lease, stopping leading", { lock: this.lock.describe() });
        leading.abort();
        return;
      }
    }
  }

  /** One attempt; true when this candidate holds the lock afterwards. Never throws. */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    const id = this.lock.identity();
    const desired: LeaderElectionRecord = {
      holderIdentity: id,
      leaseDurationSeconds: Math.max(1, Math.round(this.leaseDurationMs / 1000)),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaderTransitions: 0,
    };
    try {
      // Fast path: a leader with a still-valid lease updates without reading first.
      if (this.isLeader() && this.leaseValid(now) && this.observedRecord) {
        desired.acquireTime = this.observedRecord.acquireTime;
        desired.leaderTransitions = this.observedRecord.leaderTransitions;
        try {
          await this.lock.update(desired, signal);
          this.setObserved(desired, now);
          return true;
        } catch (err) {
          if (signal.aborted) return false;
          log.debug("lease update failed, re-reading", { lock: this.lock.describe(), err: String(err) });
        }
      }
      const current = await this.lock.get(signal);
      if (!current) {
        await this.lock.create(desired, signal);
        this.setObserved(desired, now);
        return true;
      }
      if (current.raw !== this.observedRaw) {
        this.observedRecord = current.record;
        this.observedRaw = current.raw;
        this.observedTime = now;
      }
      const rec = current.record;
      if (rec.holderIdentity !== "" && rec.holderIdentity !== id && this.leaseValid(now)) {
        return false; // held by another, not expired
      }
      if (rec.holderIdentity === id) {
        desired.acquireTime = rec.acquireTime;
        desired.leaderTransitions = rec.leaderTransitions;
      } else {
        desired.leaderTransitions = rec.leaderTransitions + 1;
      }
      await this.lock.update(desired, signal);
      this.setObserved(desired, now);
      return true;
    } catch (err) {
      if (!signal.aborted) log.debug("error acquiring or renewing lease", { lock: this.lock.describe(), err: String(err) });
      return false;
    }
  }

  private leaseValid(now: number): boolean {
    const rec = this.observedRecord;
    return !!rec && this.observedTime + rec.leaseDurationSeconds * 1000 > now;
  }

  private setObserved(rec: LeaderElectionRecord, at: number): void {
    this.observedRecord = rec;
    this.observedRaw = JSON.stringify(rec);
    this.observedTime = at;
    if (rec.holderIdentity === this.lock.identity()) this.lastRenew = at;
  }

  /** Clears the holder so others need not wait for the lease to expire. */
  private async release(): Promise<void> {
    if (!this.isLeader() || !this.observedRecord) return;
    const now = this.clock.now();
    const released: LeaderElectionRecord = {
      holderIdentity: "",
      leaseDurationSeconds: 1,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaderTransitions: this.observedRecord.leaderTransitions,
    };
    const signal = AbortSignal.timeout(this.renewDeadlineMs);
    try {
      try {
        await this.lock.update(released, signal);
      } catch (err) {
        // A renewal aborted by the shutdown may still have landed: re-read, and release if still ours.
        if (signal.aborted) throw err;
        const current = await this.lock.get(signal);
        if (current?.record.holderIdentity !== this.lock.identity()) return;
        await this.lock.update(released, signal);
      }
      this.setObserved(released, now);
      log.info("released leader lease", { lock: this.lock.describe() });
    } catch (err) {
      log.error("failed to release lock", { lock: this.lock.describe(), err: String(err) });
    }
  }

  private maybeReportTransition(): void {
    const holder = this.observedRecord?.holderIdentity ?? "";
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    if (holder === "") return;
    const cb = this.config.callbacks.onNewLeader;
    if (cb) queueMicrotask(() => cb(holder));
  }
}

/** Runs one election until the signal aborts or leadership is lost (leaderelection.RunOrDie). */
export function runLeaderElection(config: LeaderElectionConfig, signal: AbortSignal): Promise<void> {
  return new LeaderElector(config).run(signal);
}
