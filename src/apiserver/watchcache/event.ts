/**
 * A change as the watch cache records it. The bytes a watcher receives are computed at
 * most once per event and rendering ("variant") and shared by every watcher that wants
 * them: the zero-copy fan-out.
 */
import type { CachedObject } from "./cached-object.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

/** Renders an object for a watch event; `id` keys the shared bytes of one rendering. */
export interface EventEncoder {
  readonly id: string;
  /** The complete event line: {"type":...,"object":...}\n */
  encode(type: WatchEventType, obj: CachedObject): string;
}

const utf8 = new TextEncoder();

/** The JSON rendering: the cached object text inside the event envelope. */
export const plainEncoder: EventEncoder = {
  id: "json",
  encode: (type, obj) => `{"type":"${type}","object":${obj.json}}\n`,
};

export class CacheEvent {
  private variants: Map<string, Uint8Array> | undefined;
  private firstKey: string | undefined;
  private firstBytes: Uint8Array | undefined;
  private prevAtRv: CachedObject | undefined;

  constructor(
    readonly type: "ADDED" | "MODIFIED" | "DELETED",
    readonly rv: number,
    /** The object after the change; for DELETED, its last state stamped with the deletion revision. */
    readonly cur: CachedObject,
    /** The object before the change (MODIFIED, DELETED). */
    readonly prev: CachedObject | undefined,
  ) {}

  get key(): string {
    return this.cur.key;
  }

  get namespace(): string {
    return this.cur.namespace;
  }

  /**
   * The previous object stamped with this event's revision: what a watcher whose selector
   * the object just left receives as DELETED, as upstream's cacheWatcher sends it.
   */
  prevStamped(): CachedObject {
    if (!this.prevAtRv) {
      const p = this.prev ?? this.cur;
      const obj = { ...p.obj, metadata: { ...p.obj.metadata, resourceVersion: String(this.rv) } };
      this.prevAtRv = { key: p.key, namespace: p.namespace, name: p.name, obj, json: JSON.stringify(obj), rv: this.rv };
    }
    return this.prevAtRv;
  }

  /** The bytes of this event as `type` with `which` object, rendered by `enc`; computed once. */
  bytes(enc: EventEncoder, type: WatchEventType, which: "cur" | "prev"): Uint8Array {
    const key = `${enc.id}|${type}|${which}`;
    if (this.firstKey === key) return this.firstBytes!;
    const hit = this.variants?.get(key);
    if (hit) return hit;
    const b = utf8.encode(enc.encode(type, which === "cur" ? this.cur : this.prevStamped()));
    if (this.firstKey === undefined) {
      this.firstKey = key;
      this.firstBytes = b;
    } else {
      (this.variants ??= new Map()).set(key, b);
    }
    return b;
  }
}
