/**
 * Time source for everything in the client library that waits or measures (queues,
 * rate limiters, leader election, event correlation). Production code uses realClock;
 * tests pass a FakeClock and step it, so timing tests are exact and instant.
 */

export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn once after ms milliseconds (never synchronously). */
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

let nextId = 1;

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { id: nextId++, t } as TimerHandle & { t: ReturnType<typeof setTimeout> };
  },
  clearTimer(handle) {
    clearTimeout((handle as TimerHandle & { t: ReturnType<typeof setTimeout> }).t);
  },
};

/** Resolves after ms on the given clock, or rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal, clock: Clock = realClock): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimer(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Like sleep, but resolves (false) instead of rejecting when the signal aborts; true when the time passed. */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal, clock: Clock = realClock): Promise<boolean> {
  return sleep(ms, signal, clock).then(
    () => true,
    () => false,
  );
}

/**
 * A manually driven clock. Timers fire, in deadline order, only inside step()/set(),
 * each followed by a drain of pending microtasks so async continuations run.
 */
export class FakeClock implements Clock {
  private time: number;
  private timers = new Map<number, { at: number; seq: number; fn: () => void }>();
  private seq = 0;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), seq: this.seq++, fn });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Number of armed timers (tests assert that idle code keeps at most one). */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Advances time by ms, firing due timers in order. */
  async step(ms: number): Promise<void> {
    await this.set(this.time + ms);
  }

  async set(target: number): Promise<void> {
    await flushMicrotasks();
    for (;;) {
      let nextId: number | undefined;
      let next: { at: number; seq: number; fn: () => void } | undefined;
      for (const [id, t] of this.timers) {
        if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) {
          next = t;
          nextId = id;
        }
      }
      if (!next || nextId === undefined) break;
      this.timers.delete(nextId);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await flushMicrotasks();
    }
    this.time = Math.max(this.time, target);
    await flushMicrotasks();
  }
}

/** Lets queued promise continuations run (a few turns, for chains of awaits). */
export async function flushMicrotasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
