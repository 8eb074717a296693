/** What a pod worker needs from the kubelet around it. */
import type { Pod, PodStatus } from "../api/types.ts";
import type { Backoff } from "../backoff.ts";
import type { PodCgroups } from "../cm/pod-cgroups.ts";
import type { ObjectGetter } from "../container/env.ts";
import type { PodRuntimeInfo } from "../container/fieldref.ts";
import type { ImageManager } from "../images/manager.ts";
import type { ImageStore } from "../images/store.ts";
import type { RegistryAuth } from "../images/registry/credentials.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";
import type { VolumeManager } from "../volumes/manager.ts";
import type { DnsSettings } from "./dns.ts";

export interface EventRef {
  kind: "Pod";
  namespace: string;
  name: string;
  uid: string;
  apiVersion: "v1";
  /** e.g. "spec.containers{app}" */
  fieldPath?: string;
}

export type RecordEvent = (ref: EventRef, type: "Normal" | "Warning", reason: string, message: string) => void;

export interface PodWorkerDeps {
  runtime: ContainerRuntime;
  images: ImageManager;
  imageStore: ImageStore;
  volumes: VolumeManager;
  /** null when the node has no cgroups to manage. */
  cgroups: PodCgroups | null;
  getter: ObjectGetter;
  /** Registry credentials from the pod's imagePullSecrets. */
  pullCredentials(pod: Pod): Promise<RegistryAuth[]>;
  /** Node facts for the downward API and status. */
  runtimeInfo(pod: Pod, podIP: string | undefined): PodRuntimeInfo;
  dns: DnsSettings;
  hostIP: string | undefined;
  logsRoot: string;
  /** CrashLoopBackOff, shared by all pods (10s doubling to 5m). */
  crashBackoff: Backoff;
  record: RecordEvent;
  /** Receives every newly generated status (the status manager). */
  onStatus(pod: Pod, status: PodStatus): void;
  /** Called as soon as the pod has a sandbox (runtime events are routed by sandbox id). */
  onSandbox(sandboxId: string): void;
  /** Called once the pod has been torn down after deletion. */
  onTerminated(pod: Pod, status: PodStatus): void;
  now(): number;
}
