/**
 * The slice of the Kubernetes API the kubelet uses, declared here where it is
 * consumed (client-go style). client-adapter.ts implements it over src/client; tests
 * use an in-memory fake. Every method is safe to retry.
 */
import type { ConfigMap, Lease, Node, NodeStatus, Pod, PodStatus, Secret, Service } from "./types.ts";

export interface PodEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  pod: Pod;
}

export interface EventSource {
  component: string;
  host: string;
}

export interface InvolvedObject {
  kind: string;
  apiVersion: string;
  namespace?: string;
  name: string;
  uid: string;
  fieldPath?: string;
}

export interface KubeletApi {
  /** Watches the pods bound to nodeName (initial ADDED events, then changes); resolves once the initial list is delivered. */
  watchPods(nodeName: string, handler: (e: PodEvent) => void): Promise<() => void>;
  getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  getSecret(namespace: string, name: string): Promise<Secret | undefined>;
  /**
   * The Services of the given namespaces from a watch-backed cache (for the service
   * environment variables). With waitForSync, a cache that has never synced is waited
   * for briefly and the call rejects if it still has not; without, the cache is read as
   * it is (static pods, which may start before the API answers). Optional: a kubelet
   * without it gives containers no service variables.
   */
  listServices?(namespaces: readonly string[], opts: { waitForSync: boolean }): Promise<Service[]>;

  getNode(name: string): Promise<Node | undefined>;
  createNode(node: Node): Promise<Node>;
  /** Replaces status fields (merge patch of the status subresource). */
  patchNodeStatus(name: string, status: NodeStatus): Promise<Node>;

  getLease(namespace: string, name: string): Promise<Lease | undefined>;
  createLease(lease: Lease): Promise<Lease>;
  /** Update with the lease's resourceVersion (conflicts reject). */
  updateLease(lease: Lease): Promise<Lease>;

  /** Writes a pod's status (merge patch of pods/status, guarded by uid). */
  patchPodStatus(namespace: string, name: string, uid: string, status: PodStatus): Promise<void>;
  /** Mirror pods of static pods. */
  createPod(pod: Pod): Promise<Pod>;
  /** Deletion with preconditions on uid; grace 0 confirms a terminated pod. NotFound is not an error. */
  deletePod(namespace: string, name: string, opts: { uid?: string; gracePeriodSeconds: number }): Promise<void>;

  recordEvent(obj: InvolvedObject, type: "Normal" | "Warning", reason: string, message: string, source: EventSource): void;

  /** TokenRequest (serviceaccounts/<name>/token) bound to a pod; optional. */
  serviceAccountToken?(namespace: string, serviceAccount: string, opts: { audience: string | undefined; expirationSeconds: number; podName: string; podUid: string }): Promise<string>;
}
