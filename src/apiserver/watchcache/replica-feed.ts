/**
 * Feeds the TLS front's read replica (transport/read-replica.ts) from the watch caches:
 * on the front's request a resource's objects are sent whole, then every change, batched
 * per turn of the event loop. Each change is counted in the shared sequence of its slot
 * at once, inside the cache's event callback: embedded stores run those before a write is
 * acknowledged, so the front sees the count rise before any client can know of the write
 * and does not answer from its copy until the batch has arrived.
 */
import type { ReplicaBatch, ToFront } from "../transport/tls-front-protocol.ts";
import { REPLICA_SLOTS } from "../transport/tls-front-protocol.ts";
import type { CachedObject } from "./cached-object.ts";
import type { CacheEvent } from "./event.ts";
import { concatBytes } from "./cached-object.ts";
import type { WatchCache } from "./watch-cache.ts";

export interface ReplicaSource {
  cache: WatchCache;
  group: string;
  plural: string;
  namespaced: boolean;
  /** How the resource's lists begin: `{"kind":"PodList","apiVersion":"v1"`. */
  listHead: string;
  kind: string;
  apiVersion: string;
}

interface Feed {
  resource: string;
  source: ReplicaSource;
  keys: string[];
  parts: Uint8Array[];
  lens: number[];
  /** A snapshot is due (first one, or after a relist); events wait for it. */
  snapshotDue: boolean;
  unsubscribe: () => void;
}

const objectKey = (o: CachedObject) => (o.namespace === "" ? o.name : `${o.namespace}/${o.name}`);

export class ReplicaFeed {
  readonly sequences = new SharedArrayBuffer(REPLICA_SLOTS * 4);
  private readonly seq = new Int32Array(this.sequences);
  private readonly slots: (Feed | undefined)[] = new Array(REPLICA_SLOTS);
  private readonly byResource = new Map<string, number>();
  private flushQueued = false;
  /** Slots with something to send at the next flush. */
  private readonly dirty = new Set<number>();
  private stopped = false;

  constructor(
    /** The cache behind a resource path, or undefined when it may not be replicated. */
    private readonly resolve: (resource: string) => ReplicaSource | undefined,
    private readonly post: (m: ToFront, transfer?: ArrayBuffer[]) => void,
  ) {}

  /** The front asked for a resource. */
  replicate(resource: string): void {
    if (this.stopped || this.byResource.has(resource)) return;
    const source = this.resolve(resource);
    const slot = source ? this.slots.findIndex((f) => f === undefined) : -1;
    if (!source || slot < 0) {
      this.post({ type: "replicaRefused", resource });
      return;
    }
    const feed: Feed = { resource, source, keys: [], parts: [], lens: [], snapshotDue: true, unsubscribe: () => {} };
    // any change from now on makes the front wait for the snapshot
    Atomics.add(this.seq, slot, 1);
    const offEvent = source.cache.subscribe((ev) => this.onEvent(slot, ev));
    const offUnready = source.cache.onUnready(() => this.onUnready(slot));
    feed.unsubscribe = () => {
      offEvent();
      offUnready();
    };
    this.slots[slot] = feed;
    this.byResource.set(resource, slot);
    source.cache.ready.then(() => this.schedule(slot));
  }

  /** The group and resource of a slot (for request metrics), if fed. */
  resourceOf(slot: number): { group: string; plural: string } | undefined {
    const f = this.slots[slot];
    return f ? { group: f.source.group, plural: f.source.plural } : undefined;
  }

  private onEvent(slot: number, ev: CacheEvent | undefined): void {
    const feed = this.slots[slot];
    if (!feed) return;
    Atomics.add(this.seq, slot, 1);
    if (ev === undefined) {
      // relisted: the contents may have changed without events
      this.resetPending(feed);
      feed.snapshotDue = true;
    } else if (!feed.snapshotDue) {
      feed.keys.push(objectKey(ev.cur));
      if (ev.type === "DELETED") feed.lens.push(-1);
      else {
        feed.parts.push(ev.cur.bytes);
        feed.lens.push(ev.cur.bytes.length);
      }
    }
    this.schedule(slot);
  }

  private onUnready(slot: number): void {
    const feed = this.slots[slot];
    if (!feed) return;
    // until the relist's snapshot the front must not answer: its count stays ahead
    Atomics.add(this.seq, slot, 1);
    this.resetPending(feed);
    feed.snapshotDue = true;
  }

  private resetPending(feed: Feed): void {
    feed.keys = [];
    feed.parts = [];
    feed.lens = [];
  }

  private schedule(slot: number): void {
    this.dirty.add(slot);
    if (this.flushQueued || this.stopped) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.stopped) return;
    const slots = [...this.dirty];
    this.dirty.clear();
    for (const slot of slots) {
      const feed = this.slots[slot];
      if (!feed) continue;
      if (feed.snapshotDue) {
        if (!feed.source.cache.isServing) continue; // its ready promise schedules the snapshot
        this.sendSnapshot(slot, feed);
      } else if (feed.keys.length > 0) {
        const batch = this.batch(slot, feed.keys, feed.lens, feed.parts);
        this.resetPending(feed);
        this.post({ type: "replicaEvents", ...batch }, [batch.buf]);
      }
    }
  }

  private sendSnapshot(slot: number, feed: Feed): void {
    const keys: string[] = [];
    const lens: number[] = [];
    const parts: Uint8Array[] = [];
    for (const o of feed.source.cache.objectsNow()) {
      keys.push(objectKey(o));
      lens.push(o.bytes.length);
      parts.push(o.bytes);
    }
    feed.snapshotDue = false;
    this.resetPending(feed);
    const batch = this.batch(slot, keys, lens, parts);
    const { listHead, namespaced, kind, apiVersion } = feed.source;
    this.post({ type: "replicaSnapshot", resource: feed.resource, listHead, kind, apiVersion, namespaced, ...batch }, [batch.buf]);
  }

  private batch(slot: number, keys: string[], lens: number[], parts: Uint8Array[]): ReplicaBatch {
    const joined = concatBytes(parts);
    // a view of a larger buffer cannot be transferred alone
    const buf = joined.byteOffset === 0 && joined.byteLength === joined.buffer.byteLength ? (joined.buffer as ArrayBuffer) : joined.slice().buffer;
    return { slot, seq: Atomics.load(this.seq, slot), rv: this.slots[slot]!.source.cache.rv, keys, lens: Int32Array.from(lens), buf };
  }

  /** Stops feeding every slot (the front thread ended or the apiserver stops). */
  stop(): void {
    this.stopped = true;
    for (let slot = 0; slot < REPLICA_SLOTS; slot++) {
      const feed = this.slots[slot];
      if (!feed) continue;
      feed.unsubscribe();
      this.slots[slot] = undefined;
      // a front still reading the counts must not trust this slot again
      Atomics.add(this.seq, slot, 1);
    }
    this.byResource.clear();
  }
}
