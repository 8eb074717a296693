/**
 * Deep copy of a JSON value. API objects are plain JSON, and a JSON round trip is several
 * times faster than structuredClone under Bun (about 12 µs against 50 µs for a 2 KB Pod).
 */
export function jsonClone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
