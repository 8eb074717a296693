/**
 * A watch as an async stream of events, decoded from the apiserver's newline-delimited
 * JSON. ERROR events are thrown as ApiError carrying their embedded Status; the
 * iteration ends normally when the server closes the stream (timeoutSeconds) or when
 * stop() is called (or the caller's signal aborts). A broken connection is thrown
 * as the transport error.
 */
import type { KubeObject, Status } from "../../api/meta/index.ts";
import { ApiError } from "../errors.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface WatchStream<T = KubeObject> extends AsyncIterable<WatchEvent<T>> {
  /** Closes the connection; a pending or later next() completes with done. */
  stop(): void;
  readonly stopped: boolean;
}

/** BOOKMARK annotation that marks the end of the initial events of a sendInitialEvents watch. */
export const INITIAL_EVENTS_END_ANNOTATION = "k8s.io/initial-events-end";

interface RawEvent {
  type: string;
  object: unknown;
}

export class JsonLinesWatch<T> implements WatchStream<T> {
  private _stopped = false;
  private consumed = false;

  constructor(
    private readonly body: ReadableStream<Uint8Array> | null,
    private readonly controller: AbortController,
    private readonly decorate: (obj: T) => T = (o) => o,
    /** Runs once when the watch ends, however it ends. */
    private readonly onEnd?: () => void,
  ) {}

  get stopped(): boolean {
    return this._stopped;
  }

  stop(): void {
    if (this._stopped) return;
    this._stopped = true;
    this.controller.abort();
    this.onEnd?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
    if (this.consumed) throw new Error("a watch stream can be iterated only once");
    this.consumed = true;
    if (!this.body) {
      this.stop();
      return;
    }
    const reader = this.body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (err) {
          if (this._stopped || this.controller.signal.aborted) return;
          throw err;
        }
        if (chunk.done) {
          buf += decoder.decode();
          if (buf.trim()) yield this.decodeLine(buf);
          return;
        }
        buf += decoder.decode(chunk.value, { stream: true });
        let nl: number;
        let start = 0;
        while ((nl = buf.indexOf("\n", start)) >= 0) {
          const line = buf.slice(start, nl);
          start = nl + 1;
          if (line.trim() === "") continue;
          yield this.decodeLine(line);
          if (this._stopped) return;
        }
        buf = buf.slice(start);
      }
    } finally {
      this.stop();
      reader.releaseLock();
    }
  }

  private decodeLine(line: string): WatchEvent<T> {
    let ev: RawEvent;
    try {
      ev = JSON.parse(line) as RawEvent;
    } catch {
      throw new Error(`unable to decode watch event: ${line.slice(0, 200)}`);
    }
    if (ev.type === "ERROR") {
      const status = ev.object as Partial<Status>;
      throw new ApiError({ ...status, metadata: status.metadata ?? {}, status: "Failure", code: status.code ?? 500 } as Status);
    }
    if (ev.type !== "ADDED" && ev.type !== "MODIFIED" && ev.type !== "DELETED" && ev.type !== "BOOKMARK") {
      throw new Error(`got invalid watch event type: ${ev.type}`);
    }
    return { type: ev.type, object: this.decorate(ev.object as T) };
  }
}
