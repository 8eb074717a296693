/**
 * EventBroadcaster (record.EventBroadcaster): recorders hand it events; it fans them
 * out to watchers, each with its own bounded queue (events beyond 1000 waiting are
 * dropped, never blocking the caller) drained in order by its own loop. The sink
 * watcher correlates each event (see correlator.ts), then creates it, or PATCHes
 * count/lastTimestamp/message of the existing one (creating it again if it was
 * deleted). Transport failures are retried up to 12 times, 10 s apart (the first
 * wait randomized); an event the server rejects is dropped.
 */
import type { Event, EventSource } from "../../api/types/index.ts";
import { logger } from "../../util/log.ts";
import { ApiError, isAlreadyExists, isNotFound } from "../errors.ts";
import { type Clock, realClock, sleepUnlessAborted } from "../internal/clock.ts";
import { type CorrelatorOptions, EventCorrelator } from "./correlator.ts";
import { type EventRecorder, Recorder } from "./recorder.ts";
import type { EventSink } from "./sink.ts";

const log = logger("events");

export const MAX_TRIES_PER_EVENT = 12;
export const MAX_QUEUED_EVENTS = 1000;
/** At most one "dropped event" line per this interval, carrying the count. */
export const DROP_LOG_INTERVAL_MS = 10_000;

export interface EventBroadcasterOptions {
  correlator?: CorrelatorOptions;
  /** Wait between write attempts (default 10 s). */
  sleepDurationMs?: number;
  maxQueuedEvents?: number;
  clock?: Clock;
}

export interface EventWatcher {
  stop(): void;
}

class WatcherQueue {
  private readonly items: Event[] = [];
  private wake: (() => void) | undefined;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private busy = false;

  constructor(
    private readonly max: number,
    private readonly handle: (e: Event) => Promise<void> | void,
  ) {
    void this.loop();
  }

  push(e: Event): boolean {
    if (this.stopped) return false;
    if (this.items.length >= this.max) return false;
    this.items.push(e);
    const w = this.wake;
    this.wake = undefined;
    w?.();
    return true;
  }

  stop(): void {
    this.stopped = true;
    const w = this.wake;
    this.wake = undefined;
    w?.();
    this.notifyIdle();
  }

  idle(): Promise<void> {
    if ((this.items.length === 0 && !this.busy) || this.stopped) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private notifyIdle(): void {
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const e = this.items.shift();
      if (!e) {
        this.notifyIdle();
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      this.busy = true;
      try {
        await this.handle(e);
      } catch (err) {
        log.error("event watcher failed", { err: String(err) });
      } finally {
        this.busy = false;
      }
    }
  }
}

export class EventBroadcaster {
  private readonly watchers = new Set<WatcherQueue>();
  private readonly shutdownCtl = new AbortController();
  private readonly clock: Clock;

  constructor(private readonly opts: EventBroadcasterOptions = {}) {
    this.clock = opts.clock ?? realClock;
  }

  /** Calls handler with every event, in order, one at a time. */
  startEventWatcher(handler: (e: Event) => Promise<void> | void): EventWatcher {
    const w = new WatcherQueue(this.opts.maxQueuedEvents ?? MAX_QUEUED_EVENTS, handler);
    this.watchers.add(w);
    return {
      stop: () => {
        w.stop();
        this.watchers.delete(w);
      },
    };
  }

  /** Writes events to the sink with correlation, counting and retries. */
  startRecordingToSink(sink: EventSink): EventWatcher {
    const correlator = new EventCorrelator({ ...this.opts.correlator, clock: this.opts.correlator?.clock ?? this.clock });
    return this.startEventWatcher((e) => this.recordToSink(sink, e, correlator));
  }

  /** Logs every event (klog's "Event occurred" line) at the given verbosity. */
  startStructuredLogging(verbosity = 0): EventWatcher {
    return this.startEventWatcher((e) => {
      const fields = {
        object: `${e.involvedObject.namespace ? e.involvedObject.namespace + "/" : ""}${e.involvedObject.name ?? ""}`,
        fieldPath: e.involvedObject.fieldPath ?? "",
        kind: e.involvedObject.kind ?? "",
        apiVersion: e.involvedObject.apiVersion ?? "",
        type: e.type ?? "",
        reason: e.reason ?? "",
        message: e.message ?? "",
      };
      if (verbosity === 0) log.info("Event occurred", fields);
      else log.debug("Event occurred", fields, verbosity);
    });
  }

  newRecorder(source: EventSource): EventRecorder {
    return new Recorder(source, (e) => this.action(e), this.clock);
  }

  /** Resolves when every watcher has handled every event queued so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.watchers].map((w) => w.idle()));
  }

  /** Stops every watcher; events still waiting are dropped and retries are abandoned. */
  shutdown(): void {
    this.shutdownCtl.abort();
    for (const w of this.watchers) w.stop();
    this.watchers.clear();
  }

  /**
   * Hands `e` to every watcher: each gets its own copy except the last, which gets the
   * recorder's fresh object itself. Drops are logged at most once per DROP_LOG_INTERVAL_MS
   * with the count since the last line: under a flood, a line per dropped event would
   * cost more than the events.
   */
  private action(e: Event): void {
    let left = this.watchers.size;
    for (const w of this.watchers) {
      if (!w.push(--left === 0 ? e : structuredClone(e))) this.dropped(e);
    }
  }

  private drops = 0;
  private lastDropLog = -Infinity;

  private dropped(e: Event): void {
    this.drops++;
    const now = this.clock.now();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    log.error("unable to record event: too many queued events, dropped event", { reason: e.reason, object: e.involvedObject.name, dropped: this.drops });
    this.drops = 0;
    this.lastDropLog = now;
  }

  private async recordToSink(sink: EventSink, event: Event, correlator: EventCorrelator): Promise<void> {
    const result = correlator.correlate(event);
    if (result.skip) return;
    const sleep = this.opts.sleepDurationMs ?? 10_000;
    for (let tries = 1; ; tries++) {
      if (await this.recordEvent(sink, result.event, result.patch, correlator)) return;
      if (tries >= MAX_TRIES_PER_EVENT) {
        log.error("unable to write event (retry limit exceeded!)", { reason: event.reason, object: event.involvedObject.name });
        return;
      }
      const delay = tries === 1 ? sleep * Math.random() : sleep;
      if (!(await sleepUnlessAborted(delay, this.shutdownCtl.signal, this.clock))) {
        log.error("unable to write event (broadcaster is shut down)", { reason: event.reason, object: event.involvedObject.name });
        return;
      }
    }
  }

  /** True when the event was written or must be dropped; false to retry later. */
  private async recordEvent(sink: EventSink, event: Event, patch: unknown, correlator: EventCorrelator): Promise<boolean> {
    try {
      let written: Event | undefined;
      if ((event.count ?? 1) > 1 && patch) {
        try {
          written = await sink.patch(event, patch);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      if (!written) {
        const fresh: Event = { ...event, metadata: { ...event.metadata } };
        delete fresh.metadata.resourceVersion;
        written = await sink.create(fresh);
      }
      correlator.updateState(written);
      return true;
    } catch (err) {
      if (err instanceof ApiError) {
        if (isAlreadyExists(err)) log.debug("server rejected event (will not retry!)", { reason: event.reason, err: err.message }, 5);
        else log.error("server rejected event (will not retry!)", { reason: event.reason, err: err.message });
        return true;
      }
      log.error("unable to write event (may retry after sleeping)", { reason: event.reason, err: String(err) });
      return false;
    }
  }
}
