/**
 * The API PodStatus the kubelet reports, as upstream's generateAPIPodStatus: container
 * statuses (waiting / running / terminated with lastState, restartCount, ready,
 * started), the phase from getPhase, and the kubelet-owned conditions
 * (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled) with
 * upstream's reasons and messages; transition times kept while a condition holds.
 */
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from "../api/types.ts";
import { computePodQOS } from "../cm/qos.ts";
import type { ContainerStatus as RuntimeStatus } from "../runtime/runtime.ts";

export const CONTAINER_ID_PREFIX = "kubun://";

export interface ContainerView {
  spec: Container;
  isInit: boolean;
  /** An ephemeral container (never ready, never restarted, no started field). */
  isEphemeral?: boolean;
  current?: RuntimeStatus;
  previous?: RuntimeStatus;
  restartCount: number;
  /** A reason the container is not running (ErrImagePull, CrashLoopBackOff...). */
  waiting?: { reason: string; message?: string };
  ready: boolean;
  started: boolean;
  image: string;
  imageID: string;
}

export function rfc3339(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function terminated(s: RuntimeStatus): ContainerState {
  const t: NonNullable<ContainerState["terminated"]> = { exitCode: s.exitCode ?? 0, reason: s.reason ?? "Error", containerID: CONTAINER_ID_PREFIX + s.id };
  const started = rfc3339(s.startedAt);
  const finished = rfc3339(s.finishedAt);
  if (started) t.startedAt = started;
  if (finished) t.finishedAt = finished;
  if (s.message) t.message = s.message;
  return { terminated: t };
}

export function isRestartableInit(c: Container, isInit: boolean): boolean {
  return isInit && c.restartPolicy === "Always";
}

export function containerStatusOf(v: ContainerView, defaultWaitingReason: string): ContainerStatus {
  const st: ContainerStatus = { name: v.spec.name, state: {}, lastState: {}, ready: false, restartCount: v.restartCount, image: v.image, imageID: v.imageID, started: false };
  const cur = v.current;
  if (cur) st.containerID = CONTAINER_ID_PREFIX + cur.id;
  if (cur?.state === "running" && !v.waiting) {
    st.state = { running: { startedAt: rfc3339(cur.startedAt)! } };
    st.ready = v.ready;
    st.started = v.started;
    if (v.previous?.state === "exited") st.lastState = terminated(v.previous);
  } else if (v.waiting) {
    st.state = { waiting: v.waiting.message ? { reason: v.waiting.reason, message: v.waiting.message } : { reason: v.waiting.reason } };
    if (cur?.state === "exited") st.lastState = terminated(cur);
    else if (v.previous?.state === "exited") st.lastState = terminated(v.previous);
  } else if (cur?.state === "exited") {
    st.state = terminated(cur);
    if (v.previous?.state === "exited") st.lastState = terminated(v.previous);
  } else {
    st.state = { waiting: { reason: defaultWaitingReason } };
  }
  if (!isRestartableInit(v.spec, v.isInit) && v.isInit) st.ready = st.state?.terminated?.exitCode === 0;
  if (v.isEphemeral) {
    st.ready = false;
    delete st.started;
  }
  if (!st.containerID) delete st.containerID;
  return st;
}

/** Upstream getPhase (without the ContainerRestartRules gate). */
export function podPhase(pod: Pod, init: ContainerStatus[], app: ContainerStatus[], podIsTerminal: boolean, hasInitialized: boolean): string {
  const policy = pod.spec.restartPolicy ?? "Always";
  let pendingRegularInit = 0;
  let pendingRestartableInit = 0;
  let failedInit = 0;
  const byName = new Map([...init, ...app].map((s) => [s.name, s]));
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy === "Always") continue;
    const s = byName.get(c.name);
    if (!s || s.state?.running) pendingRegularInit++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInit++;
      } else pendingRegularInit++;
    } else pendingRegularInit++;
  }
  let unknown = 0,
    running = 0,
    waiting = 0,
    stopped = 0,
    succeeded = 0;
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy !== "Always") continue;
    const s = byName.get(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) {
      if (!s.started) pendingRestartableInit++;
      running++;
    } else if (s.state?.terminated) {
      // not part of the phase
    } else if (s.state?.waiting) {
      if (!s.lastState?.terminated) {
        pendingRestartableInit++;
        waiting++;
      }
    } else {
      pendingRestartableInit++;
      unknown++;
    }
  }
  for (const c of pod.spec.containers) {
    const s = byName.get(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  if (failedInit > 0 && policy === "Never") return "Failed";
  if (pendingRegularInit > 0 || (pendingRestartableInit > 0 && !hasInitialized) || waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (policy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (policy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

function condition(type: string, ok: boolean, old: PodStatus | undefined, now: string, reason?: string, message?: string): PodCondition {
  const status = ok ? "True" : "False";
  const prev = old?.conditions?.find((c) => c.type === type);
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export interface PodStatusInput {
  pod: Pod;
  views: ContainerView[];
  /** Ephemeral containers, reported apart and left out of phase and conditions. */
  ephemeral?: ContainerView[];
  sandboxReady: boolean;
  podIP?: string;
  hostIP?: string;
  podIsTerminal: boolean;
  /** The status reported before (kubelet's last, or the API's). */
  old?: PodStatus;
  startTime?: string;
  now: number;
}

export function generatePodStatus(i: PodStatusInput): PodStatus {
  const { pod, views } = i;
  const hasInit = (pod.spec.initContainers ?? []).length > 0;
  const defaultReason = hasInit ? "PodInitializing" : "ContainerCreating";
  const init = views.filter((v) => v.isInit).map((v) => containerStatusOf(v, defaultReason));
  const app = views.filter((v) => !v.isInit).map((v) => containerStatusOf(v, defaultReason));
  const hasInitialized = views.some((v) => !v.isInit && v.current !== undefined);
  let phase = podPhase(pod, init, app, i.podIsTerminal, hasInitialized);
  const oldPhase = i.old?.phase;
  if (phase !== "Failed" && phase !== "Succeeded" && (oldPhase === "Failed" || oldPhase === "Succeeded")) phase = oldPhase;
  const now = new Date(Math.floor(i.now / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const completed = phase === "Succeeded";

  const incompleteInit = init.filter((s) => {
    const spec = pod.spec.initContainers?.find((c) => c.name === s.name);
    if (spec?.restartPolicy === "Always") return !s.started;
    return s.state?.terminated?.exitCode !== 0;
  });
  const initialized = incompleteInit.length === 0 || completed || hasInitialized;
  const unready = [...init.filter((s) => pod.spec.initContainers?.find((c) => c.name === s.name)?.restartPolicy === "Always"), ...app].filter((s) => !s.ready).map((s) => s.name);
  const containersReady = unready.length === 0 && phase !== "Failed";
  const notReadyReason = completed ? "PodCompleted" : "ContainersNotReady";
  const notReadyMsg = completed ? undefined : `containers with unready status: [${unready.join(" ")}]`;

  const conditions: PodCondition[] = (pod.status?.conditions ?? []).filter(
    (c) => !["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].includes(c.type),
  );
  conditions.push(condition("PodReadyToStartContainers", i.sandboxReady, i.old, now));
  conditions.push(
    initialized
      ? condition("Initialized", true, i.old, now)
      : condition("Initialized", false, i.old, now, "ContainersNotInitialized", `containers with incomplete status: [${incompleteInit.map((s) => s.name).join(" ")}]`),
  );
  conditions.push(containersReady ? condition("Ready", true, i.old, now) : condition("Ready", false, i.old, now, notReadyReason, notReadyMsg));
  conditions.push(containersReady ? condition("ContainersReady", true, i.old, now) : condition("ContainersReady", false, i.old, now, notReadyReason, notReadyMsg));
  const sched = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: sched?.lastTransitionTime ?? i.old?.conditions?.find((c) => c.type === "PodScheduled")?.lastTransitionTime ?? now });

  const st: PodStatus = { phase, conditions, qosClass: computePodQOS(pod) };
  if (i.hostIP) {
    st.hostIP = i.hostIP;
    st.hostIPs = [{ ip: i.hostIP }];
  }
  const podIP = i.podIP ?? (pod.spec.hostNetwork ? i.hostIP : undefined);
  if (podIP) {
    st.podIP = podIP;
    st.podIPs = [{ ip: podIP }];
  }
  if (i.startTime) st.startTime = i.startTime;
  if (hasInit) st.initContainerStatuses = init;
  st.containerStatuses = app;
  if (i.ephemeral && i.ephemeral.length > 0) st.ephemeralContainerStatuses = i.ephemeral.map((v) => containerStatusOf(v, defaultReason));
  if (phase === oldPhase) {
    if (i.old?.reason) st.reason = i.old.reason;
    if (i.old?.message) st.message = i.old.message;
  }
  return st;
}
