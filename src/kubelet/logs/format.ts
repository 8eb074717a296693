/**
 * The CRI container log format: `<RFC3339Nano time> <stdout|stderr> <F|P> <message>\n`,
 * F for a full line, P for a partial one (a line longer than the buffer, continued by
 * the next entry). Times print as Go's RFC3339Nano: UTC, trailing zeros trimmed.
 */

export type LogStream = "stdout" | "stderr";

export interface LogEntry {
  /** Nanoseconds since the epoch. */
  timeNs: bigint;
  /** The time as written in the file. */
  time: string;
  stream: LogStream;
  partial: boolean;
  message: Uint8Array;
}

let lastNs = 0n;

/** Wall-clock nanoseconds, strictly increasing within this process. */
export function nowNs(): bigint {
  const ms = BigInt(Date.now());
  const sub = BigInt(Math.floor((performance.now() % 1) * 1e6));
  let ns = ms * 1_000_000n + sub;
  if (ns <= lastNs) ns = lastNs + 1n;
  lastNs = ns;
  return ns;
}

export function formatRFC3339Nano(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const iso = new Date(ms).toISOString(); // 2024-01-01T00:00:00.123Z
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return iso.slice(0, 19) + (frac ? "." + frac : "") + "Z";
}

/** Parses an RFC3339 time with up to nanosecond precision (and a zone offset) to ns. */
export function parseRFC3339Nano(s: string): bigint {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) throw new Error(`bad timestamp ${s}`);
  const base = Date.parse(m[1]! + (m[3] === "Z" ? "Z" : m[3]!));
  if (Number.isNaN(base)) throw new Error(`bad timestamp ${s}`);
  return BigInt(base) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0") || "0");
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeEntry(timeNs: bigint, stream: LogStream, partial: boolean, message: Uint8Array): Uint8Array {
  const head = enc.encode(`${formatRFC3339Nano(timeNs)} ${stream} ${partial ? "P" : "F"} `);
  const out = new Uint8Array(head.length + message.length + 1);
  out.set(head, 0);
  out.set(message, head.length);
  out[out.length - 1] = 0x0a;
  return out;
}

/** Parses one line (without its newline). Returns null for a malformed line. */
export function parseEntry(line: Uint8Array): LogEntry | null {
  let i = line.indexOf(0x20);
  if (i < 0) return null;
  const time = dec.decode(line.subarray(0, i));
  const j = line.indexOf(0x20, i + 1);
  if (j < 0) return null;
  const stream = dec.decode(line.subarray(i + 1, j));
  if (stream !== "stdout" && stream !== "stderr") return null;
  const tag = line[j + 1];
  if ((tag !== 0x46 && tag !== 0x50) || line[j + 2] !== 0x20) return null;
  let timeNs: bigint;
  try {
    timeNs = parseRFC3339Nano(time);
  } catch {
    return null;
  }
  return { timeNs, time, stream, partial: tag === 0x50, message: line.subarray(j + 3) };

}
