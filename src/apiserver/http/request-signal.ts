/**
 * The abort signal a long-running handler listens to for a client going away. Requests the
 * TLS front hands over as messages (transport/watch-channel.ts) end by having their stream
 * source cancelled instead, and have none: a Request's signal, once touched, holds about
 * 1.5 KiB of native memory for as long as the watch is open.
 */
const cancelledBySource = new WeakSet<Request>();

/** Marks a request as ended by cancelling its answer's source (it gets no abort signal). */
export function withoutAbortSignal(req: Request): Request {
  cancelledBySource.add(req);
  return req;
}

/** The request's abort signal, or undefined for a request ended by other means. */
export function abortSignalOf(req: Request): AbortSignal | undefined {
  return cancelledBySource.has(req) ? undefined : req.signal;
}
