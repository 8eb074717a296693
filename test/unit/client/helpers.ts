/** Small helpers shared by the client tests. */

/** Polls fn until it stops throwing (or returns true), failing with its last error after timeoutMs. */
export async function eventually(fn: () => unknown | Promise<unknown>, timeoutMs = 3000, intervalMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const r = await fn();
      if (r !== false) return;
      last = new Error("condition still false");
    } catch (e) {
      last = e;
    }
    if (performance.now() > deadline) throw last;
    await Bun.sleep(intervalMs);
  }
}

/** Reflector options that keep retry waits short in tests. */
export const FAST_REFLECTOR = { backoff: { initialMs: 20, maxMs: 100, jitter: 0 } } as const;
