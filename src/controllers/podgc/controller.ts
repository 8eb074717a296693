/**
 * The pod garbage collector: every 20 seconds removes terminated pods beyond the
 * threshold, pods on deleted nodes (marked Failed with a DisruptionTarget condition
 * first, as upstream) and unscheduled terminating pods (force-deleted).
 */
import type { Node, Pod } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, waitForCacheSync } from "../../client/cache/index.ts";
import { isNotFound } from "../../client/errors.ts";
import { logger } from "../../util/log.ts";
import { rfc3339 } from "../helper/conditions.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { DEFAULT_MAX_IN_FLIGHT, runBatch } from "../helper/slow-start.ts";
import { errorMessage } from "../helper/worker.ts";
import { sleepUnlessAborted } from "../../client/index.ts";
import { GC_CHECK_PERIOD_MS, orphanedPods, TERMINATED_POD_THRESHOLD, terminatedToDelete, unscheduledTerminating } from "./decide.ts";

const log = logger("pod-garbage-collector");

export interface PodGCOptions {
  terminatedPodThreshold?: number;
  periodMs?: number;
  quarantineMs?: number;
}

export class PodGCController implements Controller {
  readonly name = "podgc";
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly nodeInformer: SharedIndexInformer<Node>;
  private readonly podLister: Lister<Pod>;
  private readonly nodeLister: Lister<Node>;
  private readonly suspects = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly opts: PodGCOptions = {},
  ) {
    this.now = ctx.now ?? Date.now;
    this.podInformer = ctx.informers.pods();
    this.nodeInformer = ctx.informers.nodes();
    this.podLister = this.podInformer.lister();
    this.nodeLister = this.nodeInformer.lister();
  }

  async run(_workers: number, signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, () => this.podInformer.hasSynced(), () => this.nodeInformer.hasSynced()))) return;
    do {
      try {
        await this.gc();
      } catch (err) {
        log.warn("pod garbage collection failed", { err: errorMessage(err) });
      }
    } while (await sleepUnlessAborted(this.opts.periodMs ?? GC_CHECK_PERIOD_MS, signal));
  }

  /** One collection round. */
  async gc(): Promise<void> {
    const pods = this.podLister.list();
    const threshold = this.opts.terminatedPodThreshold ?? TERMINATED_POD_THRESHOLD;
    const old = terminatedToDelete(pods, threshold);
    if (old.length > 0) log.info("garbage collecting terminated pods", { count: old.length, threshold });
    await this.forEach(old, (p) => this.deletePod(p, undefined));

    const { pods: orphans, suspects } = orphanedPods(pods, (n) => this.nodeLister.get(n) !== undefined, this.suspects, this.now(), this.opts.quarantineMs);
    const gone = new Set<string>();
    for (const node of suspects) {
      try {
        await this.ctx.client.nodes().get(node);
        this.suspects.delete(node);
      } catch (err) {
        if (isNotFound(err)) gone.add(node);
        else throw err;
      }
    }
    await this.forEach(
      orphans.filter((p) => gone.has(p.spec?.nodeName ?? "")),
      (p) => this.failAndDelete(p, "PodGC: node no longer exists"),
    );
    await this.forEach(unscheduledTerminating(pods), (p) => this.deletePod(p, 0));
  }

  private async forEach(pods: Pod[], fn: (p: Pod) => Promise<void>): Promise<void> {
    await runBatch(0, pods.length, DEFAULT_MAX_IN_FLIGHT, async (i) => {
      try {
        await fn(pods[i]!);
      } catch (err) {
        log.warn("failed to collect pod", { pod: `${pods[i]!.metadata.namespace}/${pods[i]!.metadata.name}`, err: errorMessage(err) });
      }
    });
  }

  private async deletePod(p: Pod, grace: number | undefined): Promise<void> {
    try {
      await this.ctx.client.pods(p.metadata.namespace ?? "").delete(p.metadata.name ?? "", { ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}), preconditions: { uid: p.metadata.uid ?? "" } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Marks the pod Failed with a DisruptionTarget condition, then force-deletes it. */
  private async failAndDelete(p: Pod, message: string): Promise<void> {
    const client = this.ctx.client.pods(p.metadata.namespace ?? "");
    if (p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") {
      const t = rfc3339(this.now());
      const conditions = [...(p.status?.conditions ?? []).filter((c) => c.type !== "DisruptionTarget"), { type: "DisruptionTarget", status: "True", reason: "DeletionByPodGC", message, lastTransitionTime: t }];
      try {
        await client.updateStatus({ ...p, status: { ...(p.status ?? {}), phase: "Failed", conditions } });
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
    }
    await this.deletePod(p, 0);
  }
}
