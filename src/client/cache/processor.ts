/**
 * The shared processor: fans each notification out to every registered listener,
 * and tracks per-listener resync periods (a Sync is delivered only to listeners
 * whose period is due). Errors thrown by one handler are logged and do not affect
 * the others.
 */
import { logger } from "../../util/log.ts";
import type { ResourceEventHandler } from "./handlers.ts";
import type { DeletedFinalStateUnknown } from "./keys.ts";

const log = logger("informer");

/** The shortest resync period a listener may ask for (as client-go). */
export const MIN_RESYNC_PERIOD_MS = 1000;

export class Listener<T> {
  nextResync = 0;
  constructor(
    readonly handler: ResourceEventHandler<T>,
    /** 0: never resync. */
    readonly resyncPeriodMs: number,
  ) {}
}

export type Notification<T> =
  | { kind: "add"; obj: T; initial: boolean }
  | { kind: "update"; oldObj: T; newObj: T }
  | { kind: "delete"; obj: T | DeletedFinalStateUnknown<T> };

export class SharedProcessor<T> {
  readonly listeners = new Set<Listener<T>>();
  private syncing = new Set<Listener<T>>();

  constructor(private readonly name: string) {}

  add(listener: Listener<T>, now: number): void {
    listener.nextResync = now + listener.resyncPeriodMs;
    this.listeners.add(listener);
  }

  remove(listener: Listener<T>): void {
    this.listeners.delete(listener);
    this.syncing.delete(listener);
  }

  /** Marks listeners whose resync is due; true when any is. */
  shouldResync(now: number): boolean {
    this.syncing = new Set();
    for (const l of this.listeners) {
      if (l.resyncPeriodMs > 0 && now >= l.nextResync) {
        this.syncing.add(l);
        l.nextResync = now + l.resyncPeriodMs;
      }
    }
    return this.syncing.size > 0;
  }

  /** Delivers to every listener, or, for a sync, only to those due for resync. */
  distribute(n: Notification<T>, isSync: boolean): void {
    for (const l of isSync ? this.syncing : this.listeners) deliver(this.name, l.handler, n);
  }
}

export function deliver<T>(name: string, h: ResourceEventHandler<T>, n: Notification<T>): void {
  try {
    switch (n.kind) {
      case "add":
        h.onAdd?.(n.obj, n.initial);
        break;
      case "update":
        h.onUpdate?.(n.oldObj, n.newObj);
        break;
      case "delete":
        h.onDelete?.(n.obj);
        break;
    }
  } catch (err) {
    log.error("event handler failed", { informer: name, event: n.kind, err: err instanceof Error ? err.message : String(err) });
  }
}
