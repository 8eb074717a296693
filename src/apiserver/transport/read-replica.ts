/**
 * The TLS front's copy of the watch caches it answers GETs from: per resource, each
 * object's JSON as the apiserver's cache serves it, fed by the apiserver thread
 * (watchcache/replica-feed.ts). A resource is asked for on its first GET and held from
 * then on. The apiserver counts, in shared memory, every change it queues for a resource
 * before the write that caused it is acknowledged; the replica answers a consistent GET
 * once it has applied as many changes as that count said when the request came, so a
 * client never reads older state than a write it already saw acknowledged; until then the
 * request waits (the next batch is at most a turn of the apiserver's event loop away). An
 * object the replica does not hold, or a resource the apiserver will not replicate, is
 * the apiserver's to answer.
 */
import type { ReplicaBatch } from "./tls-front-protocol.ts";

interface Replica {
  slot: number;
  applied: number;
  objects: Map<string, Uint8Array>;
}

/** What the replica can say about one GET. */
export type Lookup =
  | { kind: "hit"; bytes: Uint8Array; slot: number }
  /** Not yet: ask again after the next update, with `target` (the count to reach). */
  | { kind: "wait"; target: number | undefined }
  /** The apiserver must answer. */
  | { kind: "miss" };

const MISS: Lookup = { kind: "miss" };
const WAIT_FOR_RESOURCE: Lookup = { kind: "wait", target: undefined };

export class ReadReplicas {
  /** Called after every update from the apiserver (waiting requests may proceed). */
  onUpdate: () => void = () => {};
  /** Resource path -> replica, or where asking for it stands. */
  private readonly byResource = new Map<string, Replica | "asked" | "refused">();
  private readonly bySlot = new Map<number, { resource: string; replica: Replica }>();
  private readonly sequences: Int32Array;

  constructor(
    sequences: SharedArrayBuffer,
    /** Asks the apiserver to replicate a resource (once per resource). */
    private readonly ask: (resource: string) => void,
  ) {
    this.sequences = new Int32Array(sequences);
  }

  /**
   * The JSON of an object when the replica can vouch for it: the resource is held, has
   * applied every change counted when the request came (`target`, from an earlier "wait";
   * not checked for `anyVersion`), and holds the object.
   */
  lookup(resource: string, object: string, anyVersion: boolean, target: number | undefined): Lookup {
    const r = this.byResource.get(resource);
    if (r === undefined) {
      this.byResource.set(resource, "asked");
      this.ask(resource);
      return WAIT_FOR_RESOURCE;
    }
    if (r === "asked") return WAIT_FOR_RESOURCE;
    if (r === "refused") return MISS;
    if (!anyVersion) {
      const want = target ?? Atomics.load(this.sequences, r.slot);
      // counts wrap around at 2^31: compare by difference
      if (((want - r.applied) | 0) > 0) return { kind: "wait", target: want };
    }
    const bytes = r.objects.get(object);
    return bytes === undefined ? MISS : { kind: "hit", bytes, slot: r.slot };
  }

  /** The whole resource, replacing what was held. */
  snapshot(resource: string, batch: ReplicaBatch): void {
    const replica: Replica = { slot: batch.slot, applied: batch.seq, objects: new Map() };
    apply(replica.objects, batch);
    this.byResource.set(resource, replica);
    this.bySlot.set(batch.slot, { resource, replica });
    this.onUpdate();
  }

  /** Changes since the snapshot or the previous batch. */
  events(batch: ReplicaBatch): void {
    const held = this.bySlot.get(batch.slot);
    if (!held) return;
    apply(held.replica.objects, batch);
    held.replica.applied = batch.seq;
    this.onUpdate();
  }

  /** The apiserver will not replicate this resource: its GETs always go there. */
  refused(resource: string): void {
    this.byResource.set(resource, "refused");
    this.onUpdate();
  }

  /** Resources held (tests, metrics). */
  get resources(): number {
    return this.bySlot.size;
  }
}

function apply(objects: Map<string, Uint8Array>, batch: ReplicaBatch): void {
  const bytes = new Uint8Array(batch.buf);
  let at = 0;
  for (let i = 0; i < batch.keys.length; i++) {
    const len = batch.lens[i]!;
    if (len < 0) {
      objects.delete(batch.keys[i]!);
      continue;
    }
    objects.set(batch.keys[i]!, bytes.subarray(at, at + len));
    at += len;
  }
}
