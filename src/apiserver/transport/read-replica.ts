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
import { lowerBound } from "../../util/sorted.ts";
import type { FastGet } from "./fast-get.ts";
import { itemRest, typeMetaPrefixes, type TypeMetaPrefixes } from "../render/list-item.ts";
import type { ReplicaBatch, ReplicaSnapshot } from "./tls-front-protocol.ts";

interface Replica {
  slot: number;
  applied: number;
  rv: number;
  listHead: string;
  /** Items are listed without these (built-in resources only are replicated). */
  prefixes: TypeMetaPrefixes;
  namespaced: boolean;
  objects: Map<string, Uint8Array>;
  /** The keys in the watch cache's order (a list's), built on the first list after a change. */
  sorted: string[] | null;
  /**
   * The buffer lists are rendered into, kept between lists: a fresh buffer of tens of MB
   * costs more in page faults than the copy into it. Busy while a list in it is being sent.
   */
  scratch: Uint8Array | undefined;
  scratchBusy: boolean;
  /** When a list last used the scratch buffer (performance.now()). */
  scratchUsedAt: number;
}

/** A scratch buffer no list used for this long is let go: lists come in bursts (informers starting). */
const SCRATCH_IDLE_MS = 30_000;

const utf8 = new TextEncoder();
const LIST_END = utf8.encode("]}");

/** What the replica can say about one GET. */
export type Lookup =
  /** `release`, when given, must be called once `bytes` has been written out (they are reused). */
  | { kind: "hit"; bytes: Uint8Array; slot: number; release?: () => void }
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
   * The JSON of an object, or of a list, when the replica can vouch for it: the resource is
   * held, has applied every change counted when the request came (`target`, from an earlier
   * "wait"; not checked for `anyVersion`), and holds the object.
   */
  lookup(get: FastGet, target: number | undefined): Lookup {
    const { resource, object, anyVersion } = get;
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
    if (object === undefined) {
      if (get.namespace !== "" && !r.namespaced) return MISS;
      return { kind: "hit", ...listOf(r, get.namespace), slot: r.slot };
    }
    const bytes = r.objects.get(object);
    return bytes === undefined ? MISS : { kind: "hit", bytes, slot: r.slot };
  }

  /** The whole resource, replacing what was held. */
  snapshot(resource: string, batch: Omit<ReplicaSnapshot, "resource">): void {
    const replica: Replica = {
      slot: batch.slot,
      applied: batch.seq,
      rv: batch.rv,
      listHead: batch.listHead,
      prefixes: typeMetaPrefixes(batch.apiVersion, batch.kind),
      namespaced: batch.namespaced,       objects: new Map(),
      sorted: null,
      scratch: undefined,
      scratchBusy: false,
      scratchUsedAt: 0,
    };
    apply(replica, batch);
    this.byResource.set(resource, replica);
    this.bySlot.set(batch.slot, { resource, replica });
    this.onUpdate();
  }

  /** Changes since the snapshot or the previous batch. */
  events(batch: ReplicaBatch): void {
    const held = this.bySlot.get(batch.slot);
    if (!held) return;
    apply(held.replica, batch);
    held.replica.applied = batch.seq;
    held.replica.rv = batch.rv;
    this.onUpdate();
  }

  /** The apiserver will not replicate this resource: its GETs always go there. */
  refused(resource: string): void {
    this.byResource.set(resource, "refused");
    this.onUpdate();
  }

  /** Lets go of list buffers no list has used for a while. */
  trim(now = performance.now()): void {
    for (const { replica } of this.bySlot.values()) {
      if (replica.scratch && !replica.scratchBusy && now - replica.scratchUsedAt > SCRATCH_IDLE_MS) replica.scratch = undefined;
    }
  }

  /** Resources held (tests, metrics). */
  get resources(): number {
    return this.bySlot.size;
  }
}

function apply(r: Replica, batch: ReplicaBatch): void {
  const bytes = new Uint8Array(batch.buf);
  const objects = r.objects;
  let at = 0;
  for (let i = 0; i < batch.keys.length; i++) {
    const key = batch.keys[i]!;
    const len = batch.lens[i]!;
    if (len < 0) {
      if (objects.delete(key)) r.sorted = null;
      continue;
    }
    if (r.sorted !== null && !objects.has(key)) r.sorted = null;
    objects.set(key, bytes.subarray(at, at + len));
    at += len;
  }
}

/**
 * A list as the apiserver renders it from its watch cache: the objects of `namespace` (all
 * when ""), in key order, at the revision of the replica's last batch (its state is exact
 * there; a consistent list is answered only once every change counted for the resource
 * has been applied, so none came after it), copied into the replica's scratch buffer when
 * it is free.
 */
function listOf(r: Replica, namespace: string): { bytes: Uint8Array; release?: () => void } {
  const keys = (r.sorted ??= [...r.objects.keys()].sort());
  const prefix = namespace === "" ? "" : `${namespace}/`;
  const head = utf8.encode(`${r.listHead},"metadata":{"resourceVersion":"${r.rv}"},"items":[`);
  // each item without its kind and apiVersion ("{" + rest), or whole
  const items: Uint8Array[] = [];
  const opens: boolean[] = [];
  let total = head.length + LIST_END.length;
  for (let i = prefix ? lowerBound(keys, prefix) : 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (prefix && !k.startsWith(prefix)) break;
    const o = r.objects.get(k)!;
    const rest = itemRest(o, r.prefixes);
    items.push(rest ?? o);
    opens.push(rest !== undefined);
    total += rest ? rest.length + 1 : o.length;
  }
  if (items.length > 1) total += items.length - 1;
  let out: Uint8Array;
  let release: (() => void) | undefined;
  if (r.scratchBusy) out = new Uint8Array(total);
  else {
    if (!r.scratch || r.scratch.length < total) r.scratch = new Uint8Array(Math.ceil(total * 1.25));
    out = r.scratch.subarray(0, total);
    r.scratchBusy = true;
    r.scratchUsedAt = performance.now();
    release = () => {
      r.scratchBusy = false;
    };
  }
  out.set(head, 0);
  let at = head.length;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out[at++] = 44; // ","
    if (opens[i]) out[at++] = 123; // "{"
    out.set(items[i]!, at);
    at += items[i]!.length;
  }
  out.set(LIST_END, at);
  return release ? { bytes: out, release } : { bytes: out };
}
