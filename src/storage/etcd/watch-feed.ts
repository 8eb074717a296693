/**
 * Store watches over etcd watches. Watchers of the same prefix share one etcd watch (a
 * feed) when they start at or after the feed's position, so a thousand watchers cost one
 * etcd stream and one decode per event (WatchHub fans out copies); a watcher that starts
 * further back gets a feed of its own (etcd replays history from its start revision).
 *
 * A feed starts at afterRevision+1 with prevKv. The etcd3 client resumes a broken stream
 * from the last revision it saw; the hub drops anything at or below what it delivered, so
 * a resume never duplicates. A feed ends with its last watcher, or fails all of them.
 */
import type { Etcd3, IKeyValue, IWatchResponse, Watcher } from "etcd3";
import type { ValueCodec } from "../codec.ts";
import type { Watch, WatchHandler } from "../interface.ts";
import type { RawEvent, RawKv } from "../shared/raw-event.ts";
import { WatchHub } from "../shared/watch-hub.ts";

export interface FeedDeps {
  client: Etcd3;
  codec: ValueCodec;
  namespace: string;
  /** Classifies a watch failure (compaction probe) into the error handed to onError. */
  classify(err: unknown, afterRevision: number): Promise<Error>;
}

class Feed {
  readonly hub: WatchHub;
  /** Every change at or below this revision has been received (or predates the feed). */
  position: number;
  private watcher: Watcher | undefined;
  private closed = false;

  constructor(
    private readonly deps: FeedDeps,
    readonly prefix: string,
    afterRevision: number,
    private readonly onEnd: (f: Feed) => void,
  ) {
    this.hub = new WatchHub(deps.codec);
    this.position = afterRevision;
    const key = deps.namespace + prefix;
    let builder = deps.client.watch().startRevision(String(afterRevision + 1)).withPreviousKV();
    builder = key === "" ? builder.inRange({ start: "\0", end: "\0" }) : builder.prefix(key);
    builder
      .create()
      .then((w) => {
        if (this.closed) {
          void w.cancel().catch(() => {});
          return;
        }
        this.watcher = w;
        w.on("data", (res) => this.onData(res));
        w.on("error", (err) => void this.fail(err));
      })
      .catch((err) => void this.fail(err));
  }

  private raw(kv: IKeyValue, modRevision?: number): RawKv {
    return {
      key: kv.key.toString("utf8").slice(this.deps.namespace.length),
      value: kv.value,
      createRevision: Number(kv.create_revision),
      modRevision: modRevision ?? Number(kv.mod_revision),
    };
  }

  private onData(res: IWatchResponse): void {
    if (this.closed || res.events.length === 0) return;
    const events: RawEvent[] = [];
    for (const ev of res.events) {
      const rev = Number(ev.kv.mod_revision);
      if (rev <= this.position) continue;
      const prev = ev.prev_kv ? this.raw(ev.prev_kv) : undefined;
      if (ev.type === "Delete") {
        const kv: RawKv = prev
          ? { key: prev.key, value: prev.value, createRevision: prev.createRevision, modRevision: rev }
          : { key: this.raw(ev.kv).key, value: ev.kv.value, createRevision: 0, modRevision: rev };
        const e: RawEvent = { type: "delete", kv, revision: rev };
        if (prev) e.prevKv = prev;
        events.push(e);
      } else {
        const e: RawEvent = { type: "put", kv: this.raw(ev.kv), revision: rev };
        if (prev) e.prevKv = prev;
        events.push(e);
      }
    }
    if (events.length === 0) return;
    // One etcd response can span revisions; publish each revision as one commit.
    let start = 0;
    for (let i = 1; i <= events.length; i++) {
      if (i === events.length || events[i]!.revision !== events[start]!.revision) {
        this.hub.publish(events.slice(start, i));
        start = i;
      }
    }
    this.position = events[events.length - 1]!.revision;
  }

  add(afterRevision: number, handler: WatchHandler<any>, wantPrev = true): Watch {
    const w = this.hub.add(this.prefix, afterRevision, handler, [], this.position, wantPrev);
    return {
      cancel: () => {
        w.cancel();
        if (this.hub.size === 0) this.close();
      },
    };
  }

  private async fail(err: unknown): Promise<void> {
    if (this.closed) return;
    const e = await this.deps.classify(err, this.position);
    this.close();
    this.hub.failAll(e);
  }

  /** Ends the feed; `err` (if given) goes to every watcher's onError. */
  close(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.onEnd(this);
    void this.watcher?.cancel().catch(() => {});
    if (err) this.hub.failAll(err);
  }
}

export class WatchFeeds {
  private readonly feeds = new Map<string, Set<Feed>>();

  constructor(private readonly deps: FeedDeps) {}

  watch(prefix: string, afterRevision: number, handler: WatchHandler<any>, wantPrev = true): Watch {
    let set = this.feeds.get(prefix);
    if (!set) this.feeds.set(prefix, (set = new Set()));
    for (const f of set) if (f.position <= afterRevision) return f.add(afterRevision, handler, wantPrev);
    const feed = new Feed(this.deps, prefix, afterRevision, (f) => {
      set.delete(f);
      if (set.size === 0 && this.feeds.get(prefix) === set) this.feeds.delete(prefix);
    });
    set.add(feed);
    return feed.add(afterRevision, handler, wantPrev);
  }

  closeAll(err: Error): void {
    for (const set of [...this.feeds.values()]) for (const f of [...set]) f.close(err);
  }
}
