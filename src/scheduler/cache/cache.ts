/**
 * The scheduler cache: nodes and the pods assigned to them, including assumed pods (placed
 * by the scheduler, binding not yet observed). A pod is assumed at Reserve, confirmed
 * when the watch shows it bound, and forgotten when binding fails. With a TTL, assumed
 * pods whose binding finished but never showed up expire.
 *
 * NodeInfos sit in a list ordered by last change (head = newest), so updateSnapshot only
 * copies nodes changed since the snapshot's generation.
 */
import type { Node, Pod } from "../api-types.ts";
import { type ImageStateSummary, NodeInfo } from "../framework/node-info.ts";
import { PodInfo, podKey } from "../framework/pod-info.ts";
import { NodeTree } from "./node-tree.ts";
import type { Snapshot } from "./snapshot.ts";

interface Item {
  info: NodeInfo;
  prev: Item | null;
  next: Item | null;
}

interface PodState {
  pod: Pod;
  bindingFinished: boolean;
  deadline: number | null;
}

export class Cache {
  private readonly nodes = new Map<string, Item>();
  private head: Item | null = null;
  private readonly tree = new NodeTree();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumed = new Set<string>();
  private readonly imageStates = new Map<string, ImageStateSummary>();

  constructor(
    /** How long an assumed pod may wait for its bind to show up after binding finished; 0 = forever. */
    private readonly ttlMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  private item(name: string): Item {
    let it = this.nodes.get(name);
    if (!it) {
      it = { info: new NodeInfo(), prev: null, next: null };
      this.nodes.set(name, it);
    }
    return it;
  }

  private moveToHead(it: Item): void {
    if (this.head === it) return;
    if (it.prev) it.prev.next = it.next;
    if (it.next) it.next.prev = it.prev;
    it.prev = null;
    it.next = this.head;
    if (this.head) this.head.prev = it;
    this.head = it;
  }

  private unlink(it: Item): void {
    if (it.prev) it.prev.next = it.next;
    if (it.next) it.next.prev = it.prev;
    if (this.head === it) this.head = it.next;
    it.prev = it.next = null;
  }

  private addPodToNode(pod: Pod): void {
    const it = this.item(pod.spec.nodeName ?? "");
    it.info.addPodInfo(new PodInfo(pod));
    this.moveToHead(it);
  }

  private removePodFromNode(pod: Pod): void {
    const name = pod.spec.nodeName ?? "";
    const it = this.nodes.get(name);
    if (!it) return;
    it.info.removePod(pod);
    if (it.info.node === null && it.info.pods.length === 0) {
      this.unlink(it);
      this.nodes.delete(name);
    } else this.moveToHead(it);
  }

  /** Places a pod (with spec.nodeName set) on its node before binding. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podStates.has(key)) throw new Error(`pod ${key} is in the cache, so can't be assumed`);
    this.addPodToNode(pod);
    this.podStates.set(key, { pod, bindingFinished: false, deadline: null });
    this.assumed.add(key);
  }

  /** Binding returned; the assumed pod may now expire after the TTL. */
  finishBinding(pod: Pod): void {
    const st = this.podStates.get(podKey(pod));
    if (!st || !this.assumed.has(podKey(pod))) return;
    st.bindingFinished = true;
    st.deadline = this.ttlMs > 0 ? this.now() + this.ttlMs : null;
  }

  /** Removes an assumed pod (binding failed). */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (!st || !this.assumed.has(key)) return;
    this.removePodFromNode(st.pod);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  /** A bound pod from the watch; confirms it if it was assumed. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (st && this.assumed.has(key)) {
      if (st.pod.spec.nodeName !== pod.spec.nodeName) {
        this.removePodFromNode(st.pod);
        this.addPodToNode(pod);
      } else {
        this.replacePod(st.pod, pod);
      }
      this.assumed.delete(key);
      this.podStates.set(key, { pod, bindingFinished: false, deadline: null });
      return;
    }
    if (st) {
      this.updatePod(st.pod, pod);
      return;
    }
    this.addPodToNode(pod);
    this.podStates.set(key, { pod, bindingFinished: false, deadline: null });
  }

  /** Swaps the pod object on its node (same node); keeps the aggregate in step. */
  private replacePod(oldPod: Pod, newPod: Pod): void {
    this.removePodFromNode(oldPod);
    this.addPodToNode(newPod);
  }

  updatePod(_oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    const st = this.podStates.get(key);
    if (!st) {
      this.addPod(newPod);
      return;
    }
    if (this.assumed.has(key)) {
      this.addPod(newPod);
      return;
    }
    this.removePodFromNode(st.pod);
    this.addPodToNode(newPod);
    st.pod = newPod;
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (!st) return;
    this.removePodFromNode(st.pod);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.assumed.has(podKey(pod));
  }

  getPod(pod: Pod): Pod | undefined {
    return this.podStates.get(podKey(pod))?.pod;
  }

  addNode(node: Node): NodeInfo {
    const name = node.metadata.name ?? "";
    const it = this.item(name);
    if (it.info.node) {
      this.removeNodeImageStates(it.info.node);
      this.tree.update(it.info.node, node);
    } else this.tree.add(node);
    this.addNodeImageStates(node, it.info);
    it.info.setNode(node);
    this.moveToHead(it);
    return it.info;
  }

  updateNode(_oldNode: Node, newNode: Node): NodeInfo {
    return this.addNode(newNode);
  }

  /** The node goes; its NodeInfo stays while pods still point at it. */
  removeNode(node: Node): void {
    const name = node.metadata.name ?? "";
    const it = this.nodes.get(name);
    if (!it || !it.info.node) return;
    this.removeNodeImageStates(it.info.node);
    this.tree.remove(it.info.node);
    if (it.info.pods.length === 0) {
      this.unlink(it);
      this.nodes.delete(name);
    } else {
      it.info.removeNode();
      this.moveToHead(it);
    }
  }

  private addNodeImageStates(node: Node, info: NodeInfo): void {
    const sum = new Map<string, ImageStateSummary>();
    const name = node.metadata.name ?? "";
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        let st = this.imageStates.get(n);
        if (!st) this.imageStates.set(n, (st = { size: img.sizeBytes ?? 0, nodes: new Set() }));
        st.nodes.add(name);
        if (!sum.has(n)) sum.set(n, st);
      }
    }
    info.imageStates = sum;
  }

  private removeNodeImageStates(node: Node): void {
    const name = node.metadata.name ?? "";
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        const st = this.imageStates.get(n);
        if (!st) continue;
        st.nodes.delete(name);
        if (st.nodes.size === 0) this.imageStates.delete(n);
      }
    }
  }

  /** Expires assumed pods whose binding finished more than the TTL ago. */
  cleanupAssumedPods(now = this.now()): Pod[] {
    const expired: Pod[] = [];
    for (const key of this.assumed) {
      const st = this.podStates.get(key)!;
      if (st.bindingFinished && st.deadline !== null && now > st.deadline) {
        expired.push(st.pod);
        this.removePodFromNode(st.pod);
        this.podStates.delete(key);
        this.assumed.delete(key);
      }
    }
    return expired;
  }

  nodeCount(): number {
    return this.tree.numNodes;
  }

  podCount(): number {
    return this.podStates.size;
  }

  /** Brings the snapshot up to date with every NodeInfo changed since its generation. */
  updateSnapshot(snap: Snapshot): void {
    const gen = snap.generation;
    let updateAll = false;
    let updateAffinity = false;
    for (let it = this.head; it !== null; it = it.next) {
      if (it.info.generation <= gen) break;
      const node = it.info.node;
      if (node === null) continue;
      const name = node.metadata.name ?? "";
      let existing = snap.nodeInfoMap.get(name);
      if (!existing) {
        updateAll = true;
        existing = new NodeInfo();
        snap.nodeInfoMap.set(name, existing);
      }
      const hadAff = existing.podsWithAffinity.length > 0;
      const hadAnti = existing.podsWithRequiredAntiAffinity.length > 0;
      it.info.snapshotInto(existing);
      if (hadAff !== existing.podsWithAffinity.length > 0 || hadAnti !== existing.podsWithRequiredAntiAffinity.length > 0) updateAffinity = true;
      snap.sink?.write(existing);
    }
    if (this.head) snap.generation = this.head.info.generation;
    if (snap.nodeInfoMap.size > this.tree.numNodes) {
      for (const [name, ni] of snap.nodeInfoMap) {
        const it = this.nodes.get(name);
        if (!it || it.info.node === null) {
          snap.sink?.release(ni);
          snap.nodeInfoMap.delete(name);
        }
      }
      updateAll = true;
    }
    if (updateAll || updateAffinity) this.updateLists(snap, updateAll);
    if (snap.nodeInfoList.length !== this.tree.numNodes) this.updateLists(snap, true);
  }

  private updateLists(snap: Snapshot, all: boolean): void {
    if (all) {
      snap.nodeInfoList = [];
      for (const name of this.tree.list()) {
        const ni = snap.nodeInfoMap.get(name);
        if (ni) snap.nodeInfoList.push(ni);
      }
    }
    snap.havePodsWithAffinity = snap.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    snap.havePodsWithRequiredAntiAffinity = snap.nodeInfoList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }
}
