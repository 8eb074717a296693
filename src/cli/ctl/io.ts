/** Where a ctl command reads and writes: the process by default, buffers in tests. */
export interface CtlIO {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input (apply -f -). */
  readStdin(): Promise<string>;
  /** Standard input as a stream of chunks (exec -i); undefined when there is none. */
  stdinStream?(): AsyncIterable<Uint8Array>;
  /** The terminal's size when stdout is one (exec -t). */
  terminalSize?(): { width: number; height: number } | undefined;
  /** Puts the terminal in raw mode (exec -t); returns the function that restores it. */
  rawMode?(): () => void;
  /** Aborted on Ctrl-C / SIGTERM (watch, logs -f). */
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

/** The process's own streams. */
export function processIO(signal?: AbortSignal): CtlIO {
  const io: CtlIO = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    readStdin: () => Bun.stdin.text(),
    stdinStream: () => Bun.stdin.stream() as unknown as AsyncIterable<Uint8Array>,
    terminalSize: () => (process.stdout.isTTY ? { width: process.stdout.columns, height: process.stdout.rows } : undefined),
    rawMode: () => {
      if (!process.stdin.isTTY) return () => {};
      process.stdin.setRawMode(true);
      return () => process.stdin.setRawMode(false);
    },
    env: process.env,
  };
  if (signal) io.signal = signal;
  return io;
}

/** An IO that records output (tests, and callers that want the text). */
export interface BufferIO extends CtlIO {
  stdout: string;
  stderr: string;
}

export function bufferIO(stdin = "", signal?: AbortSignal): BufferIO {
  const io: BufferIO = {
    stdout: "",
    stderr: "",
    out(t) {
      io.stdout += t;
    },
    err(t) {
      io.stderr += t;
    },
    readStdin: async () => stdin,
    async *stdinStream() {
      if (stdin) yield new TextEncoder().encode(stdin);
    },
  };
  if (signal) io.signal = signal;
  return io;
}
