/**
 * A Store watch over an etcd watch: start revision afterRevision+1 with prevKv, one
 * onEvents per etcd response (etcd sends a revision's events together, in order). The
 * etcd3 client re-establishes a broken stream from the last revision it saw; events at
 * or below the last delivered revision are dropped so a resume never duplicates.
 */
import type { Etcd3, IKeyValue, IWatchResponse, Watcher } from "etcd3";
import { StoreClosedError } from "../errors.ts";
import type { KeyValue, Watch, WatchEvent, WatchHandler } from "../interface.ts";
import type { ValueCodec } from "../codec.ts";

export interface EtcdWatchDeps {
  client: Etcd3;
  codec: ValueCodec;
  namespace: string;
  /** Classifies a watch failure (compaction probe) into the error handed to onError. */
  classify(err: unknown, afterRevision: number): Promise<Error>;
  /** Called when the watch ends, so the store forgets it. */
  forget(w: EtcdWatch): void;
}

export class EtcdWatch implements Watch {
  private watcher: Watcher | undefined;
  private done = false;
  private last: number;

  constructor(
    private readonly deps: EtcdWatchDeps,
    prefix: string,
    afterRevision: number,
    private readonly handler: WatchHandler<any>,
  ) {
    this.last = afterRevision;
    const key = deps.namespace + prefix;
    let builder = deps.client.watch().startRevision(String(afterRevision + 1)).withPreviousKV();
    builder = key === "" ? builder.inRange({ start: "\0", end: "\0" }) : builder.prefix(key);
    builder
      .create()
      .then((w) => {
        if (this.done) {
          void w.cancel();
          return;
        }
        this.watcher = w;
        w.on("data", (res) => this.onData(res));
        w.on("error", (err) => void this.fail(err));
      })
      .catch((err) => void this.fail(err));
  }

  private kv(raw: IKeyValue, modRevision?: number): KeyValue<unknown> {
    return {
      key: raw.key.toString("utf8").slice(this.deps.namespace.length),
      value: raw.value.length > 0 ? this.deps.codec.decode(raw.value) : undefined,
      createRevision: Number(raw.create_revision),
      modRevision: modRevision ?? Number(raw.mod_revision),
    };
  }

  private onData(res: IWatchResponse): void {
    if (this.done || res.events.length === 0) return;
    const events: WatchEvent<unknown>[] = [];
    for (const ev of res.events) {
      const rev = Number(ev.kv.mod_revision);
      if (rev <= this.last) continue;
      const prev = ev.prev_kv ? this.kv(ev.prev_kv) : undefined;
      if (ev.type === "Delete") {
        const kv: KeyValue<unknown> = ev.prev_kv
          ? { ...this.kv(ev.prev_kv), modRevision: rev }
          : { key: this.kv(ev.kv).key, value: undefined, createRevision: 0, modRevision: rev };
        const e: WatchEvent<unknown> = { type: "delete", kv, revision: rev };
        if (prev) e.prevKv = prev;
        events.push(e);
      } else {
        const e: WatchEvent<unknown> = { type: "put", kv: this.kv(ev.kv), revision: rev };
        if (prev) e.prevKv = prev;
        events.push(e);
      }
    }
    if (events.length === 0) return;
    this.last = events[events.length - 1]!.revision;
    try {
      this.handler.onEvents(events);
    } catch (err) {
      void this.fail(err);
    }
  }

  private async fail(err: unknown): Promise<void> {
    if (this.done) return;
    const classified = await this.deps.classify(err, this.last);
    this.end(classified);
  }

  /** Ends the watch with `err` (onError at most once). */
  end(err: Error = new StoreClosedError()): void {
    if (this.done) return;
    this.done = true;
    this.deps.forget(this);
    void this.watcher?.cancel().catch(() => {});
    try {
      this.handler.onError(err);
    } catch {
      // nobody left to tell
    }
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.deps.forget(this);
    void this.watcher?.cancel().catch(() => {});
  }
}
