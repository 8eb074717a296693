/** Finding the container a request is about, with upstream's error messages. */
import type { Kubelet } from "../kubelet.ts";
import type { PodWorker } from "../pod/worker.ts";
import type { Container } from "../api/types.ts";
import type { ContainerRuntime, ContainerStatus } from "../runtime/runtime.ts";

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function findWorker(k: Kubelet, ns: string, pod: string): PodWorker {
  const w = k.findPod(ns, pod);
  if (!w) throw new RequestError(404, `pod "${pod}" not found`);
  return w;
}

export function defaultContainer(w: PodWorker, name: string | null | undefined): string {
  if (name) return name;
  const c = w.pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"] ?? w.pod.spec.containers[0]?.name;
  if (!c) throw new RequestError(400, "a container name must be specified");
  return c;
}

/** The spec of a container of the pod by name: regular, init or ephemeral. */
export function containerSpec(w: PodWorker, name: string): Container | undefined {
  const spec = w.pod.spec;
  return [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].find((c) => c.name === name);
}

/** The running instance for exec/attach. */
export async function runningContainer(rt: ContainerRuntime, w: PodWorker, name: string): Promise<ContainerStatus> {
  const spec = containerSpec(w, name);
  if (!spec) throw new RequestError(400, `container ${name} is not valid for pod ${w.pod.metadata.name}`);
  const id = w.containerId(name);
  const st = id ? await rt.containerStatus(id) : undefined;
  if (!st || st.state !== "running") throw new RequestError(400, `container not found ("${name}")`);
  return st;
}

/** The instance whose logs to serve, as upstream's validateContainerLogStatus. */
export async function logContainer(rt: ContainerRuntime, w: PodWorker, name: string, previous: boolean): Promise<ContainerStatus> {
  const podName = w.pod.metadata.name;
  const spec = containerSpec(w, name);
  if (!spec) throw new RequestError(400, `container ${name} is not valid for pod ${podName}`);
  if (previous) {
    const id = w.containerId(name, true);
    const st = id ? await rt.containerStatus(id) : undefined;
    if (!st) throw new RequestError(400, `previous terminated container "${name}" in pod "${podName}" not found`);
    return st;
  }
  const id = w.containerId(name);
  const st = id ? await rt.containerStatus(id) : undefined;
  if (st) return st;
  const ps = w.lastStatus;
  const waiting = [...(ps?.containerStatuses ?? []), ...(ps?.initContainerStatuses ?? []), ...(ps?.ephemeralContainerStatuses ?? [])].find((c) => c.name === name)?.state?.waiting;
  if (waiting?.reason === "ErrImagePull") throw new RequestError(400, `container "${name}" in pod "${podName}" is waiting to start: image can't be pulled`);
  if (waiting?.reason === "ImagePullBackOff") throw new RequestError(400, `container "${name}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
  if (waiting?.reason) throw new RequestError(400, `container "${name}" in pod "${podName}" is waiting to start: ${waiting.reason}`);
  throw new RequestError(400, `container "${name}" in pod "${podName}" is waiting to start - no logs yet`);
}
