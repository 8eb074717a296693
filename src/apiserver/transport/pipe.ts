/**
 * A byte pipe between two Bun sockets with backpressure: when the destination cannot take
 * everything, the rest is queued and the source is paused until the destination drains, so
 * neither side buffers without bound. Bun hands each data callback a fresh buffer that it
 * does not reuse, so queued chunks are kept as views, not copies.
 */
import type { Socket } from "bun";

export class PipeSide {
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;

  constructor(
    private readonly dest: () => Socket<unknown> | undefined,
    private readonly source: () => Socket<unknown> | undefined,
  ) {}

  get buffered(): number {
    return this.queuedBytes;
  }

  /** Forwards bytes read from the source; copies only what the destination did not take. */
  push(data: Uint8Array): void {
    const dest = this.dest();
    if (!dest) {
      this.enqueue(data);
      return;
    }
    if (this.queue.length > 0) {
      this.enqueue(data);
      return;
    }
    const n = dest.write(data);
    if (n < data.length) {
      this.enqueue(data.subarray(Math.max(n, 0)));
      this.source()?.pause();
    }
  }

  /** The destination can take more (its drain event, or it just opened). */
  flush(): void {
    const dest = this.dest();
    if (!dest) return;
    while (this.queue.length > 0) {
      const chunk = this.queue[0]!;
      const n = dest.write(chunk);
      if (n < chunk.length) {
        this.queue[0] = chunk.subarray(Math.max(n, 0));
        this.queuedBytes -= Math.max(n, 0);
        return;
      }
      this.queue.shift();
      this.queuedBytes -= chunk.length;
    }
    this.source()?.resume();
  }

  private enqueue(chunk: Uint8Array): void {
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
  }
}
