/**
 * A Store whose watch events arrive `lagMs` after the writes are acknowledged, as etcd's
 * do when its watch stream trails (or another apiserver wrote): eventsBeforeAck is false.
 * Everything else is the wrapped store's. Events keep their order.
 */
import type { Store, Watch, WatchHandler, WatchOptions } from "../../src/storage/interface.ts";

export function laggingStore(inner: Store, lagMs: number): Store {
  return {
    kind: `${inner.kind}+lag`,
    eventsBeforeAck: false,
    currentRevision: () => inner.currentRevision(),
    get: (key, opts) => inner.get(key, opts),
    list: (prefix, opts) => inner.list(prefix, opts),
    count: (prefix) => inner.count(prefix),
    create: (key, value, opts) => inner.create(key, value, opts),
    update: (key, value, rev, opts) => inner.update(key, value, rev, opts),
    delete: (key, rev) => inner.delete(key, rev),
    txn: (compares, success, failure) => inner.txn(compares, success, failure),
    compact: (rev) => inner.compact(rev),
    stats: () => inner.stats(),
    close: () => inner.close(),
    watch<V>(opts: WatchOptions, handler: WatchHandler<V>): Watch {
      let cancelled = false;
      const timers = new Set<ReturnType<typeof setTimeout>>();
      const later = (fn: () => void) => {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!cancelled) fn();
        }, lagMs);
        timers.add(t);
      };
      const w = inner.watch<V>(opts, {
        onEvents: (events) => later(() => handler.onEvents(events)),
        onError: (err) => later(() => handler.onError(err)),
      });
      return {
        cancel() {
          cancelled = true;
          for (const t of timers) clearTimeout(t);
          w.cancel();
        },
      };
    },
  };
}
