/**
 * The loop of the apiserver's level-triggered controllers: `schedule()` asks for a pass,
 * passes never overlap, and requests made while one runs fold into one more pass.
 */
export class SerialPasses {
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  schedule(): void {
    if (this.queued || this.stopped) return;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      if (this.stopped) return;
      try {
        await this.pass();
      } catch (e) {
        this.onError(e);
      }
    });
  }

  /** Resolves when no pass is running or queued. */
  async idle(): Promise<void> {
    for (;;) {
      const r = this.running;
      await r;
      if (r === this.running && !this.queued) return;
    }
  }

  /** Also schedules a pass every `ms` (level-triggered controllers resync periodically). */
  resyncEvery(ms: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.schedule(), ms);
    this.timer.unref?.();
  }

  /** No pass starts after this. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }
}
