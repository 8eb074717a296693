/**
 * Node registration and heartbeats as upstream: the Node is created if missing (an
 * existing one is kept), its status posted every statusIntervalMs when it changed and
 * at least every reportIntervalMs regardless, and the node's Lease in
 * kube-node-lease renewed every renewIntervalMs (leaseDurationSeconds 40).
 */
import type { KubeletApi } from "../api/kubelet-api.ts";
import type { Lease, NodeStatus } from "../api/types.ts";
import { type NodeFacts, nodeObject, nodeStatus } from "./status.ts";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";

export interface HeartbeatOptions {
  renewIntervalMs?: number;
  statusIntervalMs?: number;
  reportIntervalMs?: number;
  leaseDurationSeconds?: number;
  now?: () => number;
  onError?: (what: string, e: unknown) => void;
}

export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

function withoutHeartbeats(s: NodeStatus | undefined): string {
  return JSON.stringify({ ...s, conditions: s?.conditions?.map(({ lastHeartbeatTime: _h, ...c }) => c) });
}

export class NodeHeartbeat {
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private lastSent: NodeStatus | undefined;
  private lastSentAt = 0;
  private nodeUid: string | undefined;
  private lease: Lease | undefined;

  constructor(
    private readonly api: KubeletApi,
    private readonly facts: () => NodeFacts,
    private readonly opts: HeartbeatOptions = {},
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Creates the Node when missing and posts its first status. */
  async register(): Promise<void> {
    const f = this.facts();
    let node = await this.api.getNode(f.nodeName);
    if (!node) {
      try {
        node = await this.api.createNode(nodeObject(f));
      } catch (e) {
        node = await this.api.getNode(f.nodeName);
        if (!node) throw e;
      }
    }
    this.nodeUid = node.metadata.uid;
    this.lastSent = node.status;
    await this.updateStatus(true);
    await this.renewLease();
  }

  start(): void {
    this.timers.push(setInterval(() => void this.renewLease().catch((e) => this.opts.onError?.("lease", e)), this.opts.renewIntervalMs ?? 10_000));
    this.timers.push(setInterval(() => void this.updateStatus(false).catch((e) => this.opts.onError?.("status", e)), this.opts.statusIntervalMs ?? 10_000));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** Posts the node status when it changed, or when the report interval has passed. */
  async updateStatus(force: boolean): Promise<boolean> {
    const f = this.facts();
    const status = nodeStatus(f, this.lastSent, this.now());
    const changed = withoutHeartbeats(status) !== withoutHeartbeats(this.lastSent);
    if (!force && !changed && this.now() - this.lastSentAt < (this.opts.reportIntervalMs ?? 300_000)) return false;
    await this.api.patchNodeStatus(f.nodeName, status);
    this.lastSent = status;
    this.lastSentAt = this.now();
    return true;
  }

  async renewLease(): Promise<void> {
    const name = this.facts().nodeName;
    const spec = { holderIdentity: name, leaseDurationSeconds: this.opts.leaseDurationSeconds ?? 40, renewTime: microTime(this.now()) };
    if (!this.lease) this.lease = await this.api.getLease(NODE_LEASE_NAMESPACE, name);
    if (!this.lease) {
      const lease: Lease = {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: {
          name,
          namespace: NODE_LEASE_NAMESPACE,
          ...(this.nodeUid ? { ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: this.nodeUid }] } : {}),
        },
        spec,
      };
      this.lease = await this.api.createLease(lease);
      return;
    }
    try {
      this.lease = await this.api.updateLease({ ...this.lease, spec: { ...this.lease.spec, ...spec } });
    } catch (e) {
      this.lease = undefined; // re-read on the next round (conflict or deletion)
      throw e;
    }
  }
}
