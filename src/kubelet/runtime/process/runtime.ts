/**
 * The process runtime: pods as Linux namespaces and cgroups, containers as processes
 * started with Bun.spawn (see container.ts). State lives in memory; `open()` clears
 * what a previous kubelet left behind (mounts, directories, network namespaces), since
 * processes cannot be re-adopted across a restart.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NodeImages } from "../../images/node-images.ts";
import type { RotationPolicy } from "../../logs/writer.ts";
import type { CgroupManager } from "../../platform/cgroup.ts";
import { LoopbackNetwork, type PodNetwork } from "../network.ts";
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
} from "../runtime.ts";
import { ProcessContainer, type SandboxInfo } from "./container.ts";
import { execStream, execSync } from "./exec.ts";
import { safeRemoveDir, teardownContainerMounts } from "./mounts.ts";
import { deleteNetns, NETNS_DIR, netnsName } from "./netns.ts";
import { findHostTools, type HostTools } from "./tools.ts";

export interface ProcessRuntimeOptions {
  /** Working directory, normally <dataDir>/agent; holds containers/ and sandboxes/. */
  root: string;
  images: NodeImages;
  cgroups: CgroupManager;
  network?: PodNetwork;
  /** Node IP, reported as the pod IP of hostNetwork pods. */
  hostIP?: string;
  rotation?: RotationPolicy;
  tools?: HostTools;
}

interface Sandbox extends SandboxInfo {
  status: SandboxStatus;
}

const randomId = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");

export class ProcessRuntime implements ContainerRuntime {
  readonly name = "kubun-process";
  private readonly tools: HostTools;
  private readonly network: PodNetwork;
  private sandboxes = new Map<string, Sandbox>();
  private containers = new Map<string, ProcessContainer>();
  private listeners = new Set<(e: RuntimeEvent) => void>();
  private readonly containersDir: string;
  private readonly sandboxesDir: string;

  private constructor(private readonly opts: ProcessRuntimeOptions) {
    this.tools = opts.tools ?? findHostTools();
    this.network = opts.network ?? new LoopbackNetwork(this.tools.ip ?? "ip");
    this.containersDir = join(opts.root, "containers");
    this.sandboxesDir = join(opts.root, "sandboxes");
    mkdirSync(this.containersDir, { recursive: true });
    mkdirSync(this.sandboxesDir, { recursive: true });
  }

  static async open(opts: ProcessRuntimeOptions): Promise<ProcessRuntime> {
    const rt = new ProcessRuntime(opts);
    await rt.clearLeftovers();
    return rt;
  }

  private async clearLeftovers(): Promise<void> {
    for (const id of readdirSync(this.containersDir)) {
      const dir = join(this.containersDir, id);
      teardownContainerMounts(join(dir, "rootfs"));
      this.opts.images.rootfs.release(dir);
      teardownContainerMounts(dir);
      safeRemoveDir(dir);
    }
    for (const id of readdirSync(this.sandboxesDir)) {
      // The namespace goes first, its address last (see stopSandbox); a process that outlived
      // its kubelet keeps the namespace alive, so its veth is taken off the bridge too.
      if (this.tools.ip) await deleteNetns(this.tools.ip, netnsName(id)).catch(() => {});
      await this.network.tearDown(id, netnsName(id)).catch(() => {});
      safeRemoveDir(join(this.sandboxesDir, id));
    }
  }

  private emit(e: RuntimeEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  onEvent(listener: (e: RuntimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async runSandbox(cfg: SandboxConfig): Promise<string> {
    const id = randomId();
    const dir = join(this.sandboxesDir, id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "resolv.conf"), cfg.resolvConf);
    writeFileSync(join(dir, "hostname"), cfg.hostname + "\n");
    const status: SandboxStatus = {
      id,
      podUid: cfg.podUid,
      podName: cfg.podName,
      namespace: cfg.namespace,
      state: "ready",
      createdAt: Date.now(),
      labels: { ...(cfg.labels ?? {}) },
      annotations: { ...(cfg.annotations ?? {}) },
    };
    const sb: Sandbox = { id, dir, hostname: cfg.hostname, cgroupParent: cfg.cgroupParent, status };
    try {
      if (cfg.hostNetwork) {
        if (this.opts.hostIP) status.ip = this.opts.hostIP;
      } else {
        if (!this.tools.ip) throw new Error("pod networking needs iproute2 (`ip`) on the host");
        const net = await this.network.setUp(id, netnsName(id), cfg.podUid);
        sb.netns = `${NETNS_DIR}/${netnsName(id)}`;
        status.netns = sb.netns;
        if (net.ip) status.ip = net.ip;
      }
      writeFileSync(join(dir, "hosts"), typeof cfg.etcHosts === "function" ? cfg.etcHosts(status.ip) : cfg.etcHosts);
    } catch (e) {
      if (!cfg.hostNetwork && this.tools.ip) {
        await deleteNetns(this.tools.ip, netnsName(id)).catch(() => {});
        await this.network.tearDown(id, netnsName(id)).catch(() => {});
      }
      safeRemoveDir(dir);
      throw e;
    }
    this.sandboxes.set(id, sb);
    return id;
  }

  async stopSandbox(id: string): Promise<void> {
    const sb = this.sandboxes.get(id);
    if (!sb) return;
    await Promise.all([...this.containers.values()].filter((c) => c.sandbox.id === id).map((c) => c.stop(0)));
    if (sb.status.state === "ready" && sb.netns) {
      // The namespace first, then the veth and the address: freed before the namespace was
      // gone, a kubelet stopped in between left the address in a namespace on the bridge
      // while the next pod was given it too.
      if (this.tools.ip) await deleteNetns(this.tools.ip, netnsName(id));
      await this.network.tearDown(id, netnsName(id)).catch(() => {});
    }
    sb.status.state = "notready";
  }

  async removeSandbox(id: string): Promise<void> {
    const sb = this.sandboxes.get(id);
    if (!sb) return;
    await this.stopSandbox(id);
    for (const c of [...this.containers.values()]) if (c.sandbox.id === id) await this.removeContainer(c.id);
    safeRemoveDir(sb.dir);
    this.sandboxes.delete(id);
  }

  async sandboxStatus(id: string): Promise<SandboxStatus | undefined> {
    const sb = this.sandboxes.get(id);
    return sb ? { ...sb.status } : undefined;
  }

  async listSandboxes(): Promise<SandboxStatus[]> {
    return [...this.sandboxes.values()].map((s) => ({ ...s.status }));
  }

  async createContainer(sandboxId: string, cfg: ContainerConfig): Promise<string> {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb) throw new NotFoundError("sandbox", sandboxId);
    if (sb.status.state !== "ready") throw new Error(`sandbox ${sandboxId} is not ready`);
    let target: ProcessContainer | undefined;
    if (cfg.targetContainerId !== undefined) {
      target = this.containers.get(cfg.targetContainerId);
      if (!target || target.sandbox.id !== sandboxId) throw new NotFoundError("target container", cfg.targetContainerId);
    }
    const id = randomId();
    const deps = { images: this.opts.images, cgroups: this.opts.cgroups, tools: this.tools, ...(this.opts.rotation ? { rotation: this.opts.rotation } : {}) };
    const c = new ProcessContainer(id, sb, cfg, this.containersDir, deps, target);
    await c.prepare();
    this.containers.set(id, c);
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.get(id);
    await c.start(() => this.emit({ type: "exited", containerId: id, sandboxId: c.sandbox.id }));
    this.emit({ type: "started", containerId: id, sandboxId: c.sandbox.id });
  }

  async stopContainer(id: string, gracePeriodSeconds: number): Promise<void> {
    await this.get(id).stop(gracePeriodSeconds);
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return;
    await c.cleanup();
    this.containers.delete(id);
  }

  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    const c = this.containers.get(id);
    return c ? { ...c.status } : undefined;
  }

  async listContainers(filter: { sandboxId?: string } = {}): Promise<ContainerStatus[]> {
    return [...this.containers.values()].filter((c) => filter.sandboxId === undefined || c.sandbox.id === filter.sandboxId).map((c) => ({ ...c.status }));
  }

  async execSync(id: string, argv: string[], opts?: ExecOptions): Promise<ExecResult> {
    const c = this.get(id);
    return execSync(this.tools, c, c.cgroup ? this.opts.cgroups.dir(c.cgroup) : "", argv, opts);
  }

  async exec(id: string, argv: string[], opts: ExecStreamOptions = {}): Promise<ExecSession> {
    const c = this.get(id);
    return execStream(this.tools, c, c.cgroup ? this.opts.cgroups.dir(c.cgroup) : "", argv, opts);
  }

  async attach(id: string): Promise<AttachSession> {
    const c = this.get(id);
    if (c.status.state !== "running") throw new Error(`container ${id} is not running`);
    return c.attach();
  }

  async close(): Promise<void> {
    for (const id of [...this.sandboxes.keys()]) await this.removeSandbox(id).catch(() => {});
    for (const id of [...this.containers.keys()]) await this.removeContainer(id).catch(() => {});
  }

  private get(id: string): ProcessContainer {
    const c = this.containers.get(id);
    if (!c) throw new NotFoundError("container", id);
    return c;
  }
}
