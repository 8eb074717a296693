/**
 * NodeInfo: a node with the pods assigned (or assumed) to it and their aggregate
 * requests, ports and images. Every mutation bumps `generation`, which drives the
 * incremental snapshot.
 */
import type { Node, Pod, Taint } from "../api-types.ts";
import { hasAffinityConstraints, hasRequiredAntiAffinity, type PodInfo, podKey } from "./pod-info.ts";
import { Resource } from "./resource.ts";

let generationCounter = 0;
export function nextGeneration(): number {
  return ++generationCounter;
}

export interface ImageStateSummary {
  size: number;
  /** Names of the nodes that have the image; shared with the cache, so its size is live. */
  nodes: Set<string>;
}

const BIND_ALL = "0.0.0.0";

/** Host ports in use: ip -> set of "protocol/port". */
export class HostPortInfo {
  readonly byIP = new Map<string, Set<string>>();

  add(ip: string | undefined, protocol: string | undefined, port: number | undefined): void {
    if (!port || port <= 0) return;
    const k = `${protocol || "TCP"}/${port}`;
    const key = ip || BIND_ALL;
    let s = this.byIP.get(key);
    if (!s) this.byIP.set(key, (s = new Set()));
    s.add(k);
  }

  remove(ip: string | undefined, protocol: string | undefined, port: number | undefined): void {
    if (!port || port <= 0) return;
    const key = ip || BIND_ALL;
    const s = this.byIP.get(key);
    if (!s) return;
    s.delete(`${protocol || "TCP"}/${port}`);
    if (s.size === 0) this.byIP.delete(key);
  }

  /** 0.0.0.0 conflicts with the same protocol/port on any ip; other ips with themselves and 0.0.0.0. */
  conflicts(ip: string | undefined, protocol: string | undefined, port: number | undefined): boolean {
    if (!port || port <= 0) return false;
    const k = `${protocol || "TCP"}/${port}`;
    const addr = ip || BIND_ALL;
    if (addr === BIND_ALL) {
      for (const s of this.byIP.values()) if (s.has(k)) return true;
      return false;
    }
    return (this.byIP.get(BIND_ALL)?.has(k) ?? false) || (this.byIP.get(addr)?.has(k) ?? false);
  }

  get size(): number {
    return this.byIP.size;
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, s] of this.byIP) c.byIP.set(ip, new Set(s));
    return c;
  }
}

const NO_TAINTS: Taint[] = [];

export class NodeInfo {
  node: Node | null = null;
  /** node.spec.taints and node.spec.unschedulable, kept here so filters touch one object. */
  taints: Taint[] = NO_TAINTS;
  unschedulable = false;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  requested = new Resource();
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  imageStates: Map<string, ImageStateSummary> = new Map();
  generation = nextGeneration();
  /**
   * Flat copies of the hottest numbers (allocatable, requested, non-zero requested), kept in
   * step with the Resource objects so Filter/Score touch one object per node.
   */
  allocCPU = 0;
  allocMem = 0;
  allocEph = 0;
  allowedPods = 0;
  reqCPU = 0;
  reqMem = 0;
  reqEph = 0;
  nonZeroCPU = 0;
  nonZeroMem = 0;
  /** pods.length, kept here so the fit filter reads no other object per node. */
  podCount = 0;
  /** Row of this node in the shared node table (scoring pool); -1 when none. */
  slot = -1;
  /**
   * Per-node memo of derived counts (e.g. pods matching a spread selector), valid while
   * `generation` equals `memoGeneration`. Never copied by snapshotInto.
   */
  memo: Map<string, unknown> | null = null;
  memoGeneration = -1;

  /** The memoized value for key, computing it when the node changed since it was stored. */
  memoized<T>(key: string, compute: () => T): T {
    let v = this.memoGet<T>(key);
    if (v === undefined) {
      v = compute();
      this.memoSet(key, v);
    }
    return v;
  }

  /** The value stored under key while the node is unchanged; undefined otherwise. */
  memoGet<T>(key: string): T | undefined {
    if (this.memoGeneration !== this.generation || this.memo === null) return undefined;
    return this.memo.get(key) as T | undefined;
  }

  memoSet(key: string, v: unknown): void {
    if (this.memoGeneration !== this.generation || this.memo === null) {
      this.memo = new Map();
      this.memoGeneration = this.generation;
    }
    this.memo.set(key, v);
  }

  /** node.metadata.name and .labels, cached so hot loops do not walk into the Node object. */
  name = "";
  labels: Record<string, string> | undefined = undefined;

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name ?? "";
    this.labels = node.metadata.labels;
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = Resource.from(node.status?.allocatable);
    this.syncFlat();
    this.generation = nextGeneration();
  }

  private syncFlat(): void {
    const a = this.allocatable;
    const r = this.requested;
    this.allocCPU = a.milliCPU;
    this.allocMem = a.memory;
    this.allocEph = a.ephemeralStorage;
    this.allowedPods = a.allowedPodNumber;
    this.reqCPU = r.milliCPU;
    this.reqMem = r.memory;
    this.reqEph = r.ephemeralStorage;
    this.nonZeroCPU = this.nonZeroRequested.milliCPU;
    this.nonZeroMem = this.nonZeroRequested.memory;
    this.podCount = this.pods.length;
  }

  /** The node object went away but pods still reference it. */
  removeNode(): void {
    this.node = null;
    this.labels = undefined;
    this.generation = nextGeneration();
  }

  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    if (hasAffinityConstraints(pi.pod)) this.podsWithAffinity.push(pi);
    if (hasRequiredAntiAffinity(pi.pod)) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with the same key; returns false when it was not on this node. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const i = this.pods.findIndex((p) => p.uid === key);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    this.pods.splice(i, 1);
    removeFrom(this.podsWithAffinity, key);
    removeFrom(this.podsWithRequiredAntiAffinity, key);
    this.update(pi, -1);
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    const r = pi.resource;
    this.requested.addResource(r.requests, sign);
    this.nonZeroRequested.milliCPU += sign * r.non0CPU;
    this.nonZeroRequested.memory += sign * r.non0Mem;
    for (const c of pi.pod.spec.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (sign > 0) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort);
        else this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort);
      }
    }
    this.syncFlat();
    this.generation = nextGeneration();
  }

  /** Copies this node info into `target` (sharing immutable parts) for the snapshot. */
  snapshotInto(target: NodeInfo): NodeInfo {
    target.node = this.node;
    target.name = this.name;
    target.labels = this.labels;
    target.taints = this.taints;
    target.unschedulable = this.unschedulable;
    target.pods = this.pods.slice();
    target.podsWithAffinity = this.podsWithAffinity.slice();
    target.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    target.usedPorts = this.usedPorts.size === 0 ? new HostPortInfo() : this.usedPorts.clone();
    target.requested = this.requested.clone();
    target.nonZeroRequested = this.nonZeroRequested.clone();
    target.allocatable = this.allocatable;
    target.imageStates = this.imageStates;
    target.generation = this.generation;
    target.allocCPU = this.allocCPU;
    target.allocMem = this.allocMem;
    target.allocEph = this.allocEph;
    target.allowedPods = this.allowedPods;
    target.reqCPU = this.reqCPU;
    target.reqMem = this.reqMem;
    target.reqEph = this.reqEph;
    target.nonZeroCPU = this.nonZeroCPU;
    target.nonZeroMem = this.nonZeroMem;
    target.podCount = this.podCount;
    return target;
  }

  /** A deep-enough copy that can be mutated (preemption dry runs) without touching the original. */
  clone(): NodeInfo {
    const c = this.snapshotInto(new NodeInfo());
    c.allocatable = this.allocatable.clone();
    c.slot = this.slot;
    return c;
  }
}

function removeFrom(list: PodInfo[], key: string): void {
  const i = list.findIndex((p) => p.uid === key);
  if (i >= 0) list.splice(i, 1);
}

/** NodeInfo for a node with the given pods, for tests and simulations. */
export function newNodeInfo(node: Node | null, pods: PodInfo[] = []): NodeInfo {
  const ni = new NodeInfo();
  if (node) ni.setNode(node);
  for (const p of pods) ni.addPodInfo(p);
  return ni;
}
