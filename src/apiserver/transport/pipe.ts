/**
 * A byte pipe between two Bun sockets with backpressure: when the destination cannot take
 * everything, the rest is queued and the source is paused until the destination drains, so
 * neither side buffers without bound. Bun hands each data callback a fresh buffer that it
 * does not reuse, so queued chunks are kept as views, not copies. The ends are plain fields
 * (set when a socket opens, cleared when it closes) and the queue exists only while bytes
 * wait: an idle pipe is one small object per direction.
 */
import type { Socket } from "bun";

export class PipeSide {
  /** Where bytes go; undefined until that socket is open (bytes queue meanwhile). */
  dest: Socket<unknown> | undefined = undefined;
  /** Where they come from; paused while the destination is full. */
  source: Socket<unknown> | undefined = undefined;
  private queue: Uint8Array[] | undefined = undefined;
  private queuedBytes = 0;

  get buffered(): number {
    return this.queuedBytes;
  }

  /**
   * Forwards bytes read from the source; queues only what the destination did not take.
   * `shared`: the bytes are a view of a buffer others use too (a turn's watch output), so
   * what waits is copied: a slow destination then holds its own bytes, not every buffer
   * it was handed a piece of.
   */
  push(data: Uint8Array, shared = false): void {
    const dest = this.dest;
    if (!dest || this.queue !== undefined) {
      this.enqueue(shared ? data.slice() : data);
      return;
    }
    const n = dest.write(data);
    if (n < data.length) {
      const rest = data.subarray(Math.max(n, 0));
      this.enqueue(shared ? rest.slice() : rest);
      this.source?.pause();
    }
  }

  /** The destination can take more (its drain event, or it just opened). */
  flush(): void {
    const dest = this.dest;
    const queue = this.queue;
    if (!dest || queue === undefined) return;
    while (queue.length > 0) {
      const chunk = queue[0]!;
      const n = dest.write(chunk);
      if (n < chunk.length) {
        queue[0] = chunk.subarray(Math.max(n, 0));
        this.queuedBytes -= Math.max(n, 0);
        return;
      }
      queue.shift();
      this.queuedBytes -= chunk.length;
    }
    this.queue = undefined;
    this.source?.resume();
  }

  private enqueue(chunk: Uint8Array): void {
    (this.queue ??= []).push(chunk);
    this.queuedBytes += chunk.length;
  }
}
