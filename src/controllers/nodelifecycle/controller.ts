/**
 * The node lifecycle controller: every 5 seconds, marks nodes whose kubelet stayed
 * silent (no Ready heartbeat, no kube-node-lease renewal) past the grace period as
 * Unknown, marks their pods not ready, and keeps the not-ready/unreachable and
 * condition taints in line. The taint eviction controller acts on NoExecute taints.
 */
import type { Lease, Node, Pod } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, waitForCacheSync } from "../../client/cache/index.ts";
import { sleepUnlessAborted } from "../../client/index.ts";
import { isConflict, isNotFound } from "../../client/errors.ts";
import { logger } from "../../util/log.ts";
import { rfc3339 } from "../helper/conditions.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { errorMessage } from "../helper/worker.ts";
import { NODE_MONITOR_GRACE_MS, NODE_MONITOR_PERIOD_MS, type Observation, observe, reconcileTaints, unknownConditions } from "./health.ts";

const log = logger("node-lifecycle-controller");
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

export interface NodeLifecycleOptions {
  gracePeriodMs?: number;
  monitorPeriodMs?: number;
}

export class NodeLifecycleController implements Controller {
  readonly name = "nodelifecycle";
  private readonly nodeInformer: SharedIndexInformer<Node>;
  private readonly leaseInformer: SharedIndexInformer<Lease>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly nodeLister: Lister<Node>;
  private readonly leaseLister: Lister<Lease>;
  private readonly podLister: Lister<Pod>;
  private readonly observations = new Map<string, Observation>();
  private readonly now: () => number;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly opts: NodeLifecycleOptions = {},
  ) {
    this.now = ctx.now ?? Date.now;
    this.nodeInformer = ctx.informers.nodes();
    this.leaseInformer = ctx.informers.leases({ namespace: NODE_LEASE_NAMESPACE });
    this.podInformer = ctx.informers.pods();
    this.nodeLister = this.nodeInformer.lister();
    this.leaseLister = this.leaseInformer.lister();
    this.podLister = this.podInformer.lister();
  }

  async run(_workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.nodeInformer.hasSynced(), () => this.leaseInformer.hasSynced(), () => this.podInformer.hasSynced()))) return;
    do {
      try {
        await this.monitor();
      } catch (err) {
        log.warn("node health pass failed", { err: errorMessage(err) });
      }
    } while (await sleepUnlessAborted(this.opts.monitorPeriodMs ?? NODE_MONITOR_PERIOD_MS, signal));
  }

  /** One pass over every node. */
  async monitor(): Promise<void> {
    const now = this.now();
    const nodes = this.nodeLister.list();
    const names = new Set(nodes.map((n) => n.metadata.name ?? ""));
    for (const n of [...this.observations.keys()]) if (!names.has(n)) this.observations.delete(n);
    for (const node of nodes) {
      try {
        await this.monitorNode(node, now);
      } catch (err) {
        if (!isConflict(err) && !isNotFound(err)) log.warn("failed to update node", { node: node.metadata.name, err: errorMessage(err) });
      }
    }
  }

  private async monitorNode(node: Node, now: number): Promise<void> {
    const name = node.metadata.name ?? "";
    const lease = this.leaseLister.get(NODE_LEASE_NAMESPACE, name);
    const obs = observe(this.observations.get(name), node, lease?.spec?.renewTime, now);
    this.observations.set(name, obs);
    let current = node;
    if (now - obs.probeTime > (this.opts.gracePeriodMs ?? NODE_MONITOR_GRACE_MS)) {
      const conditions = unknownConditions(current, now);
      if (conditions) {
        const wasReady = current.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
        log.info("node stopped posting status", { node: name });
        current = await this.ctx.client.nodes().updateStatus({ ...current, status: { ...(current.status ?? {}), conditions } });
        this.ctx.recorder.event(current, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
        if (wasReady) await this.markPodsNotReady(name, now);
      }
    }
    const taints = reconcileTaints(current, now);
    if (taints) await this.ctx.client.nodes().update({ ...current, spec: { ...(current.spec ?? {}), taints } });
  }

  /** Sets the Ready condition of the node's pods to False (upstream MarkPodsNotReady). */
  private async markPodsNotReady(node: string, now: number): Promise<void> {
    for (const pod of this.podLister.list().filter((p) => p.spec?.nodeName === node)) {
      const conds = pod.status?.conditions ?? [];
      if (!conds.some((c) => c.type === "Ready" && c.status === "True")) continue;
      const t = rfc3339(now);
      const next = conds.map((c) => (c.type === "Ready" ? { ...c, status: "False", lastTransitionTime: t } : c));
      try {
        await this.ctx.client.pods(pod.metadata.namespace ?? "").updateStatus({ ...pod, status: { ...(pod.status ?? {}), conditions: next } });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }
  }
}
