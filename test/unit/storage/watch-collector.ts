/** Test helper: a watch handler that records what it receives and can wait for it. */
import type { Store, Watch, WatchEvent, WatchOptions } from "../../../src/storage/interface.ts";

export interface Collector<V = unknown> {
  events: WatchEvent<V>[];
  batches: number;
  errors: Error[];
  watch: Watch;
  /** Resolves when `pred` holds; rejects with what was seen after `timeoutMs`. */
  until(pred: (c: Collector<V>) => boolean, timeoutMs?: number): Promise<void>;
}

export function collect<V = unknown>(store: Store, opts: WatchOptions): Collector<V> {
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const c: Collector<V> = {
    events: [],
    batches: 0,
    errors: [],
    watch: { cancel() {} },
    until(pred, timeoutMs = 5000) {
      if (pred(c)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pred(c)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = c.events.map((e) => `${e.type}:${e.kv.key}@${e.revision}`).join(", ");
          reject(new Error(`watch condition not met in ${timeoutMs}ms; events: [${seen}] errors: [${c.errors.map((e) => e.message)}]`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
  };
  c.watch = store.watch<V>(opts, {
    onEvents(evs) {
      c.batches++;
      c.events.push(...evs);
      notify();
    },
    onError(err) {
      c.errors.push(err);
      notify();
    },
  });
  return c;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
