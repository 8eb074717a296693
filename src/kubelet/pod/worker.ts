/**
 * One worker per pod (upstream's pod worker + kuberuntime SyncPod): syncs are
 * serialized (a kick during a sync runs one more sync after it). A sync makes the
 * pod's cgroup, volumes and sandbox, runs init containers one at a time, starts
 * and restarts app containers per restartPolicy with CrashLoopBackOff, acts on
 * probe results, notices completion, and publishes the generated status. Ephemeral
 * containers added to the running pod (pods/ephemeralcontainers) are started once, never
 * restarted, in the namespaces of their target container when they name one. Deletion
 * runs preStop hooks, stops containers within the grace period and removes
 * everything the pod had on the node before reporting it terminated.
 */
import type { Container, EphemeralContainer, Pod, PodStatus } from "../api/types.ts";
import { goDuration } from "../backoff.ts";
import { containerArgv, containerUser, containerWorkingDir, NoCommandError } from "../container/command.ts";
import { containerEnv, EnvConfigError } from "../container/env.ts";
import { containerLogPath } from "../logs/reader.ts";
import type { ProbeResult } from "../prober/probe.ts";
import { ProbeWorker, type ProbeType } from "../prober/worker.ts";
import type { ContainerConfig } from "../runtime/runtime.ts";
import { containerMounts, type PreparedVolume, VolumeSetupError } from "../volumes/manager.ts";
import type { EventRef, PodWorkerDeps } from "./deps.ts";
import { etcHosts, podHostname, resolvConf } from "./dns.ts";
import { runLifecycleHandler } from "./hooks.ts";
import { type ContainerView, generatePodStatus, isRestartableInit, rfc3339 } from "./status.ts";

interface Rec extends ContainerView {
  probes: ProbeWorker[];
  livenessFailed?: "liveness" | "startup";
  killing?: boolean;
}

const MIN_GRACE_SECONDS = 2;

class TargetNotRunningError extends Error {}

export class PodWorker {
  private recs: Rec[];
  /** Ephemeral containers in the order they were added. */
  private ephemerals: Rec[] = [];
  private sandboxId: string | undefined;
  private podIP: string | undefined;
  private volumes: Map<string, PreparedVolume> | undefined;
  private cgroupReady = false;
  private running = false;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private terminationGrace: number | undefined;
  private terminating = false;
  private terminated = false;
  private terminal = false;
  private startTime: string | undefined;
  private lastVolumeError: string | undefined;
  private idle: Promise<void> = Promise.resolve();
  lastStatus: PodStatus | undefined;

  constructor(
    public pod: Pod,
    private readonly deps: PodWorkerDeps,
  ) {
    const view = (spec: Container, isInit: boolean): Rec => ({ spec, isInit, restartCount: 0, ready: false, started: false, image: spec.image ?? "", imageID: "", probes: [] });
    this.recs = [...(pod.spec.initContainers ?? []).map((c) => view(c, true)), ...pod.spec.containers.map((c) => view(c, false))];
    this.addEphemerals();
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") this.terminal = true;
  }

  get uid(): string {
    return this.pod.metadata.uid ?? "";
  }

  get sandbox(): string | undefined {
    return this.sandboxId;
  }

  get isTerminated(): boolean {
    return this.terminated;
  }

  /** Container id of a container by name (current instance) or its previous one. */
  containerId(name: string, previous = false): string | undefined {
    const r = this.all().find((x) => x.spec.name === name);
    return (previous ? r?.previous : r?.current)?.id;
  }

  /** Every container of the pod, ephemeral ones last. */
  private all(): Rec[] {
    return this.ephemerals.length === 0 ? this.recs : [...this.recs, ...this.ephemerals];
  }

  /** Records ephemeral containers new in the spec (they are only ever added). */
  private addEphemerals(): void {
    for (const ec of this.pod.spec.ephemeralContainers ?? []) {
      if (this.ephemerals.some((r) => r.spec.name === ec.name)) continue;
      this.ephemerals.push({ spec: ec, isInit: false, isEphemeral: true, restartCount: 0, ready: false, started: false, image: ec.image ?? "", imageID: "", probes: [] });
    }
  }

  update(pod: Pod): void {
    this.pod = pod;
    this.addEphemerals();
    if (pod.metadata.deletionTimestamp) this.terminate();
    else this.kick();
  }

  /** Starts termination (deletion, static pod removal); grace overrides the pod's. */
  terminate(graceSeconds?: number): void {
    if (graceSeconds !== undefined) this.terminationGrace = Math.min(graceSeconds, this.terminationGrace ?? Infinity);
    this.terminating = true;
    this.kick();
  }

  /** Resolves when no sync is running or queued. */
  settled(): Promise<void> {
    return this.idle;
  }

  kick(): void {
    if (this.terminated) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = true;
    this.idle = this.loop();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.pending = false;
        try {
          await this.sync();
        } catch (e) {
          this.event("Warning", "FailedSync", `error determining status: ${(e as Error).message}`);
          this.scheduleResync(5000);
        }
      } while (this.pending && !this.terminated);
    } finally {
      this.running = false;
    }
  }

  private scheduleResync(ms: number): void {
    const at = this.deps.now() + Math.max(0, ms);
    if (this.timer && at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.kick();
    }, Math.max(0, ms));
  }

  /** A container of this pod exited (runtime event). */
  async onContainerExit(containerId: string): Promise<void> {
    const r = this.all().find((x) => x.current?.id === containerId);
    if (r) {
      const st = await this.deps.runtime.containerStatus(containerId);
      if (st) r.current = st;
      this.stopProbes(r);
      r.ready = false;
    }
    // Even when the instance is not recorded yet (it exited while being started), sync again.
    this.kick();
  }

  private ref(c?: Container): EventRef {
    const ref: EventRef = { kind: "Pod", apiVersion: "v1", namespace: this.pod.metadata.namespace ?? "default", name: this.pod.metadata.name ?? "", uid: this.uid };
    if (c) {
      const init = this.pod.spec.initContainers?.some((x) => x.name === c.name);
      const ephemeral = !init && this.ephemerals.some((x) => x.spec === c);
      ref.fieldPath = `spec.${init ? "initContainers" : ephemeral ? "ephemeralContainers" : "containers"}{${c.name}}`;
    }
    return ref;
  }

  private event(type: "Normal" | "Warning", reason: string, message: string, c?: Container): void {
    this.deps.record(this.ref(c), type, reason, message);
  }

  private podFullName(): string {
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`;
  }

  private publish(): void {
    if (!this.startTime) this.startTime = this.pod.status?.startTime ?? rfc3339(this.deps.now());
    const status = generatePodStatus({
      pod: this.pod,
      views: this.recs,
      ephemeral: this.ephemerals,
      sandboxReady: this.sandboxId !== undefined && !this.terminal && !this.terminated,
      ...(this.podIP ? { podIP: this.podIP } : {}),
      ...(this.deps.hostIP ? { hostIP: this.deps.hostIP } : {}),
      podIsTerminal: this.terminal,
      ...(this.lastStatus ?? this.pod.status ? { old: (this.lastStatus ?? this.pod.status)! } : {}),
      ...(this.startTime ? { startTime: this.startTime } : {}),
      now: this.deps.now(),
    });
    if (status.phase === "Succeeded" || status.phase === "Failed") this.terminal = true;
    this.lastStatus = status;
    this.deps.onStatus(this.pod, status);
  }

  private async sync(): Promise<void> {
    if (this.terminating) return this.runTermination();
    if (this.terminal) {
      if (this.sandboxId) await this.stopEverything();
      return this.publish();
    }
    const pod = this.pod;
    // Relist (PLEG): the runtime's view of every known instance is the truth.
    await this.refreshAll();
    for (const r of this.all()) if (r.current?.state === "exited" && r.probes.length) this.stopProbes(r);
    if (this.deps.cgroups && !this.cgroupReady) {
      await this.deps.cgroups.ensurePod(pod);
      this.cgroupReady = true;
    }
    if (!(await this.setUpVolumes())) return;
    if (!(await this.ensureSandbox())) return;
    // Ephemeral containers start even while init containers run (as upstream), once each.
    for (const r of this.ephemerals) if (!r.current) await this.startContainer(r);

    const policy = pod.spec.restartPolicy ?? "Always";
    for (const r of this.recs.filter((x) => x.isInit)) {
      const sidecar = isRestartableInit(r.spec, true);
      const cur = r.current;
      if (cur?.state === "running") {
        await this.actOnProbeFailure(r);
        if (sidecar && r.started) continue;
        return this.publish();
      }
      if (!sidecar && cur?.state === "exited" && cur.exitCode === 0 && !r.waiting) continue;
      if (!sidecar && cur?.state === "exited" && policy === "Never") {
        this.terminal = true;
        await this.stopEverything();
        return this.publish();
      }
      const started = await this.startWithBackoff(r);
      if (!sidecar || !started || !r.started) return this.publish();
    }

    for (const r of this.recs.filter((x) => !x.isInit)) {
      const cur = r.current;
      if (cur?.state === "running") {
        await this.actOnProbeFailure(r);
        continue;
      }
      if (!cur || cur.state === "created" || this.shouldRestart(r)) await this.startWithBackoff(r);
    }

    const apps = this.recs.filter((x) => !x.isInit);
    if (apps.every((r) => r.current?.state === "exited" && !this.shouldRestart(r))) {
      this.terminal = true;
      await this.stopEverything();
    }
    this.publish();
  }

  private shouldRestart(r: Rec): boolean {
    const cur = r.current;
    if (cur?.state !== "exited") return false;
    if (isRestartableInit(r.spec, r.isInit)) return true;
    const policy = this.pod.spec.restartPolicy ?? "Always";
    return policy === "Always" || (policy === "OnFailure" && cur.exitCode !== 0);
  }

  private async setUpVolumes(): Promise<boolean> {
    try {
      this.volumes = await this.deps.volumes.setUp(this.pod, this.deps.runtimeInfo(this.pod, this.podIP));
      this.lastVolumeError = undefined;
      return true;
    } catch (e) {
      const msg = e instanceof VolumeSetupError ? e.message : `MountVolume.SetUp failed: ${(e as Error).message}`;
      if (msg !== this.lastVolumeError) this.event("Warning", "FailedMount", msg);
      this.lastVolumeError = msg;
      this.scheduleResync(2000);
      // Volumes that worked before keep serving running containers; a pod that never had them waits.
      if (this.volumes) return true;
      this.publish();
      return false;
    }
  }

  private async ensureSandbox(): Promise<boolean> {
    if (this.sandboxId) {
      const st = await this.deps.runtime.sandboxStatus(this.sandboxId);
      if (st?.state === "ready") return true;
      this.event("Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
      await this.deps.runtime.removeSandbox(this.sandboxId).catch(() => {});
      this.sandboxId = undefined;
    }
    const pod = this.pod;
    const dns = resolvConf(pod, this.deps.dns);
    if (dns.warning) this.event("Warning", "MissingClusterDNS", dns.warning);
    try {
      this.sandboxId = await this.deps.runtime.runSandbox({
        podUid: this.uid,
        podName: pod.metadata.name ?? "",
        namespace: pod.metadata.namespace ?? "default",
        hostname: podHostname(pod),
        hostNetwork: pod.spec.hostNetwork === true,
        cgroupParent: this.deps.cgroups && this.cgroupReady ? this.deps.cgroups.podPath(pod) : "",
        etcHosts: (ip) => etcHosts(pod, ip, this.deps.dns),
        resolvConf: dns.text,
        labels: { "io.kubernetes.pod.uid": this.uid, "io.kubernetes.pod.name": pod.metadata.name ?? "", "io.kubernetes.pod.namespace": pod.metadata.namespace ?? "" },
      });
      this.deps.onSandbox(this.sandboxId);
      this.podIP = (await this.deps.runtime.sandboxStatus(this.sandboxId))?.ip;
      return true;
    } catch (e) {
      this.event("Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${(e as Error).message}`);
      this.scheduleResync(5000);
      this.publish();
      return false;
    }
  }

  /** Starts the container, honouring CrashLoopBackOff for restarts. True when it is running. */
  private async startWithBackoff(r: Rec): Promise<boolean> {
    const cur = r.current;
    if (cur?.state === "exited") {
      const key = `${this.uid}/${r.spec.name}`;
      const finished = cur.finishedAt ?? this.deps.now();
      const b = this.deps.crashBackoff;
      if (b.isInBackOffSince(key, finished)) {
        const delay = b.get(key);
        r.waiting = { reason: "CrashLoopBackOff", message: `back-off ${goDuration(delay)} restarting failed container=${r.spec.name} pod=${this.podFullName()}` };
        this.event("Warning", "BackOff", `Back-off restarting failed container ${r.spec.name} in pod ${this.podFullName()}`, r.spec);
        this.scheduleResync(finished + delay - this.deps.now() + 5);
        return false;
      }
      b.next(key, finished);
    }
    return this.startContainer(r);
  }

  private async startContainer(r: Rec): Promise<boolean> {
    const pod = this.pod;
    const c = r.spec;
    const d = this.deps;
    const image = c.image ?? "";
    const res = await d.images.ensureImage(image, c.imagePullPolicy, () => d.pullCredentials(pod), this.uid, (e) => this.event(e.type, e.reason, e.message, c));
    if (!res.ok) {
      r.waiting = { reason: res.reason, message: res.message };
      if (res.reason === "ErrImagePull" || res.reason === "ImagePullBackOff") this.scheduleResync(d.images.backoff.get(`${this.uid}_${image}`) || 10_000);
      return false;
    }
    r.image = res.ref;
    r.imageID = res.image.repoDigests[0] ?? res.image.id;
    const info = d.runtimeInfo(pod, this.podIP);
    let cfg: ContainerConfig;
    try {
      const envRes = await containerEnv(pod, c, info, d.getter);
      if (envRes.invalidKeys.length)
        this.event("Warning", "InvalidEnvironmentVariableNames", `Keys [${envRes.invalidKeys.join(", ")}] from the EnvFrom configMap ${pod.metadata.namespace}/... were skipped since they are considered invalid environment variable names.`, c);
      const envMap = new Map(envRes.env);
      const runCfg = res.image.config.config;
      const imageEnv = new Map<string, string>();
      for (const e of runCfg?.Env ?? []) {
        const eq = e.indexOf("=");
        if (eq > 0) imageEnv.set(e.slice(0, eq), e.slice(eq + 1));
      }
      const argv = containerArgv(c, runCfg, new Map([...imageEnv, ...envMap]));
      const user = containerUser(c, pod.spec.securityContext, runCfg);
      const mounts = this.volumes ? containerMounts(c, this.volumes) : [];
      const attempt = r.current ? r.restartCount + 1 : r.restartCount;
      cfg = {
        name: c.name,
        attempt,
        image: res.ref,
        argv,
        env: envRes.env,
        workingDir: containerWorkingDir(c, runCfg),
        mounts,
        logPath: containerLogPath(d.logsRoot, pod.metadata.namespace ?? "default", pod.metadata.name ?? "", this.uid, c.name, attempt),
        limits: d.cgroups ? d.cgroups.containerLimits(c) : {},
        terminationMessagePath: c.terminationMessagePath ?? "/dev/termination-log",
        ...(user.uid !== undefined ? { uid: user.uid } : {}),
        ...(user.gid !== undefined ? { gid: user.gid } : {}),
        ...(c.stdin ? { stdin: true } : {}),
        ...(c.stdinOnce ? { stdinOnce: true } : {}),
        ...(c.tty ? { tty: true } : {}),
        ...this.targetOf(r),
        labels: { "io.kubernetes.container.name": c.name, "io.kubernetes.pod.uid": this.uid },
      };
    } catch (e) {
      const reason = e instanceof EnvConfigError ? "CreateContainerConfigError" : e instanceof NoCommandError || e instanceof TargetNotRunningError ? "CreateContainerError" : "CreateContainerConfigError";
      r.waiting = { reason, message: (e as Error).message };
      this.event("Warning", "Failed", `Error: ${(e as Error).message}`, c);
      this.scheduleResync(5000);
      return false;
    }
    let id: string;
    try {
      id = await d.runtime.createContainer(this.sandboxId!, cfg);
    } catch (e) {
      r.waiting = { reason: "CreateContainerError", message: (e as Error).message };
      this.event("Warning", "Failed", `Error: ${(e as Error).message}`, c);
      this.scheduleResync(5000);
      return false;
    }
    this.event("Normal", "Created", `Created container: ${c.name}`, c);
    try {
      await d.runtime.startContainer(id);
    } catch (e) {
      r.waiting = { reason: "RunContainerError", message: (e as Error).message };
      this.event("Warning", "Failed", `Error: ${(e as Error).message}`, c);
      await d.runtime.removeContainer(id).catch(() => {});
      this.scheduleResync(5000);
      return false;
    }
    this.event("Normal", "Started", `Started container ${c.name}`, c);
    // Keep one dead instance (logs --previous, lastState); older ones go.
    if (r.previous) await d.runtime.removeContainer(r.previous.id).catch(() => {});
    if (r.current) {
      r.previous = r.current;
      r.restartCount = cfg.attempt;
    }
    r.current = (await d.runtime.containerStatus(id))!;
    delete r.waiting;
    delete r.livenessFailed;
    r.killing = false;
    r.ready = !c.readinessProbe && !c.startupProbe && !r.isEphemeral;
    r.started = !c.startupProbe;
    if (r.isInit && !isRestartableInit(c, true)) r.ready = false;
    // ephemeral containers have neither probes nor hooks (validation refuses them)
    if (!r.isEphemeral) this.startProbes(r);
    if (c.lifecycle?.postStart && !r.isEphemeral) {
      const err = await runLifecycleHandler(c.lifecycle.postStart, { runtime: d.runtime, containerId: id, container: c, podIP: this.podIP, timeoutMs: (pod.spec.terminationGracePeriodSeconds ?? 30) * 1000 });
      if (err) {
        this.event("Warning", "FailedPostStartHook", `PostStartHook failed`, c);
        this.event("Normal", "Killing", `FailedPostStartHook`, c);
        await d.runtime.stopContainer(id, this.graceFor()).catch(() => {});
        r.current = (await d.runtime.containerStatus(id)) ?? r.current;
        return false;
      }
    }
    return (await d.runtime.containerStatus(id))?.state === "running";
  }

  /** The running instance an ephemeral container targets (targetContainerName), for the runtime. */
  private targetOf(r: Rec): { targetContainerId?: string } {
    const name = r.isEphemeral ? (r.spec as EphemeralContainer).targetContainerName : undefined;
    if (!name) return {};
    const target = this.recs.find((x) => x.spec.name === name)?.current;
    if (target?.state !== "running") throw new TargetNotRunningError(`target container "${name}" is not running`);
    return { targetContainerId: target.id };
  }

  private graceFor(): number {
    return Math.max(MIN_GRACE_SECONDS, this.pod.spec.terminationGracePeriodSeconds ?? 30);
  }

  private startProbes(r: Rec): void {
    const c = r.spec;
    const cur = r.current!;
    const make = (type: ProbeType, spec: NonNullable<Container["livenessProbe"]>) =>
      new ProbeWorker(type, spec, cur.startedAt ?? this.deps.now(), {
        target: () => (r.current?.id === cur.id && r.current.state === "running" ? { runtime: this.deps.runtime, containerId: cur.id, container: c, podIP: this.podIP ?? (this.pod.spec.hostNetwork ? this.deps.hostIP : undefined) } : undefined),
        started: () => r.started,
        onResult: (t, result) => this.onProbeResult(r, cur.id, t, result),
        event: (type, reason, message) => this.event(type, reason, message, c),
      });
    if (c.startupProbe) r.probes.push(make("startup", c.startupProbe));
    if (c.livenessProbe) r.probes.push(make("liveness", c.livenessProbe));
    if (c.readinessProbe) r.probes.push(make("readiness", c.readinessProbe));
    for (const p of r.probes) p.start();
  }

  private stopProbes(r: Rec): void {
    for (const p of r.probes) p.stop();
    r.probes = [];
  }

  private onProbeResult(r: Rec, id: string, type: ProbeType, result: ProbeResult): void {
    if (r.current?.id !== id) return;
    if (type === "readiness") r.ready = result === "Success" && r.started;
    else if (type === "startup") {
      if (result === "Success") {
        r.started = true;
        if (!r.spec.readinessProbe) r.ready = true;
      } else r.livenessFailed = "startup";
    } else if (result === "Failure") r.livenessFailed = "liveness";
    this.kick();
  }

  private async actOnProbeFailure(r: Rec): Promise<void> {
    if (!r.livenessFailed || r.killing || r.current?.state !== "running") return;
    r.killing = true;
    const which = r.livenessFailed;
    this.event("Normal", "Killing", `Container ${r.spec.name} failed ${which} probe, will be restarted`, r.spec);
    this.stopProbes(r);
    const probe = which === "liveness" ? r.spec.livenessProbe : r.spec.startupProbe;
    const grace = probe?.terminationGracePeriodSeconds ?? this.graceFor();
    const id = r.current.id;
    // Stop in the background: the exit event brings the worker back to restart it.
    void this.deps.runtime.stopContainer(id, Math.max(MIN_GRACE_SECONDS, grace)).catch(() => {});
  }

  /** Kills every running container and the sandbox (completed or failed pods). */
  private async stopEverything(): Promise<void> {
    for (const r of this.all()) this.stopProbes(r);
    if (this.sandboxId) {
      await this.deps.runtime.stopSandbox(this.sandboxId).catch(() => {});
      await this.refreshAll();
    }
  }

  private async refreshAll(): Promise<void> {
    for (const r of this.all()) {
      if (!r.current || r.current.state === "exited") continue;
      const st = await this.deps.runtime.containerStatus(r.current.id);
      if (st) r.current = st;
    }
  }

  private async runTermination(): Promise<void> {
    const pod = this.pod;
    const d = this.deps;
    const grace = this.terminationGrace ?? pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    const deadline = d.now() + grace * 1000;
    for (const r of this.all()) this.stopProbes(r);
    await this.refreshAll();
    await Promise.all(
      this.all()
        .filter((r) => r.current?.state === "running")
        .map(async (r) => {
          const id = r.current!.id;
          const c = r.spec;
          if (c.lifecycle?.preStop && grace > 0) {
            const err = await runLifecycleHandler(c.lifecycle.preStop, { runtime: d.runtime, containerId: id, container: c, podIP: this.podIP, timeoutMs: Math.max(0, deadline - d.now()) });
            if (err) this.event("Warning", "FailedPreStopHook", `PreStopHook failed`, c);
          }
          this.event("Normal", "Killing", `Stopping container ${c.name}`, c);
          const remaining = Math.ceil(Math.max(0, deadline - d.now()) / 1000);
          await d.runtime.stopContainer(id, grace === 0 ? 0 : Math.max(MIN_GRACE_SECONDS, remaining)).catch(() => {});
        }),
    );
    await this.refreshAll();
    for (const r of this.all()) if (r.current?.state !== "exited") delete r.waiting;
    if (this.sandboxId) {
      await d.runtime.removeSandbox(this.sandboxId).catch((e) => this.event("Warning", "FailedKillPod", `error killing pod: ${(e as Error).message}`));
    }
    try {
      d.volumes.tearDown(this.uid);
    } catch (e) {
      this.event("Warning", "FailedUnmount", (e as Error).message);
    }
    if (d.cgroups) await d.cgroups.removePod(this.uid).catch(() => {});
    this.terminal = true;
    this.sandboxId = undefined;
    this.publish();
    this.terminated = true;
    if (this.timer) clearTimeout(this.timer);
    d.onTerminated(pod, this.lastStatus!);
  }
}
