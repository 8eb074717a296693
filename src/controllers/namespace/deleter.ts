/**
 * Emptying a Terminating namespace (upstream NamespacedResourcesDeleter): mark it
 * Terminating, delete every namespaced resource in it (delete-collection where served,
 * else one by one, background propagation), record what remains in the conditions,
 * and once nothing is left remove the `kubernetes` finalizer through the `finalize`
 * subresource so the apiserver can remove the namespace.
 */
import type { KubeObject } from "../../api/meta/types.ts";
import { RESOURCES, type ResourceInfo } from "../../api/resources.ts";
import type { Namespace, Pod } from "../../api/types/index.ts";
import { isConflict, isMethodNotSupported, isNotFound } from "../../client/errors.ts";
import type { Client } from "../../client/rest/clientset.ts";
import { errorMessage } from "../helper/worker.ts";
import { type DeletionTotals, failureConditions, updatedConditions } from "./conditions.ts";

export const KUBERNETES_FINALIZER = "kubernetes";
/** Upstream finalizerEstimateSeconds: how long to wait for finalizers before checking again. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** Content remains; check again after estimateSeconds. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimateSeconds: number) {
    super(`some content remains in the namespace, estimate ${estimateSeconds} seconds before it is removed`);
  }
}

/** Namespaced resources that can be listed and deleted. */
export function deletableNamespacedResources(): ResourceInfo[] {
  return RESOURCES.filter((ri) => ri.namespaced && ri.verbs.includes("delete") && ri.verbs.includes("list"));
}

function groupResource(ri: ResourceInfo): string {
  return `${ri.plural}.${ri.group}`;
}

interface ResourceResult {
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
  error?: string;
}

export class NamespaceDeleter {
  constructor(
    private readonly client: Client,
    private readonly now: () => number = Date.now,
    private readonly resources: readonly ResourceInfo[] = deletableNamespacedResources(),
    /** Also delete the custom resources discovery lists. */
    private readonly discover = true,
  ) {}

  /** One round of deletion; throws ResourcesRemainingError while content remains. */
  async delete(name: string): Promise<void> {
    let ns: Namespace;
    try {
      ns = await this.client.namespaces().get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    ns = await this.ensureTerminating(ns);
    if (!(ns.spec?.finalizers ?? []).includes(KUBERNETES_FINALIZER)) return;
    const estimate = await this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    await this.finalize(ns);
  }

  private async ensureTerminating(ns: Namespace): Promise<Namespace> {
    if (ns.status?.phase === "Terminating") return ns;
    try {
      return await this.client.namespaces().updateStatus({ ...ns, status: { ...(ns.status ?? {}), phase: "Terminating" } });
    } catch (err) {
      if (!isConflict(err)) throw err;
      const fresh = await this.client.namespaces().get(ns.metadata.name ?? "");
      return fresh.status?.phase === "Terminating" ? fresh : this.client.namespaces().updateStatus({ ...fresh, status: { ...(fresh.status ?? {}), phase: "Terminating" } });
    }
  }

  /** Deletes everything; returns the seconds to wait before the next round (0: empty). */
  private async deleteAllContent(ns: Namespace): Promise<number> {
    const name = ns.metadata.name ?? "";
    const totals: DeletionTotals = { remaining: new Map(), finalizers: new Map(), errors: [] };
    let estimate = 0;
    const resources = [...this.resources, ...(await this.customResources())];
    const results = await Promise.all(resources.map(async (ri) => [ri, await this.deleteResource(ri, name)] as const));
    for (const [ri, r] of results) {
      if (r.error) totals.errors.push(r.error);
      estimate = Math.max(estimate, r.estimate);
      if (r.remaining > 0) {
        totals.remaining.set(groupResource(ri), r.remaining);
        for (const [f, n] of r.finalizers) totals.finalizers.set(f, (totals.finalizers.get(f) ?? 0) + n);
      }
    }
    const { conditions, changed } = updatedConditions(ns.status?.conditions, failureConditions(totals, this.now()), this.now());
    if (changed) {
      try {
        await this.client.namespaces().updateStatus({ ...ns, status: { ...(ns.status ?? {}), conditions } });
      } catch {
        // best effort, as upstream: the next round writes them again
      }
    }
    if (totals.errors.length > 0) throw new Error(totals.errors.join("; "));
    return estimate;
  }

  /**
   * The namespaced custom resources the server serves now (upstream's deleter discovers
   * every resource each round). One version per resource: all versions share the objects.
   */
  private async customResources(): Promise<ResourceInfo[]> {
    if (!this.discover) return [];
    let found: ResourceInfo[];
    try {
      found = await this.client.customResources();
    } catch {
      return [];
    }
    const seen = new Set<string>();
    return found.filter((ri) => {
      const id = `${ri.group}/${ri.plural}`;
      if (!ri.namespaced || !ri.verbs.includes("delete") || !ri.verbs.includes("list") || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  private async deleteResource(ri: ResourceInfo, namespace: string): Promise<ResourceResult> {
    const rc = this.client.resource<KubeObject>(ri, namespace);
    const result: ResourceResult = { estimate: 0, remaining: 0, finalizers: new Map() };
    try {
      if (ri.plural === "pods" && ri.group === "") result.estimate = await this.podGraceEstimate(namespace);
      let collected = false;
      if (ri.verbs.includes("deletecollection")) {
        try {
          await rc.deleteCollection({ propagationPolicy: "Background" });
          collected = true;
        } catch (err) {
          if (!isMethodNotSupported(err) && !isNotFound(err)) throw err;
        }
      }
      if (!collected) {
        const list = await rc.list();
        for (const item of list.items) {
          try {
            await rc.delete(item.metadata.name ?? "", { propagationPolicy: "Background" });
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
        }
      }
      const left = (await rc.list()).items;
      if (left.length === 0) return { estimate: 0, remaining: 0, finalizers: new Map() };
      for (const item of left) for (const f of item.metadata.finalizers ?? []) result.finalizers.set(f, (result.finalizers.get(f) ?? 0) + 1);
      result.remaining = left.length;
      if (result.estimate === 0) {
        if (result.finalizers.size > 0) result.estimate = FINALIZER_ESTIMATE_SECONDS;
        else result.error = `unexpected items still remain in namespace: ${namespace} for gvr: ${ri.group ? `${ri.group}/` : ""}${ri.version}, Resource=${ri.plural}`;
      }
      return result;
    } catch (err) {
      return { ...result, error: errorMessage(err) };
    }
  }

  /** The longest termination grace period among the namespace's running pods. */
  private async podGraceEstimate(namespace: string): Promise<number> {
    const pods = (await this.client.pods(namespace).list()).items as Pod[];
    let estimate = 0;
    for (const p of pods) {
      const phase = p.status?.phase;
      if (phase === "Succeeded" || phase === "Failed") continue;
      estimate = Math.max(estimate, p.spec?.terminationGracePeriodSeconds ?? 0);
    }
    return estimate;
  }

  private async finalize(ns: Namespace): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== KUBERNETES_FINALIZER);
      try {
        await this.client.namespaces().updateSubresource(ns.metadata.name ?? "", "finalize", { ...ns, apiVersion: "v1", kind: "Namespace", spec: { ...(ns.spec ?? {}), finalizers } });
        if (finalizers.length === 0) await this.purge(ns);
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt >= 5) throw err;
        ns = await this.client.namespaces().get(ns.metadata.name ?? "");
      }
    }
  }

  /**
   * Removes a finalized namespace that is still stored. Upstream's apiserver deletes it
   * in the finalize update itself; this is the older controller's explicit delete
   * (deleteNamespaceWhenDone), harmless when the namespace is already gone.
   */
  private async purge(ns: Namespace): Promise<void> {
    try {
      const cur = await this.client.namespaces().get(ns.metadata.name ?? "");
      if (cur.metadata.uid !== ns.metadata.uid || (cur.spec?.finalizers ?? []).length > 0) return;
      await this.client.namespaces().delete(ns.metadata.name ?? "", { preconditions: { uid: ns.metadata.uid ?? "" } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
