/**
 * An in-memory KubeletApi for tests and benchmarks: pods (with graceful deletion as
 * the API server does it: deletionTimestamp first, removal on the kubelet's grace-0
 * delete), configMaps, secrets, services, nodes, leases and recorded events.
 */
import type { EventSource, InvolvedObject, KubeletApi, PodEvent } from "./kubelet-api.ts";
import type { ConfigMap, Lease, Node, NodeStatus, Pod, PodStatus, Secret, Service } from "./types.ts";

export interface RecordedEvent {
  obj: InvolvedObject;
  type: string;
  reason: string;
  message: string;
  source: EventSource;
}

let seq = 0;
const uid = () => `00000000-0000-4000-8000-${(++seq).toString(16).padStart(12, "0")}`;
const key = (ns: string | undefined, name: string | undefined) => `${ns ?? "default"}/${name ?? ""}`;

export class FakeKubeletApi implements KubeletApi {
  pods = new Map<string, Pod>();
  configMaps = new Map<string, ConfigMap>();
  secrets = new Map<string, Secret>();
  /** By "namespace/name". */
  services = new Map<string, Service>();
  /** Test knob: false makes listServices reject for pods that wait for the Service cache. */
  servicesSynced = true;
  nodes = new Map<string, Node>();
  leases = new Map<string, Lease>();
  events: RecordedEvent[] = [];
  statusWrites = 0;
  deletes: Array<{ namespace: string; name: string; gracePeriodSeconds: number }> = [];
  private rv = 1;
  private handlers = new Set<(e: PodEvent) => void>();

  private emit(type: PodEvent["type"], pod: Pod): void {
    for (const h of this.handlers) h({ type, pod: structuredClone(pod) });
  }

  /** Test helper: creates or replaces a pod (uid assigned when missing). */
  putPod(p: Pod): Pod {
    const pod = structuredClone(p);
    pod.metadata.namespace ??= "default";
    pod.metadata.uid ??= uid();
    pod.metadata.resourceVersion = String(++this.rv);
    pod.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const k = key(pod.metadata.namespace, pod.metadata.name);
    const existed = this.pods.has(k);
    this.pods.set(k, pod);
    this.emit(existed ? "MODIFIED" : "ADDED", pod);
    return pod;
  }

  getPod(ns: string, name: string): Pod | undefined {
    return this.pods.get(key(ns, name));
  }

  /** Test helper: a graceful delete as `kubectl delete pod` (sets deletionTimestamp). */
  deletePodGracefully(ns: string, name: string, graceSeconds?: number): void {
    const p = this.pods.get(key(ns, name));
    if (!p) return;
    p.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    p.metadata.deletionGracePeriodSeconds = graceSeconds ?? p.spec.terminationGracePeriodSeconds ?? 30;
    p.metadata.resourceVersion = String(++this.rv);
    this.emit("MODIFIED", p);
  }

  async watchPods(nodeName: string, handler: (e: PodEvent) => void): Promise<() => void> {
    const h = (e: PodEvent) => {
      if (e.pod.spec.nodeName === nodeName) handler(e);
    };
    this.handlers.add(h);
    for (const p of this.pods.values()) h({ type: "ADDED", pod: structuredClone(p) });
    return () => this.handlers.delete(h);
  }

  async getConfigMap(ns: string, name: string) {
    const c = this.configMaps.get(key(ns, name));
    return c ? structuredClone(c) : undefined;
  }
  async getSecret(ns: string, name: string) {
    const s = this.secrets.get(key(ns, name));
    return s ? structuredClone(s) : undefined;
  }
  async listServices(namespaces: readonly string[], opts: { waitForSync: boolean }) {
    if (opts.waitForSync && !this.servicesSynced) throw new Error("services have not yet been read at least once, cannot construct envvars");
    return [...this.services.values()].filter((s) => namespaces.includes(s.metadata.namespace ?? "default")).map((s) => structuredClone(s));
  }
  async getNode(name: string) {
    const n = this.nodes.get(name);
    return n ? structuredClone(n) : undefined;
  }
  async createNode(node: Node) {
    if (this.nodes.has(node.metadata.name ?? "")) throw Object.assign(new Error("AlreadyExists"), { code: 409 });
    const n = structuredClone(node);
    n.metadata.uid = uid();
    this.nodes.set(n.metadata.name ?? "", n);
    return structuredClone(n);
  }
  async patchNodeStatus(name: string, status: NodeStatus) {
    const n = this.nodes.get(name);
    if (!n) throw Object.assign(new Error("NotFound"), { code: 404 });
    n.status = { ...n.status, ...structuredClone(status) };
    return structuredClone(n);
  }
  async getLease(ns: string, name: string) {
    const l = this.leases.get(key(ns, name));
    return l ? structuredClone(l) : undefined;
  }
  async createLease(lease: Lease) {
    const l = structuredClone(lease);
    l.metadata.resourceVersion = String(++this.rv);
    this.leases.set(key(l.metadata.namespace, l.metadata.name), l);
    return structuredClone(l);
  }
  async updateLease(lease: Lease) {
    const k = key(lease.metadata.namespace, lease.metadata.name);
    const cur = this.leases.get(k);
    if (!cur || cur.metadata.resourceVersion !== lease.metadata.resourceVersion) throw Object.assign(new Error("Conflict"), { code: 409 });
    const l = structuredClone(lease);
    l.metadata.resourceVersion = String(++this.rv);
    this.leases.set(k, l);
    return structuredClone(l);
  }
  async patchPodStatus(ns: string, name: string, podUid: string, status: PodStatus) {
    const p = this.pods.get(key(ns, name));
    if (!p || p.metadata.uid !== podUid) throw Object.assign(new Error("NotFound"), { code: 404 });
    p.status = { ...p.status, ...structuredClone(status) };
    p.metadata.resourceVersion = String(++this.rv);
    this.statusWrites++;
    this.emit("MODIFIED", p);
  }
  async createPod(pod: Pod) {
    const k = key(pod.metadata.namespace, pod.metadata.name);
    if (this.pods.has(k)) throw Object.assign(new Error("AlreadyExists"), { code: 409 });
    return structuredClone(this.putPod(pod));
  }
  async deletePod(ns: string, name: string, opts: { uid?: string; gracePeriodSeconds: number }) {
    const k = key(ns, name);
    const p = this.pods.get(k);
    this.deletes.push({ namespace: ns, name, gracePeriodSeconds: opts.gracePeriodSeconds });
    if (!p || (opts.uid && p.metadata.uid !== opts.uid)) return;
    if (opts.gracePeriodSeconds === 0) {
      this.pods.delete(k);
      this.emit("DELETED", p);
    } else this.deletePodGracefully(ns, name, opts.gracePeriodSeconds);
  }
  recordEvent(obj: InvolvedObject, type: "Normal" | "Warning", reason: string, message: string, source: EventSource) {
    this.events.push({ obj, type, reason, message, source });
  }
}
