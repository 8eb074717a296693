/** Timestamps as Events carry them. */

/** metav1.Time: RFC 3339 in UTC, whole seconds ("2006-01-02T15:04:05Z"). */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

let lastNs = 0n;

/** Hex of the nanosecond timestamp, unique and increasing in this process (event name suffix). */
export function nanoHex(ms: number): string {
  let ns = BigInt(Math.floor(ms)) * 1_000_000n + BigInt(Math.floor((ms % 1) * 1e6));
  if (ns <= lastNs) ns = lastNs + 1n;
  lastNs = ns;
  return ns.toString(16);
}
