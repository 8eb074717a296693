/**
 * A runtime for unit tests of the kubelet: containers are plain host processes
 * (`argv` run directly, no namespaces, no root filesystem, mounts ignored), with the
 * same lifecycle, exit statuses, CRI logs, stop/grace and exec semantics as the real
 * one. It records calls and can be told to fail creations, so pod logic can be tested
 * fast and without privileges. `oomKill(id)` simulates an OOM kill.
 */
import type { Subprocess } from "bun";
import { CriLogWriter } from "../../logs/writer.ts";
import { killTree } from "../process/procs.ts";
import {
  type AttachSession,
  type ContainerConfig,
  type ContainerRuntime,
  type ContainerStatus,
  type ExecOptions,
  type ExecResult,
  type ExecSession,
  type ExecStreamOptions,
  NotFoundError,
  type RuntimeEvent,
  type SandboxConfig,
  type SandboxStatus,
  signalExitCode,
} from "../runtime.ts";

interface FakeContainer {
  status: ContainerStatus;
  cfg: ContainerConfig;
  proc?: Subprocess<"pipe" | "ignore", "pipe", "pipe">;
  stdinClosed?: boolean;
  done?: Promise<void>;
  oom?: boolean;
}

let seq = 0;
const newId = (p: string) => `${p}${(++seq).toString(16).padStart(8, "0")}${Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString("hex")}`;

export class FakeRuntime implements ContainerRuntime {
  readonly name = "fake";
  readonly calls: string[] = [];
  /** Returns an error message to make createContainer fail. */
  failCreate: ((cfg: ContainerConfig) => string | undefined) | undefined;
  private sandboxes = new Map<string, SandboxStatus>();
  private containers = new Map<string, FakeContainer>();
  private listeners = new Set<(e: RuntimeEvent) => void>();

  constructor(private readonly podIP: (uid: string) => string | undefined = () => undefined) {}

  private emit(e: RuntimeEvent): void {
    for (const l of this.listeners) l(e);
  }

  onEvent(listener: (e: RuntimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async runSandbox(cfg: SandboxConfig): Promise<string> {
    const id = newId("sb");
    this.calls.push(`runSandbox ${cfg.namespace}/${cfg.podName}`);
    const ip = this.podIP(cfg.podUid);
    this.sandboxes.set(id, {
      id,
      podUid: cfg.podUid,
      podName: cfg.podName,
      namespace: cfg.namespace,
      state: "ready",
      createdAt: Date.now(),
      ...(ip ? { ip } : {}),
      labels: { ...(cfg.labels ?? {}) },
      annotations: { ...(cfg.annotations ?? {}) },
    });
    return id;
  }

  async stopSandbox(id: string): Promise<void> {
    const sb = this.sandboxes.get(id);
    if (!sb) return;
    this.calls.push(`stopSandbox ${sb.podName}`);
    await Promise.all([...this.containers.values()].filter((c) => c.status.sandboxId === id).map((c) => this.stopContainer(c.status.id, 0)));
    sb.state = "notready";
  }

  async removeSandbox(id: string): Promise<void> {
    if (!this.sandboxes.has(id)) return;
    await this.stopSandbox(id);
    for (const c of [...this.containers.values()]) if (c.status.sandboxId === id) await this.removeContainer(c.status.id);
    this.sandboxes.delete(id);
  }

  async sandboxStatus(id: string): Promise<SandboxStatus | undefined> {
    const s = this.sandboxes.get(id);
    return s ? { ...s } : undefined;
  }

  async listSandboxes(): Promise<SandboxStatus[]> {
    return [...this.sandboxes.values()].map((s) => ({ ...s }));
  }

  async createContainer(sandboxId: string, cfg: ContainerConfig): Promise<string> {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb) throw new NotFoundError("sandbox", sandboxId);
    if (sb.state !== "ready") throw new Error(`sandbox ${sandboxId} is not ready`);
    const failure = this.failCreate?.(cfg);
    if (failure) throw new Error(failure);
    if (cfg.targetContainerId !== undefined && this.containers.get(cfg.targetContainerId)?.status.sandboxId !== sandboxId) throw new NotFoundError("target container", cfg.targetContainerId);
    const id = newId("c");
    this.calls.push(`createContainer ${cfg.name}#${cfg.attempt}${cfg.targetContainerId ? ` target=${this.containers.get(cfg.targetContainerId)!.cfg.name}` : ""}`);
    this.containers.set(id, {
      cfg,
      status: {
        id,
        sandboxId,
        name: cfg.name,
        attempt: cfg.attempt,
        state: "created",
        createdAt: Date.now(),
        image: cfg.image,
        imageId: `sha256:${"f".repeat(64)}`,
        logPath: cfg.logPath,
        labels: { ...(cfg.labels ?? {}) },
        annotations: { ...(cfg.annotations ?? {}) },
      },
    });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.get(id);
    if (c.status.state !== "created") throw new Error(`container ${id} is ${c.status.state}, not created`);
    this.calls.push(`startContainer ${c.cfg.name}#${c.cfg.attempt}`);
    const log = new CriLogWriter(c.cfg.logPath);
    const proc = Bun.spawn(c.cfg.argv, {
      cwd: c.cfg.workingDir && c.cfg.workingDir.startsWith("/tmp") ? c.cfg.workingDir : "/",
      env: Object.fromEntries([["PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"], ...c.cfg.env]),
      stdin: c.cfg.stdin ? "pipe" : "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    c.proc = proc;
    c.status.state = "running";
    c.status.startedAt = Date.now();
    c.status.pid = proc.pid;
    const pumps = Promise.all([log.pump("stdout", proc.stdout), log.pump("stderr", proc.stderr)]);
    c.done = (async () => {
      await proc.exited;
      await pumps.catch(() => {});
      log.close();
      const st = c.status;
      st.finishedAt = Date.now();
      st.exitCode = c.oom ? 137 : (proc.exitCode ?? signalExitCode(proc.signalCode));
      st.reason = c.oom ? "OOMKilled" : st.exitCode === 0 ? "Completed" : "Error";
      delete st.pid;
      st.state = "exited";
      this.emit({ type: "exited", containerId: id, sandboxId: st.sandboxId });
    })();
    this.emit({ type: "started", containerId: id, sandboxId: c.status.sandboxId });
  }

  async stopContainer(id: string, gracePeriodSeconds: number): Promise<void> {
    const c = this.get(id);
    if (c.status.state !== "running" || !c.proc) return;
    this.calls.push(`stopContainer ${c.cfg.name}#${c.cfg.attempt} grace=${gracePeriodSeconds}`);
    if (gracePeriodSeconds > 0) {
      c.proc.kill("SIGTERM");
      const done = await Promise.race([c.done!.then(() => true), Bun.sleep(gracePeriodSeconds * 1000).then(() => false)]);
      if (done) return;
    }
    killTree(c.proc.pid);
    await c.done;
  }

  /** Simulates the kernel's OOM killer. */
  async oomKill(id: string): Promise<void> {
    const c = this.get(id);
    c.oom = true;
    if (c.proc) killTree(c.proc.pid);
    await c.done;
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return;
    if (c.status.state === "running") await this.stopContainer(id, 0);
    this.calls.push(`removeContainer ${c.cfg.name}#${c.cfg.attempt}`);
    this.containers.delete(id);
  }

  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    const c = this.containers.get(id);
    return c ? { ...c.status } : undefined;
  }

  async listContainers(filter: { sandboxId?: string } = {}): Promise<ContainerStatus[]> {
    return [...this.containers.values()].filter((c) => filter.sandboxId === undefined || c.status.sandboxId === filter.sandboxId).map((c) => ({ ...c.status }));
  }

  async execSync(id: string, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const c = this.get(id);
    if (c.status.state !== "running") throw new Error(`container ${id} is not running`);
    const proc = Bun.spawn(argv, { env: Object.fromEntries([["PATH", "/usr/bin:/bin"], ...c.cfg.env, ...(opts.env ?? [])]), stdin: opts.stdin ?? "ignore", stdout: "pipe", stderr: "pipe" });
    let timedOut = false;
    const timer = opts.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), killTree(proc.pid)), opts.timeoutMs) : undefined;
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).arrayBuffer(), new Response(proc.stderr).arrayBuffer()]);
    await proc.exited;
    if (timer) clearTimeout(timer);
    return { exitCode: proc.exitCode ?? signalExitCode(proc.signalCode), stdout: new Uint8Array(stdout), stderr: new Uint8Array(stderr), timedOut };
  }

  async exec(id: string, argv: string[], opts: ExecStreamOptions = {}): Promise<ExecSession> {
    const c = this.get(id);
    if (c.status.state !== "running") throw new Error(`container ${id} is not running`);
    const proc = Bun.spawn(argv, { env: Object.fromEntries([["PATH", "/usr/bin:/bin"], ...c.cfg.env]), stdin: opts.stdin ? "pipe" : "ignore", stdout: "pipe", stderr: "pipe" });
    const stdin = proc.stdin as import("bun").FileSink | undefined;

    return {
      stdout: proc.stdout,
      stderr: proc.stderr,
      writeStdin: (d) => void stdin?.write(d),
      closeStdin: () => void stdin?.end(),
      resize: () => {},
      exited: proc.exited.then(() => proc.exitCode ?? signalExitCode(proc.signalCode)),
      kill: () => killTree(proc.pid),
    };
  }

  /** Stdin as the process runtime's, without a terminal (resize does nothing). */
  async attach(id: string): Promise<AttachSession> {
    const c = this.get(id);
    if (c.status.state !== "running") throw new Error(`container ${id} is not running`);
    this.calls.push(`attach ${c.cfg.name}#${c.cfg.attempt}`);
    let wrote = false;
    const sink = () => (c.cfg.stdin && !c.stdinClosed && c.status.state === "running" ? (c.proc?.stdin as import("bun").FileSink | undefined) : undefined);
    const closeOnce = () => {
      if (!c.cfg.stdinOnce || !wrote || c.stdinClosed) return;
      c.stdinClosed = true;
      if (c.status.state === "running") void (c.proc?.stdin as import("bun").FileSink | undefined)?.end();
    };
    return {
      writeStdin: (d) => {
        const s = sink();
        if (!s) return;
        wrote = true;
        s.write(d);
        void s.flush();
      },
      closeStdin: closeOnce,
      resize: () => {},
      close: closeOnce,
    };
  }

  async close(): Promise<void> {
    for (const id of [...this.sandboxes.keys()]) await this.removeSandbox(id);
  }

  private get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new NotFoundError("container", id);
    return c;
  }
}
