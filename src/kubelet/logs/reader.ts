/**
 * Reads a CRI log file the way the kubelet serves `pods/log`: tailLines, sinceTime
 * (from sinceSeconds or sinceTime), timestamps, limitBytes, and follow, which keeps
 * reading as the file grows (reopening it after a rotation) until `done()` says the
 * container has exited and everything written has been read, or the signal aborts.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { formatRFC3339Nano, type LogStream, parseEntry } from "./format.ts";

export interface ReadLogOptions {
  follow?: boolean;
  /** Only the last N entries. */
  tailLines?: number;
  /** Only entries at or after this time (ns since epoch). */
  sinceNs?: bigint;
  timestamps?: boolean;
  limitBytes?: number;
  /** Only one stream (default both). */
  stream?: LogStream;
  signal?: AbortSignal;
  /** While following: resolves true once the container has exited (then the rest is drained). */
  done?: () => boolean | Promise<boolean>;
  pollMs?: number;
}

const enc = new TextEncoder();

function render(line: Uint8Array, opts: ReadLogOptions): Uint8Array | null {
  const e = parseEntry(line);
  if (!e) return null;
  if (opts.stream && e.stream !== opts.stream) return null;
  if (opts.sinceNs !== undefined && e.timeNs < opts.sinceNs) return null;
  const prefix = opts.timestamps ? enc.encode(formatRFC3339Nano(e.timeNs) + " ") : new Uint8Array(0);
  const out = new Uint8Array(prefix.length + e.message.length + (e.partial ? 0 : 1));
  out.set(prefix, 0);
  out.set(e.message, prefix.length);
  if (!e.partial) out[out.length - 1] = 0x0a;
  return out;
}

function splitLines(buf: Uint8Array): { lines: Uint8Array[]; rest: Uint8Array } {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) break;
    lines.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  return { lines, rest: buf.subarray(start) };
}

function readFrom(fd: number, pos: number): Uint8Array {
  const size = fstatSync(fd).size;
  if (size <= pos) return new Uint8Array(0);
  const buf = new Uint8Array(size - pos);
  let off = 0;
  while (off < buf.length) {
    const n = readSync(fd, buf, off, buf.length - off, pos + off);
    if (n <= 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export async function* readLogs(path: string, opts: ReadLogOptions = {}): AsyncGenerator<Uint8Array> {
  if (!existsSync(path)) {
    if (!opts.follow) return;
    // A container that has not written yet: wait for its file.
    while (!existsSync(path)) {
      if (opts.signal?.aborted || (await opts.done?.())) return;
      await Bun.sleep(opts.pollMs ?? 100);
    }
  }
  let remaining = opts.limitBytes ?? Infinity;
  const emit = function* (chunk: Uint8Array | null): Generator<Uint8Array> {
    if (!chunk || remaining <= 0) return;
    const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
    remaining -= piece.length;
    yield piece;
  };
  let fd = openSync(path, "r");
  let ino = fstatSync(fd).ino;
  try {
    const initial = readFrom(fd, 0);
    let pos = initial.length;
    let { lines, rest } = splitLines(initial);
    if (opts.tailLines !== undefined) lines = opts.tailLines <= 0 ? [] : lines.slice(-opts.tailLines);
    for (const l of lines) yield* emit(render(l, opts));
    if (!opts.follow) return;
    for (;;) {
      if (remaining <= 0 || opts.signal?.aborted) return;
      const more = readFrom(fd, pos);
      if (more.length > 0) {
        pos += more.length;
        const split = splitLines(concat(rest, more));
        rest = split.rest;
        for (const l of split.lines) yield* emit(render(l, opts));
        continue;
      }
      // Rotated away: finish the old file, then continue with the new one from its start.
      let rotated = false;
      try {
        const st = statSync(path);
        rotated = st.ino !== ino;
      } catch {
        rotated = false;
      }
      if (rotated) {
        closeSync(fd);
        fd = openSync(path, "r");
        ino = fstatSync(fd).ino;
        pos = 0;
        rest = new Uint8Array(0);
        continue;
      }
      if (await opts.done?.()) {
        const last = readFrom(fd, pos);
        if (last.length === 0) return;
        continue;
      }
      await Bun.sleep(opts.pollMs ?? 100);
    }
  } finally {
    closeSync(fd);
  }
}

/** Log file of a container instance: <root>/<ns>_<pod>_<uid>/<container>/<restartCount>.log */
export function containerLogPath(root: string, namespace: string, pod: string, uid: string, container: string, restartCount: number): string {
  return `${podLogDir(root, namespace, pod, uid)}/${container}/${restartCount}.log`;
}

export function podLogDir(root: string, namespace: string, pod: string, uid: string): string {
  return `${root}/${namespace}_${pod}_${uid}`;
}
