/**
 * Periodic compaction as kube-apiserver drives it against etcd: every interval, compact
 * to the revision observed one interval earlier, so history always covers at least one
 * full interval and a watcher that reconnects within it can resume.
 */
import { logger } from "../../util/log.ts";

const log = logger("storage/compactor");

export const DEFAULT_COMPACT_INTERVAL_MS = 5 * 60 * 1000;

export interface Compactable {
  currentRevision(): Promise<number>;
  compact(revision: number): Promise<void>;
}

export class Compactor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastSeen = 0;
  private running = false;

  constructor(private readonly store: Compactable, private readonly intervalMs: number) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    void this.observe();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async observe(): Promise<void> {
    try {
      this.lastSeen = await this.store.currentRevision();
    } catch {
      // store closing; the next tick retries
    }
  }

  /** One round: compact to the previous observation, then observe again. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const target = this.lastSeen;
      if (target > 0) {
        await this.store.compact(target);
        log.debug("compacted", { revision: target }, 4);
      }
      this.lastSeen = await this.store.currentRevision();
    } catch (err) {
      if (this.timer) log.warn("compaction failed", { err });
    } finally {
      this.running = false;
    }
  }
}
