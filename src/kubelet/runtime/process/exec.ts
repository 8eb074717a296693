/**
 * Commands inside a running container: nsenter joins the namespaces of the
 * container's pid 1 (mount, uts, ipc, net, pid), its root and working directory,
 * as the container's user, inside the container's cgroup; with a pseudo-terminal
 * (Bun.Terminal) for `-t`.
 */
import type { ExecOptions, ExecResult, ExecSession, ExecStreamOptions } from "../runtime.ts";
import type { ProcessContainer } from "./container.ts";
import { killTree } from "./procs.ts";
import type { HostTools } from "./tools.ts";

export function execArgv(tools: HostTools, c: ProcessContainer, argv: string[]): string[] {
  const pid = c.status.pid;
  if (pid === undefined || c.status.state !== "running") throw new Error(`container ${c.id} is not running`);
  const out = [tools.nsenter, `--target=${pid}`, "--mount", "--uts", "--ipc", "--net", "--pid", "--root", "--wd"];
  if (c.cfg.uid !== undefined) out.push(`--setuid=${c.cfg.uid}`, `--setgid=${c.cfg.gid ?? 0}`);
  out.push("--", ...argv);
  return out;
}

function spawnOpts(c: ProcessContainer, cgroupDir: string, extraEnv: Array<[string, string]> = []) {
  return {
    cwd: "/",
    env: Object.fromEntries([...c.env, ...extraEnv]),
    ...(cgroupDir ? { cgroup: cgroupDir } : {}),
  };
}

async function readAll(s: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(s).arrayBuffer());
}

export async function execSync(tools: HostTools, c: ProcessContainer, cgroupDir: string, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const proc = Bun.spawn(execArgv(tools, c, argv), {
    ...spawnOpts(c, cgroupDir, opts.env),
    stdin: opts.stdin ?? "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let timedOut = false;
  const timer =
    opts.timeoutMs !== undefined
      ? setTimeout(() => {
          timedOut = true;
          killTree(proc.pid);
        }, opts.timeoutMs)
      : undefined;
  try {
    const [stdout, stderr] = await Promise.all([readAll(proc.stdout), readAll(proc.stderr)]);
    await proc.exited;
    const exitCode = proc.exitCode ?? 128 + (proc.signalCode === "SIGKILL" ? 9 : 15);
    return { exitCode, stdout, stderr, timedOut };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export async function execStream(tools: HostTools, c: ProcessContainer, cgroupDir: string, argv: string[], opts: ExecStreamOptions): Promise<ExecSession> {
  const args = execArgv(tools, c, argv);
  if (opts.tty) {
    let push: ((d: Uint8Array) => void) | undefined;
    let end: (() => void) | undefined;
    const stdout = new ReadableStream<Uint8Array>({
      start(ctl) {
        push = (d) => ctl.enqueue(d);
        end = () => {
          try {
            ctl.close();
          } catch {
            // already closed
          }
        };
      },
    });
    const terminal = new Bun.Terminal({
      // the client's size from the start, so a program that reads it once sees it
      cols: opts.size?.width ?? 80,
      rows: opts.size?.height ?? 24,
      data: (_t, d) => push?.(d.slice()),
      exit: () => end?.(),
    });
    const proc = Bun.spawn(args, { ...spawnOpts(c, cgroupDir, [["TERM", "xterm"]]), terminal });
    const exited = proc.exited.then(() => {
      setTimeout(() => {
        end?.();
        terminal.close();
      }, 50);
      return proc.exitCode ?? 128 + 9;
    });
    return {
      stdout,
      stderr: null,
      writeStdin: (d) => void terminal.write(d),
      closeStdin: () => void terminal.write(new Uint8Array([4])),
      resize: (cols, rows) => terminal.resize(cols, rows),
      exited,
      kill: (sig) => killTree(proc.pid, typeof sig === "string" ? sig : "SIGKILL"),
    };
  }
  const proc = Bun.spawn(args, { ...spawnOpts(c, cgroupDir), stdin: opts.stdin ? "pipe" : "ignore", stdout: "pipe", stderr: "pipe" });
  const stdin = proc.stdin as import("bun").FileSink | undefined;
  return {
    stdout: proc.stdout,
    stderr: proc.stderr,
    writeStdin: (d) => {
      stdin?.write(d);
      void stdin?.flush();
    },
    closeStdin: () => void stdin?.end(),
    resize: () => {},
    exited: proc.exited.then(() => proc.exitCode ?? 128 + 9),
    kill: (sig) => killTree(proc.pid, typeof sig === "string" ? sig : "SIGKILL"),
  };
}
