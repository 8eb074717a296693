/**
 * Per-key exponential backoff as client-go's flowcontrol.Backoff: the first failure
 * waits `initial`, each later one doubles up to `max`; an entry untouched for more
 * than 2*max starts over (the kubelet's "reset after 10 minutes" for 10s..5min).
 */

interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  private entries = new Map<string, Entry>();

  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  next(id: string, eventTime: number): void {
    const e = this.entries.get(id);
    if (!e || this.expired(eventTime, e)) this.entries.set(id, { backoff: this.initialMs, lastUpdate: this.now() });
    else {
      e.backoff = Math.min(e.backoff * 2, this.maxMs);
      e.lastUpdate = this.now();
    }
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  /** True while less than the current backoff has passed since eventTime. */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.expired(eventTime, e)) return false;
    return this.now() - eventTime < e.backoff;
  }

  /** True while less than the current backoff has passed since the last update. */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.expired(eventTime, e)) return false;
    return eventTime - e.lastUpdate < e.backoff;
  }

  gc(): void {
    const now = this.now();
    for (const [id, e] of this.entries) if (now - e.lastUpdate > this.maxMs * 2) this.entries.delete(id);
  }

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > this.maxMs * 2;
  }
}

/** Formats a duration as Go's time.Duration.String() for whole seconds and minutes ("10s", "5m0s", "1m20s"). */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}
