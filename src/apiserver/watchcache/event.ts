/**
 * A change as the watch cache records it. The bytes a watcher receives are computed at
 * most once per event and rendering ("variant") and shared by every watcher that wants
 * them: the zero-copy fan-out.
 */
import { cacheObject, concatBytes, type CachedObject } from "./cached-object.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

/** Renders an object for a watch event; `id` keys the shared bytes of one rendering. */
export interface EventEncoder {
  readonly id: string;
  /** The complete event line: {"type":...,"object":...}\n */
  encode(type: WatchEventType, obj: CachedObject): Uint8Array;
}

const utf8 = new TextEncoder();
const PREFIX: Record<WatchEventType, Uint8Array> = {
  ADDED: utf8.encode(`{"type":"ADDED","object":`),
  MODIFIED: utf8.encode(`{"type":"MODIFIED","object":`),
  DELETED: utf8.encode(`{"type":"DELETED","object":`),
  BOOKMARK: utf8.encode(`{"type":"BOOKMARK","object":`),
  ERROR: utf8.encode(`{"type":"ERROR","object":`),
};
const SUFFIX = utf8.encode("}\n");

/** The JSON rendering: the cached object bytes inside the event envelope. */
export const plainEncoder: EventEncoder = {
  id: "json",
  encode: (type, obj) => concatBytes([PREFIX[type], obj.bytes, SUFFIX]),
};

/** An encoder from a function producing the event's object as a JSON value. */
export function valueEncoder(id: string, render: (obj: CachedObject) => unknown): EventEncoder {
  return { id, encode: (type, obj) => utf8.encode(`{"type":"${type}","object":${JSON.stringify(render(obj))}}\n`) };
}

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
      this.prevAtRv = cacheObject(p.key, { ...p.obj, metadata: { ...p.obj.metadata } }, this.rv);
    }
    return this.prevAtRv;
  }

  /** The bytes of this event as `type` with `which` object, rendered by `enc`; computed once. */
  bytes(enc: EventEncoder, type: WatchEventType, which: "cur" | "prev"): Uint8Array {
    const key = `${enc.id}|${type}|${which}`;
    if (this.firstKey === key) return this.firstBytes!;
    const hit = this.variants?.get(key);
    if (hit) return hit;
    const b = enc.encode(type, which === "cur" ? this.cur : this.prevStamped());
    if (this.firstKey === undefined) {
      this.firstKey = key;
      this.firstBytes = b;
    } else {
      (this.variants ??= new Map()).set(key, b);
    }
    return b;
  }
}
