/**
 * One container of the process runtime: its directory (<root>/containers/<id>), root
 * filesystem, mounts, cgroup, process and log. The process chain is
 *   [nsenter --net=<pod netns>] unshare --uts --ipc sh -c 'hostname H; exec "$@"'
 *     unshare --mount --pid --fork --kill-child --root=<rootfs> --wd=<dir> --mount-proc
 *       [--setuid U --setgid G] -- <argv>
 * started with Bun.spawn straight into the container's cgroup; the forked child is
 * the container's pid 1. A container targeting another (ephemeral containers'
 * targetContainerName) joins that one's namespaces instead of making its own:
 *   nsenter --target=<target pid 1> --pid --ipc --uts [--net] --
 *     unshare --mount --root=<rootfs> --wd=<dir> --mount-proc [--setuid U --setgid G] -- <argv>
 * (its own root and mounts, the target's processes in its /proc). With `tty` the process
 * runs on a pseudo-terminal (Bun.Terminal) whose output is logged as stdout at once.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import type { NodeImages } from "../../images/node-images.ts";
import { CriLogWriter, type RotationPolicy } from "../../logs/writer.ts";
import type { CgroupManager } from "../../platform/cgroup.ts";
import { type AttachSession, type ContainerConfig, type ContainerStatus, signalExitCode } from "../runtime.ts";
import { safeRemoveDir, setupContainerMounts, teardownContainerMounts } from "./mounts.ts";
import { isAlive, killMountNamespace, killTree, namespaceOf, waitForInit, waitForOwnMountNamespace } from "./procs.ts";
import { secureJoin } from "./securejoin.ts";
import { UnshareErrorFilter } from "./unshare-errors.ts";
import type { HostTools } from "./tools.ts";

export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const TERMINATION_MESSAGE_LIMIT = 4096;

export interface SandboxInfo {
  id: string;
  dir: string;
  hostname: string;
  netns?: string;
  cgroupParent: string;
}

export interface ContainerDeps {
  images: NodeImages;
  cgroups: CgroupManager;
  tools: HostTools;
  rotation?: RotationPolicy;
}

export class ProcessContainer {
  readonly status: ContainerStatus;
  readonly dir: string;
  private rootfs = "";
  private cgroupPath = "";
  private proc: Subprocess<"pipe" | "ignore", "pipe", "pipe"> | Subprocess | undefined;
  private terminal: Bun.Terminal | undefined;
  private stdinClosed = false;
  /** Mount namespace of a container in a target's pid namespace: how its processes are found. */
  private mountNs: string | undefined;
  private log: CriLogWriter | undefined;
  private exitedPromise: Promise<void> | undefined;
  private stopSignal: string | undefined;
  private oomBefore = 0;
  /** Env of the container (exec inherits it). */
  env: Array<[string, string]> = [];

  constructor(
    readonly id: string,
    readonly sandbox: SandboxInfo,
    readonly cfg: ContainerConfig,
    containersDir: string,
    private readonly deps: ContainerDeps,
    /** The container whose namespaces this one joins (cfg.targetContainerId). */
    private readonly target?: ProcessContainer,
  ) {
    this.dir = join(containersDir, id);
    this.status = {
      id,
      sandboxId: sandbox.id,
      name: cfg.name,
      attempt: cfg.attempt,
      state: "created",
      createdAt: Date.now(),
      image: cfg.image,
      imageId: "",
      logPath: cfg.logPath,
      labels: { ...(cfg.labels ?? {}) },
      annotations: { ...(cfg.annotations ?? {}) },
    };
  }

  get stdin(): Subprocess["stdin"] | undefined {
    return this.terminal ? undefined : this.proc?.stdin;
  }

  /** Builds the rootfs, mounts and cgroup. Undoes its work on failure. */
  async prepare(): Promise<void> {
    const { images, cgroups } = this.deps;
    const img = images.store.resolve(this.cfg.image);
    if (!img) throw new Error(`image "${this.cfg.image}" is not present in the image store`);
    this.status.imageId = img.id;
    this.stopSignal = img.config.config?.StopSignal;
    mkdirSync(this.dir, { recursive: true });
    try {
      const metas = await images.store.unpack(img);
      this.rootfs = await images.rootfs.create(this.dir, images.store.layerDirs(img), metas);
      if (this.cfg.workingDir) mkdirSync(secureJoin(this.rootfs, this.cfg.workingDir), { recursive: true });
      let termination: { hostPath: string; containerPath: string } | undefined;
      if (this.cfg.terminationMessagePath) {
        const hostPath = join(this.dir, "termination-log");
        writeFileSync(hostPath, "");
        termination = { hostPath, containerPath: this.cfg.terminationMessagePath };
      }
      await setupContainerMounts({
        rootfs: this.rootfs,
        etcHosts: join(this.sandbox.dir, "hosts"),
        resolvConf: join(this.sandbox.dir, "resolv.conf"),
        hostnameFile: join(this.sandbox.dir, "hostname"),
        ...(termination ? { terminationLog: termination } : {}),
        volumes: this.cfg.mounts,
        ...(this.sandbox.netns ? { netns: this.sandbox.netns } : {}),
        tools: this.deps.tools,
      });
      if (this.sandbox.cgroupParent !== "" && cgroups.root !== "") {
        this.cgroupPath = `${this.sandbox.cgroupParent}/${this.id}`;
        await cgroups.ensure(this.cgroupPath, this.cfg.limits);
      }
      const env = new Map<string, string>();
      env.set("PATH", DEFAULT_PATH);
      for (const e of img.config.config?.Env ?? []) {
        const eq = e.indexOf("=");
        if (eq > 0) env.set(e.slice(0, eq), e.slice(eq + 1));
      }
      env.set("HOSTNAME", this.sandbox.hostname);
      // as containerd's WithTTY
      if (this.cfg.tty) env.set("TERM", "xterm");
      for (const [k, v] of this.cfg.env) env.set(k, v);
      this.env = [...env];
    } catch (e) {
      await this.cleanup().catch(() => {});
      throw e;
    }
  }

  argv(targetPid?: number): string[] {
    const t = this.deps.tools;
    const wd = this.cfg.workingDir || "/";
    if (targetPid !== undefined) {
      // No --fork: unshare becomes the container's first process, in the target's pid namespace.
      const own = [t.unshare, "--mount", `--root=${this.rootfs}`, `--wd=${wd}`, "--mount-proc"];
      if (this.cfg.uid !== undefined) own.push("--setuid", String(this.cfg.uid), "--setgid", String(this.cfg.gid ?? 0));
      own.push("--", ...this.cfg.argv);
      return [t.nsenter, `--target=${targetPid}`, "--pid", "--ipc", "--uts", ...(this.sandbox.netns ? ["--net"] : []), "--", ...own];
    }
    const inner = [t.unshare, "--mount", "--pid", "--fork", "--kill-child", `--root=${this.rootfs}`, `--wd=${wd}`, "--mount-proc"];
    if (this.cfg.uid !== undefined) inner.push("--setuid", String(this.cfg.uid), "--setgid", String(this.cfg.gid ?? 0));
    inner.push("--", ...this.cfg.argv);
    const outer = [t.unshare, "--uts", "--ipc", "--", t.sh, "-c", `${t.hostname} "$1" && shift && exec "$@"`, "kubun-init", this.sandbox.hostname, ...inner];
    return this.sandbox.netns ? [t.nsenter, `--net=${this.sandbox.netns}`, "--", ...outer] : outer;
  }

  async start(onExit: () => void): Promise<void> {
    if (this.status.state !== "created") throw new Error(`container ${this.id} is ${this.status.state}, not created`);
    let targetPid: number | undefined;
    if (this.target) {
      targetPid = this.target.status.state === "running" ? this.target.status.pid : undefined;
      if (targetPid === undefined) throw new Error(`target container "${this.target.cfg.name}" is not running`);
    }
    const cgroup = this.cgroupPath ? this.deps.cgroups.dir(this.cgroupPath) : "";
    if (this.cgroupPath) this.oomBefore = (await this.deps.cgroups.stats(this.cgroupPath)).memoryEvents?.oomKill ?? 0;
    this.log = new CriLogWriter(this.cfg.logPath, this.deps.rotation);
    const log = this.log;
    const common = { cwd: "/", env: Object.fromEntries(this.env), ...(cgroup ? { cgroup } : {}) };
    let proc: Subprocess;
    let pumps: Promise<unknown>;
    let endTerminal: (() => void) | undefined;
    if (this.cfg.tty) {
      const out = new TransformStream<Uint8Array, Uint8Array>();
      const writer = out.writable.getWriter();
      let ended = false;
      endTerminal = () => {
        if (ended) return;
        ended = true;
        void writer.close().catch(() => {});
      };
      const terminal = new Bun.Terminal({ cols: 80, rows: 24, name: "xterm", data: (_t, d) => void writer.write(d.slice()).catch(() => {}), exit: () => endTerminal?.() });
      this.terminal = terminal;
      proc = Bun.spawn(this.argv(targetPid), { ...common, terminal });
      // a terminal's output is logged as it comes (a prompt has no newline), all of it as stdout
      pumps = log.pump("stdout", this.watchUnshareErrors(out.readable), { unbuffered: true });
    } else {
      const p = Bun.spawn(this.argv(targetPid), { ...common, stdin: this.cfg.stdin ? "pipe" : "ignore", stdout: "pipe", stderr: "pipe" });
      proc = p;
      pumps = Promise.all([log.pump("stdout", p.stdout), log.pump("stderr", this.watchUnshareErrors(p.stderr))]);
    }
    this.proc = proc;
    this.status.state = "running";
    this.status.startedAt = Date.now();
    this.status.pid = (await waitForInit(proc.pid)) ?? proc.pid;
    if (this.target) this.mountNs = await waitForOwnMountNamespace(this.status.pid, [namespaceOf("self", "mnt"), namespaceOf(targetPid!, "mnt")]);
    this.exitedPromise = (async () => {
      await proc.exited;
      // In a target's pid namespace, what the first process left behind is not killed with it
      // (runc kills it too); it would hold the output open.
      await this.killLeftovers();
      if (endTerminal) {
        // what the terminal still holds, then its end (a leftover process may keep it open)
        await Bun.sleep(50);
        endTerminal();
        this.terminal?.close();
      }
      await pumps.catch(() => {});
      log.close();
      await this.finish(proc);
      onExit();
    })();
  }

  /** Processes of a container that has no pid namespace of its own (a target's): by cgroup, by mount namespace. */
  private async killLeftovers(): Promise<void> {
    if (!this.target) return;
    if (this.cgroupPath) await this.deps.cgroups.kill(this.cgroupPath).catch(() => {});
    if (this.mountNs) killMountNamespace(this.mountNs);
  }

  /** Input of a kubectl attach: the container's stdin (pipe or terminal) and terminal size. */
  attach(): AttachSession {
    let wrote = false;
    const closeOnce = () => {
      if (this.cfg.stdinOnce && wrote) this.closeStdin();
    };
    return {
      writeStdin: (data) => {
        if (!this.cfg.stdin || this.stdinClosed || this.status.state !== "running") return;
        wrote = true;
        if (this.terminal) this.terminal.write(data);
        else {
          const sink = this.proc?.stdin as import("bun").FileSink | undefined;
          sink?.write(data);
          void sink?.flush();
        }
      },
      closeStdin: closeOnce,
      resize: (cols, rows) => {
        if (this.terminal && !this.terminal.closed && cols > 0 && rows > 0) this.terminal.resize(cols, rows);
      },
      close: closeOnce,
    };
  }

  private closeStdin(): void {
    if (this.stdinClosed || this.status.state !== "running") return;
    this.stdinClosed = true;
    if (this.terminal) this.terminal.write(new Uint8Array([4]));
    else void (this.proc?.stdin as import("bun").FileSink | undefined)?.end();
  }

  /**
   * util-linux unshare (2.38) cannot re-raise SIGKILL on itself when its child died
   * of it: it prints "sigprocmask unblock failed" and exits 1. That line is taken out
   * of the container's log and the exit is reported as the SIGKILL it was (137).
   */
  private watchUnshareErrors(src: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const filter = new UnshareErrorFilter();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    const pass = (text: string, ctl: TransformStreamDefaultController<Uint8Array>) => {
      if (filter.sawMarker) this.childKilled = true;
      if (text.length > 0) ctl.enqueue(encoder.encode(text));
    };
    return src.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, ctl) => pass(filter.push(decoder.decode(chunk, { stream: true })), ctl),
        flush: (ctl) => pass(filter.push(decoder.decode()) + filter.flush(), ctl),
      }),
    );
  }

  private childKilled = false;

  private async finish(proc: Subprocess): Promise<void> {
    const st = this.status;
    st.finishedAt = Date.now();
    st.exitCode = proc.exitCode ?? signalExitCode(proc.signalCode);
    if (this.childKilled && st.exitCode === 1) st.exitCode = 137;
    let oom = false;
    if (this.cgroupPath) {
      try {
        oom = ((await this.deps.cgroups.stats(this.cgroupPath)).memoryEvents?.oomKill ?? 0) > this.oomBefore;
      } catch {
        oom = false;
      }
    }
    st.reason = oom ? "OOMKilled" : st.exitCode === 0 ? "Completed" : "Error";
    if (oom && st.exitCode === 0) st.exitCode = 137;
    const msgFile = join(this.dir, "termination-log");
    if (existsSync(msgFile)) {
      const msg = readFileSync(msgFile, "utf8").slice(0, TERMINATION_MESSAGE_LIMIT);
      if (msg) st.message = msg;
    }
    delete st.pid;
    st.state = "exited";
  }

  /** Resolves once the process has exited and its status is final. */
  async waitExited(): Promise<void> {
    await this.exitedPromise;
  }

  /** SIGTERM (or the image's StopSignal), grace period, then SIGKILL of the whole container. */
  async stop(graceSeconds: number): Promise<void> {
    if (this.status.state !== "running" || !this.proc) return;
    const pid = this.status.pid;
    if (graceSeconds > 0 && pid !== undefined) {
      try {
        process.kill(pid, (this.stopSignal as NodeJS.Signals | undefined) ?? "SIGTERM");
      } catch {
        // already gone
      }
      const done = await Promise.race([this.exitedPromise!.then(() => true), Bun.sleep(graceSeconds * 1000).then(() => false)]);
      if (done) return;
    }
    await this.kill();
    await this.exitedPromise;
  }

  /**
   * SIGKILLs pid 1 of the container first: the kernel then kills the whole pid
   * namespace and unshare reaps it before exiting itself, so nothing is orphaned.
   * The cgroup (cgroup.kill) and the unshare process are the fallbacks.
   */
  async kill(): Promise<void> {
    const pid = this.status.pid;
    // Not a pid namespace of its own: its first process dying does not take the others along.
    await this.killLeftovers();
    if (pid !== undefined && isAlive(pid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
      const exited = await Promise.race([this.proc?.exited.then(() => true) ?? Promise.resolve(true), Bun.sleep(2000).then(() => false)]);
      if (exited) return;
    }
    if (this.cgroupPath) await this.deps.cgroups.kill(this.cgroupPath).catch(() => {});
    if (pid !== undefined && isAlive(pid)) killTree(pid);
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
  }

  /** Removes mounts, rootfs, cgroup and directory (the log file stays). */
  async cleanup(): Promise<void> {
    if (this.status.state === "running") await this.stop(0);
    if (this.rootfs) teardownContainerMounts(this.rootfs);
    this.deps.images.rootfs.release(this.dir);
    teardownContainerMounts(this.dir);
    if (existsSync(this.dir)) safeRemoveDir(this.dir);
    if (this.cgroupPath) await this.deps.cgroups.remove(this.cgroupPath);
  }

  get cgroup(): string {
    return this.cgroupPath;
  }
}
