/**
 * The kubelet: pod sources (the API's pods bound to this node, static pod manifests)
 * feed one PodWorker per pod; runtime exit events (the lifecycle event generator)
 * wake the owning worker; statuses go through the status manager (to the mirror pod
 * for static pods); deleted pods are torn down and then confirmed with a grace-0
 * delete. Node registration, status and Lease heartbeats run beside it.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { logger } from "../util/log.ts";
import type { KubeletApi, PodEvent } from "./api/kubelet-api.ts";
import type { Pod, PodStatus } from "./api/types.ts";
import { Backoff } from "./backoff.ts";
import { PodCgroups } from "./cm/pod-cgroups.ts";
import type { ObjectGetter } from "./container/env.ts";
import type { PodRuntimeInfo } from "./container/fieldref.ts";
import { ImageManager } from "./images/manager.ts";
import type { NodeImages } from "./images/node-images.ts";
import { credentialsFromSecrets, matchCredentials, type RegistryAuth } from "./images/registry/credentials.ts";
import { pullImage } from "./images/registry/pull.ts";
import type { RegistryHosts } from "./images/registry/client.ts";
import type { Secret } from "./api/types.ts";
import { parseReference } from "./images/reference.ts";
import { nodeResources, type NodeResources, type ReservedResources } from "./node/capacity.ts";
import { NodeHeartbeat } from "./node/heartbeat.ts";
import type { NodeFacts } from "./node/status.ts";
import type { CgroupManager } from "./platform/cgroup.ts";
import type { EventRef } from "./pod/deps.ts";
import type { DnsSettings } from "./pod/dns.ts";
import { PodWorker } from "./pod/worker.ts";
import type { ContainerRuntime } from "./runtime/runtime.ts";
import { isMirrorPod, mirrorPodOf, readStaticPods } from "./static-pods.ts";
import { StatusManager } from "./status-manager.ts";
import { VolumeManager } from "./volumes/manager.ts";

const log = logger("kubelet");

export interface KubeletConfig {
  nodeName: string;
  dataDir: string;
  api: KubeletApi;
  runtime: ContainerRuntime;
  images: NodeImages;
  cgroups: CgroupManager | null;
  hostIP?: string;
  podCIDR?: string;
  clusterDNS?: string[];
  clusterDomain?: string;
  maxPods?: number;
  podPidsLimit?: number;
  kubeReserved?: ReservedResources;
  systemReserved?: ReservedResources;
  nodeLabels?: Record<string, string>;
  nodeTaints?: Array<{ key: string; value?: string; effect: string }>;
  registryHosts?: RegistryHosts;
  kubeletPort?: number;
  /** Heartbeat periods (tests shorten them). */
  heartbeat?: { renewIntervalMs?: number; statusIntervalMs?: number };
  staticPodIntervalMs?: number;
  /** Whether volumes may mount tmpfs (root). */
  tmpfs?: boolean;
  now?: () => number;
}

export class Kubelet {
  readonly workers = new Map<string, PodWorker>();
  readonly status: StatusManager;
  readonly imageManager: ImageManager;
  readonly crashBackoff: Backoff;
  readonly resources: NodeResources;
  readonly podCgroups: PodCgroups | null;
  readonly logsRoot: string;
  private readonly volumes: VolumeManager;
  private readonly heartbeat: NodeHeartbeat;
  private readonly bySandbox = new Map<string, PodWorker>();
  /** API uid of each static pod's mirror (by static pod uid). */
  private readonly mirrors = new Map<string, string>();
  private staticUids = new Set<string>();
  private stopWatch: (() => void) | undefined;
  private offEvents: (() => void) | undefined;
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private nodeUid: string | undefined;
  private readonly dns: DnsSettings;
  private readonly now: () => number;

  constructor(private readonly cfg: KubeletConfig) {
    this.now = cfg.now ?? Date.now;
    this.logsRoot = join(cfg.dataDir, "agent", "logs");
    mkdirSync(this.logsRoot, { recursive: true });
    this.resources = nodeResources({
      dataDir: cfg.dataDir,
      ...(cfg.maxPods !== undefined ? { maxPods: cfg.maxPods } : {}),
      ...(cfg.kubeReserved ? { kubeReserved: cfg.kubeReserved } : {}),
      ...(cfg.systemReserved ? { systemReserved: cfg.systemReserved } : {}),
    });
    this.status = new StatusManager(cfg.api, (e) => log.debug("pod status write failed", { err: e }));
    this.crashBackoff = new Backoff(10_000, 300_000, this.now);
    this.imageManager = new ImageManager(cfg.images.store, (ref, creds) => pullImage(cfg.images.store, ref, { credentials: creds, ...(cfg.registryHosts ? { hosts: cfg.registryHosts } : {}) }), this.now);
    this.podCgroups = cfg.cgroups && cfg.cgroups.root !== "" ? new PodCgroups(cfg.cgroups, cfg.podPidsLimit !== undefined ? { podPidsLimit: cfg.podPidsLimit } : {}) : null;
    this.volumes = new VolumeManager({ podsDir: join(cfg.dataDir, "agent", "pods"), getter: this.getter(), tmpfs: cfg.tmpfs ?? process.getuid?.() === 0 });
    this.dns = { clusterDNS: cfg.clusterDNS ?? [], clusterDomain: cfg.clusterDomain ?? "cluster.local" };
    this.heartbeat = new NodeHeartbeat(cfg.api, () => this.nodeFacts(), { ...(cfg.heartbeat ?? {}), now: this.now, onError: (what, e) => log.warn(`node ${what} update failed`, { err: e }) });
  }

  private getter(): ObjectGetter {
    const api = this.cfg.api;
    const g: ObjectGetter = { configMap: (ns, n) => api.getConfigMap(ns, n), secret: (ns, n) => api.getSecret(ns, n) };
    if (api.listServices) g.services = (nss, o) => api.listServices!(nss, o);
    if (api.serviceAccountToken) g.serviceAccountToken = (ns, sa, o) => api.serviceAccountToken!(ns, sa, o);
    return g;
  }

  /** The worker of a pod by namespace and name (mirror pods resolve to their static pod). */
  findPod(namespace: string, name: string): PodWorker | undefined {
    for (const w of this.workers.values()) if (w.pod.metadata.name === name && (w.pod.metadata.namespace ?? "default") === namespace) return w;
    return undefined;
  }

  get cgroupManager(): CgroupManager | null {
    return this.cfg.cgroups;
  }

  /** The kubelet's current view of its pods, with their latest statuses. */
  pods(): Pod[] {
    return [...this.workers.values()].map((w) => ({ ...w.pod, ...(w.lastStatus ? { status: w.lastStatus } : {}) }));
  }

  nodeFacts(): NodeFacts {
    const report = this.cfg.cgroups?.report();
    const images = this.cfg.images.store.list().map((r) => ({ names: [...r.repoDigests, ...r.names], sizeBytes: r.size }));
    return {
      nodeName: this.cfg.nodeName,
      hostIP: this.cfg.hostIP,
      resources: this.resources,
      ...(this.cfg.nodeLabels ? { labels: this.cfg.nodeLabels } : {}),
      ...(this.cfg.nodeTaints ? { taints: this.cfg.nodeTaints } : {}),
      unenforceable: report ? report.unenforceable : ["cannot enforce any resource limits: no cgroup manager"],
      runtimeVersion: `${this.cfg.runtime.name}://0.1.0`,
      images,
      ...(this.cfg.podCIDR ? { podCIDR: this.cfg.podCIDR } : {}),
      ...(this.cfg.kubeletPort ? { kubeletPort: this.cfg.kubeletPort } : {}),
    };
  }

  async start(): Promise<void> {
    const report = this.cfg.cgroups?.report();
    if (report && report.unenforceable.length > 0)
      log.warn("resource limits cannot all be enforced on this node", { cgroup: report.mode, mount: report.mountPoint, missing: report.missing.join(","), detail: report.unenforceable.join("; ") });
    if (this.podCgroups) {
      await this.podCgroups.init({ cpuMilli: this.resources.allocatableMilliCpu, memory: this.resources.allocatableMemory });
      // Pods of a previous kubelet process cannot be adopted: kill what is left of them.
      for (const [uid, path] of await this.podCgroups.listPods()) {
        log.info("removing a pod cgroup left by a previous kubelet", { uid });
        await this.cfg.cgroups!.remove(path).catch((e) => log.warn("could not remove a stale pod cgroup", { path, err: e }));
      }
    }
    this.offEvents = this.cfg.runtime.onEvent((e) => {
      if (e.type === "exited") void this.bySandbox.get(e.sandboxId)?.onContainerExit(e.containerId);
    });
    await this.heartbeat.register();
    this.nodeUid = (await this.cfg.api.getNode(this.cfg.nodeName))?.metadata.uid;
    this.heartbeat.start();
    this.stopWatch = await this.cfg.api.watchPods(this.cfg.nodeName, (e) => this.onPodEvent(e));
    this.syncStaticPods();
    this.timers.push(setInterval(() => this.syncStaticPods(), this.cfg.staticPodIntervalMs ?? 20_000));
    this.timers.push(setInterval(() => this.housekeeping(), 10_000));
  }

  /** Stops watching and heartbeating; `killPods` also tears every pod down (tests, shutdown). */
  async stop(opts: { killPods?: boolean } = {}): Promise<void> {
    this.stopWatch?.();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.heartbeat.stop();
    if (opts.killPods) {
      for (const w of this.workers.values()) w.terminate(0);
      await Promise.all([...this.workers.values()].map((w) => this.waitTerminated(w)));
    }
    this.offEvents?.();
    this.status.close();
  }

  private async waitTerminated(w: PodWorker): Promise<void> {
    while (!w.isTerminated) await Bun.sleep(20);
  }

  private housekeeping(): void {
    this.crashBackoff.gc();
    this.imageManager.backoff.gc();
    if (this.podCgroups) void this.podCgroups.updateQOS([...this.workers.values()].map((w) => w.pod)).catch(() => {});
  }

  private onPodEvent(e: PodEvent): void {
    const pod = e.pod;
    if (pod.spec.nodeName !== this.cfg.nodeName) return;
    if (isMirrorPod(pod)) return this.onMirrorPod(e);
    const uid = pod.metadata.uid ?? "";
    const w = this.workers.get(uid);
    if (e.type === "DELETED") {
      // Removed from the API (forced or confirmed): stop what still runs.
      w?.terminate(pod.metadata.deletionGracePeriodSeconds ?? 0);
      return;
    }
    if (w) w.update(pod);
    else this.addWorker(pod);
  }

  private onMirrorPod(e: PodEvent): void {
    const staticUid = e.pod.metadata.annotations?.["kubernetes.io/config.mirror"] ?? "";
    if (e.type === "DELETED") {
      this.mirrors.delete(staticUid);
      const w = this.workers.get(staticUid);
      if (w && !w.isTerminated) void this.ensureMirror(w.pod);
      return;
    }
    if (e.pod.metadata.uid) this.mirrors.set(staticUid, e.pod.metadata.uid);
    if (e.pod.metadata.deletionTimestamp) void this.cfg.api.deletePod(e.pod.metadata.namespace ?? "default", e.pod.metadata.name ?? "", { uid: e.pod.metadata.uid ?? "", gracePeriodSeconds: 0 }).catch(() => {});
  }

  private addWorker(pod: Pod): PodWorker {
    const w: PodWorker = new PodWorker(pod, {
      runtime: this.cfg.runtime,
      images: this.imageManager,
      imageStore: this.cfg.images.store,
      volumes: this.volumes,
      cgroups: this.podCgroups,
      getter: this.getter(),
      pullCredentials: (p) => this.pullCredentials(p),
      runtimeInfo: (p, ip) => this.runtimeInfo(p, ip),
      dns: this.dns,
      hostIP: this.cfg.hostIP,
      logsRoot: this.logsRoot,
      crashBackoff: this.crashBackoff,
      record: (ref, type, reason, message) => this.record(ref, type, reason, message),
      onStatus: (p, st) => this.onStatus(w, p, st),
      onSandbox: (id) => this.bySandbox.set(id, w),
      onTerminated: (p, st) => void this.onTerminated(w, p, st),
      now: this.now,
    });
    this.workers.set(pod.metadata.uid ?? "", w);
    if (pod.metadata.deletionTimestamp) w.terminate();
    else w.kick();
    return w;
  }

  private record(ref: EventRef, type: "Normal" | "Warning", reason: string, message: string): void {
    const mirrorUid = this.mirrors.get(ref.uid);
    this.cfg.api.recordEvent({ ...ref, ...(mirrorUid ? { uid: mirrorUid } : {}) }, type, reason, message, { component: "kubelet", host: this.cfg.nodeName });
  }

  private runtimeInfo(pod: Pod, podIP: string | undefined): PodRuntimeInfo {
    const r = this.resources;
    const info: PodRuntimeInfo = { nodeName: this.cfg.nodeName, allocatable: { cpu: `${r.allocatableMilliCpu}m`, memory: String(r.allocatableMemory) } };
    const ip = podIP ?? (pod.spec.hostNetwork ? this.cfg.hostIP : undefined);
    if (ip) info.podIP = ip;
    if (this.cfg.hostIP) info.hostIP = this.cfg.hostIP;
    return info;
  }

  private async pullCredentials(pod: Pod): Promise<RegistryAuth[]> {
    const secrets: Secret[] = [];
    for (const ref of pod.spec.imagePullSecrets ?? []) {
      if (!ref.name) continue;
      const s = await this.cfg.api.getSecret(pod.metadata.namespace ?? "default", ref.name).catch(() => undefined);
      if (s) secrets.push(s);
    }
    const entries = credentialsFromSecrets(secrets);
    const out: RegistryAuth[] = [];
    for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      try {
        const r = parseReference(c.image ?? "");
        for (const a of matchCredentials(entries, r.domain, r.path)) if (!out.includes(a)) out.push(a);
      } catch {
        // invalid names fail later with InvalidImageName
      }
    }
    return out;
  }

  private onStatus(_w: PodWorker, pod: Pod, status: PodStatus): void {
    const uid = pod.metadata.uid ?? "";
    const isStatic = this.staticUids.has(uid);
    const apiUid = isStatic ? this.mirrors.get(uid) : uid;
    if (!apiUid) return; // a static pod whose mirror is not there yet
    this.status.set(uid, { namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "", apiUid }, status);
  }

  private async onTerminated(w: PodWorker, pod: Pod, _status: PodStatus): Promise<void> {
    const uid = pod.metadata.uid ?? "";
    for (const [sb, x] of this.bySandbox) if (x === w) this.bySandbox.delete(sb);
    await this.status.synced(uid);
    this.workers.delete(uid);
    this.status.forget(uid);
    if (this.staticUids.has(uid)) {
      this.staticUids.delete(uid);
      const mirrorUid = this.mirrors.get(uid);
      if (mirrorUid) await this.cfg.api.deletePod(pod.metadata.namespace ?? "default", pod.metadata.name ?? "", { uid: mirrorUid, gracePeriodSeconds: 0 }).catch(() => {});
      this.mirrors.delete(uid);
      return;
    }
    if (pod.metadata.deletionTimestamp) await this.cfg.api.deletePod(pod.metadata.namespace ?? "default", pod.metadata.name ?? "", { uid, gracePeriodSeconds: 0 }).catch((e) => log.warn("confirming pod deletion failed", { pod: pod.metadata.name, err: e }));
  }

  private syncStaticPods(): void {
    const dir = join(this.cfg.dataDir, "agent", "pod-manifests");
    const { pods, errors } = readStaticPods(dir, this.cfg.nodeName);
    for (const e of errors) log.warn("static pod manifest ignored", { err: e });
    const seen = new Set<string>();
    for (const p of pods) {
      const uid = p.metadata.uid!;
      seen.add(uid);
      if (this.workers.has(uid)) continue;
      this.staticUids.add(uid);
      this.addWorker(p);
      void this.ensureMirror(p);
    }
    for (const uid of [...this.staticUids]) if (!seen.has(uid)) this.workers.get(uid)?.terminate();
  }

  private async ensureMirror(p: Pod): Promise<void> {
    const uid = p.metadata.uid ?? "";
    if (this.mirrors.has(uid)) return;
    try {
      const created = await this.cfg.api.createPod(mirrorPodOf(p, this.cfg.nodeName, this.nodeUid));
      if (created.metadata.uid) this.mirrors.set(uid, created.metadata.uid);
      this.workers.get(uid)?.kick();
    } catch (e) {
      log.debug("mirror pod not created", { pod: p.metadata.name, err: e });
    }
  }
}
