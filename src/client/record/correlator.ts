/**
 * EventCorrelator (client-go tools/record/events_cache.go): before an Event is
 * written it is
 * 1. aggregated: when 10 events that differ only in message arrive for the same
 *    object, source, type and reason within 10 minutes, they are folded into one
 *    event whose message is "(combined from similar events): <latest message>";
 * 2. counted: an event identical to one already written (same key including message)
 *    becomes a PATCH of count, lastTimestamp and message on that Event object;
 * 3. spam-filtered: each source+object may emit 25 events at once, then one every
 *    5 minutes (token bucket); the rest are dropped.
 */
import type { Event } from "../../api/types/index.ts";
import { TokenBucket } from "../flowcontrol/token-bucket.ts";
import { type Clock, realClock } from "../internal/clock.ts";
import { LRU } from "../internal/lru.ts";
import { eventTime, nanoHex } from "./time.ts";

export const MAX_LRU_CACHE_ENTRIES = 4096;
export const DEFAULT_AGGREGATE_MAX_EVENTS = 10;
export const DEFAULT_AGGREGATE_INTERVAL_SECONDS = 600;
export const DEFAULT_SPAM_BURST = 25;
export const DEFAULT_SPAM_QPS = 1 / 300;

export interface CorrelatorOptions {
  lruCacheSize?: number;
  spamBurst?: number;
  spamQps?: number;
  maxEvents?: number;
  maxIntervalSeconds?: number;
  /** Groups events for aggregation: [aggregateKey, localKey]. */
  keyFunc?: (e: Event) => [string, string];
  messageFunc?: (e: Event) => string;
  spamKeyFunc?: (e: Event) => string;
  clock?: Clock;
}

export interface CorrelateResult {
  event: Event;
  /** Strategic merge patch for an event already on the server (count > 1). */
  patch?: { count: number; lastTimestamp: string; message: string };
  /** Drop the event (spam). */
  skip: boolean;
}

const j = (parts: (string | undefined)[]) => parts.map((p) => p ?? "").join("");

/** Full identity of an event, message included. */
export function getEventKey(e: Event): string {
  const o = e.involvedObject;
  return j([e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.fieldPath, o.uid, o.apiVersion, e.type, e.reason, e.message]);
}

/** Source and involved object. */
export function getSpamKey(e: Event): string {
  const o = e.involvedObject;
  return j([e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion]);
}

export function eventAggregatorByReasonFunc(e: Event): [string, string] {
  const o = e.involvedObject;
  return [j([e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion, e.type, e.reason, e.reportingComponent, e.reportingInstance]), e.message ?? ""];
}

export function eventAggregatorByReasonMessageFunc(e: Event): string {
  return "(combined from similar events): " + (e.message ?? "");
}

interface AggregateRecord {
  localKeys: Set<string>;
  lastTimestamp: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string;
  name: string;
  resourceVersion: string;
}

export class EventCorrelator {
  private readonly clock: Clock;
  private readonly spam: LRU<string, TokenBucket>;
  private readonly aggregates: LRU<string, AggregateRecord>;
  private readonly logs: LRU<string, EventLog>;
  private readonly o: Required<Omit<CorrelatorOptions, "clock">>;

  constructor(opts: CorrelatorOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.o = {
      lruCacheSize: opts.lruCacheSize || MAX_LRU_CACHE_ENTRIES,
      spamBurst: opts.spamBurst || DEFAULT_SPAM_BURST,
      spamQps: opts.spamQps || DEFAULT_SPAM_QPS,
      maxEvents: opts.maxEvents || DEFAULT_AGGREGATE_MAX_EVENTS,
      maxIntervalSeconds: opts.maxIntervalSeconds || DEFAULT_AGGREGATE_INTERVAL_SECONDS,
      keyFunc: opts.keyFunc ?? eventAggregatorByReasonFunc,
      messageFunc: opts.messageFunc ?? eventAggregatorByReasonMessageFunc,
      spamKeyFunc: opts.spamKeyFunc ?? getSpamKey,
    };
    this.spam = new LRU(this.o.lruCacheSize);
    this.aggregates = new LRU(this.o.lruCacheSize);
    this.logs = new LRU(this.o.lruCacheSize);
  }

  correlate(newEvent: Event): CorrelateResult {
    const [aggregated, key] = this.aggregate(newEvent);
    const [observed, patch] = this.observe(aggregated, key);
    if (this.filter(observed)) return { event: observed, skip: true };
    return patch ? { event: observed, patch, skip: false } : { event: observed, skip: false };
  }

  /** Records what the server returned (name, resourceVersion, count) for later patches. */
  updateState(e: Event): void {
    this.logs.set(getEventKey(e), {
      count: e.count ?? 1,
      firstTimestamp: e.firstTimestamp ?? "",
      name: e.metadata?.name ?? "",
      resourceVersion: e.metadata?.resourceVersion ?? "",
    });
  }

  private filter(e: Event): boolean {
    const key = this.o.spamKeyFunc(e);
    let bucket = this.spam.get(key);
    if (!bucket) bucket = new TokenBucket(this.o.spamQps, this.o.spamBurst, this.clock);
    const skip = !bucket.tryAccept();
    this.spam.set(key, bucket);
    return skip;
  }

  private aggregate(e: Event): [Event, string] {
    const now = this.clock.now();
    const eventKey = getEventKey(e);
    const [aggregateKey, localKey] = this.o.keyFunc(e);
    let rec = this.aggregates.get(aggregateKey);
    if (!rec || now - rec.lastTimestamp > this.o.maxIntervalSeconds * 1000) rec = { localKeys: new Set(), lastTimestamp: 0 };
    rec.localKeys.add(localKey);
    rec.lastTimestamp = now;
    this.aggregates.set(aggregateKey, rec);
    if (rec.localKeys.size < this.o.maxEvents) return [e, eventKey];
    // Do not grow the set beyond the maximum.
    const first = rec.localKeys.values().next();
    if (!first.done) rec.localKeys.delete(first.value);
    const ts = eventTime(now);
    const aggregated: Event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${e.involvedObject.name ?? ""}.${nanoHex(now)}`, ...(e.metadata?.namespace ? { namespace: e.metadata.namespace } : {}) },
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
      involvedObject: e.involvedObject,
      message: this.o.messageFunc(e),
      ...(e.type !== undefined ? { type: e.type } : {}),
      ...(e.reason !== undefined ? { reason: e.reason } : {}),
      ...(e.source !== undefined ? { source: e.source } : {}),
    };
    return [aggregated, aggregateKey];
  }

  private observe(e: Event, key: string): [Event, CorrelateResult["patch"]] {
    const last = this.logs.get(key);
    let event = e;
    let patch: CorrelateResult["patch"];
    if (last && last.count > 0) {
      event = {
        ...e,
        metadata: { ...e.metadata, name: last.name, resourceVersion: last.resourceVersion },
        firstTimestamp: last.firstTimestamp,
        count: last.count + 1,
      };
      patch = { count: event.count as number, lastTimestamp: event.lastTimestamp ?? "", message: event.message ?? "" };
    }
    this.logs.set(key, {
      count: event.count ?? 1,
      firstTimestamp: event.firstTimestamp ?? "",
      name: event.metadata?.name ?? "",
      resourceVersion: event.metadata?.resourceVersion ?? "",
    });
    return [event, patch];
  }
}
