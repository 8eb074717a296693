/**
 * Writes a container's stdout and stderr to its CRI log file, line by line, with
 * size-based rotation: when the file passes maxSize it is renamed to
 * `<file>.<UTC timestamp>` and a new one started; at most maxFiles files are kept
 * (the live one included), oldest removed first, as the kubelet's log manager does.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { encodeEntry, type LogStream, nowNs } from "./format.ts";

/** Longest message in one entry; longer lines are split into P entries (upstream 16 KiB). */
export const MAX_MSG_SIZE = 16 * 1024;

export interface RotationPolicy {
  /** Bytes (upstream containerLogMaxSize default 10Mi). */
  maxSize: number;
  /** Files kept, live one included (upstream containerLogMaxFiles default 5). */
  maxFiles: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { maxSize: 10 * 1024 * 1024, maxFiles: 5 };

export class CriLogWriter {
  private fd: number;
  private size: number;
  private pending: Record<LogStream, Uint8Array[]> = { stdout: [], stderr: [] };
  private pendingLen: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private closed = false;

  constructor(
    readonly path: string,
    private readonly rotation: RotationPolicy = DEFAULT_ROTATION,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "a", 0o640);
    this.size = fstatSync(this.fd).size;
  }

  /** Appends output; complete lines are written at once, a trailing partial line waits. */
  write(stream: LogStream, chunk: Uint8Array): void {
    if (this.closed) return;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      this.emitLine(stream, chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pending[stream].push(rest.slice());
      this.pendingLen[stream] += rest.length;
      while (this.pendingLen[stream] >= MAX_MSG_SIZE) {
        const all = this.takePending(stream);
        this.append(encodeEntry(nowNs(), stream, true, all.subarray(0, MAX_MSG_SIZE)));
        if (all.length > MAX_MSG_SIZE) {
          this.pending[stream].push(all.slice(MAX_MSG_SIZE));
          this.pendingLen[stream] = all.length - MAX_MSG_SIZE;
        }
      }
    }
  }

  /** Writes any unterminated output as a final line and closes the file. */
  close(): void {
    if (this.closed) return;
    for (const s of ["stdout", "stderr"] as const) if (this.pendingLen[s] > 0) this.append(encodeEntry(nowNs(), s, false, this.takePending(s)));
    this.closed = true;
    closeSync(this.fd);
  }

  /**
   * Pipes a process stream in; resolves at its end. `unbuffered` (a terminal's output) writes a
   * trailing partial line at once as a P entry instead of waiting for its newline.
   */
  async pump(stream: LogStream, src: ReadableStream<Uint8Array>, opts: { unbuffered?: boolean } = {}): Promise<void> {
    for await (const chunk of src) {
      this.write(stream, chunk);
      if (opts.unbuffered && this.pendingLen[stream] > 0 && !this.closed) this.append(encodeEntry(nowNs(), stream, true, this.takePending(stream)));
    }
    if (this.pendingLen[stream] > 0 && !this.closed) this.append(encodeEntry(nowNs(), stream, false, this.takePending(stream)));
  }

  private emitLine(stream: LogStream, line: Uint8Array): void {
    let msg = line;
    if (this.pendingLen[stream] > 0) {
      this.pending[stream].push(line);
      this.pendingLen[stream] += line.length;
      msg = this.takePending(stream);
    }
    let off = 0;
    while (msg.length - off > MAX_MSG_SIZE) {
      this.append(encodeEntry(nowNs(), stream, true, msg.subarray(off, off + MAX_MSG_SIZE)));
      off += MAX_MSG_SIZE;
    }
    this.append(encodeEntry(nowNs(), stream, false, msg.subarray(off)));
  }

  private takePending(stream: LogStream): Uint8Array {
    const parts = this.pending[stream];
    const out = new Uint8Array(this.pendingLen[stream]);
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    this.pending[stream] = [];
    this.pendingLen[stream] = 0;
    return out;
  }

  private append(bytes: Uint8Array): void {
    writeSync(this.fd, bytes);
    this.size += bytes.length;
    if (this.size >= this.rotation.maxSize) this.rotate();
  }

  private rotate(): void {
    closeSync(this.fd);
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.(\d+)Z$/, "-$1");
    let target = `${this.path}.${stamp}`;
    for (let i = 1; existsSync(target); i++) target = `${this.path}.${stamp}.${i}`;
    renameSync(this.path, target);
    const dir = dirname(this.path);
    const prefix = basename(this.path) + ".";
    const rotated = readdirSync(dir)
      .filter((f) => f.startsWith(prefix))
      .sort();
    for (const old of rotated.slice(0, Math.max(0, rotated.length - (this.rotation.maxFiles - 1)))) rmSync(join(dir, old), { force: true });
    this.fd = openSync(this.path, "a", 0o640);
    this.size = 0;
  }
}
