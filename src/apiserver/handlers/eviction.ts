/**
 * pods/eviction, as upstream's EvictionREST: a pod that is Pending, terminal or already
 * being deleted is deleted at once; otherwise the PodDisruptionBudget covering it decides.
 * With none the pod is deleted; with more than one the eviction fails (500); with one, a
 * ready pod takes one of the budget's disruptionsAllowed (recorded in status.disruptedPods,
 * so the disruption controller does not count it healthy while it terminates) or is
 * refused with 429; an unready pod is deleted without taking one when the budget is met
 * (IfHealthyBudget, the default) or always (AlwaysAllow). The pod gets the DisruptionTarget
 * condition before it is deleted.
 */
import type { DeleteOptions, KubeObject, StatusCause } from "../../api/meta/index.ts";
import { labelSelectorMatches } from "../../api/labels/label-selector.ts";
import type { PodDisruptionBudget } from "../../api/types/index.ts";
import { ApiError, errors, statusFailure } from "../http/status.ts";
import { deleteObject, validateDeleteOptions } from "../registry/delete.ts";
import { namespacePrefix } from "../registry/keys.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import { timestamp, type RequestScope } from "../registry/scope.ts";

/** Upstream's MaxDisruptedPodSize: evictions the disruption controller has not confirmed yet. */
const MAX_DISRUPTED_PODS = 2000;
/** Upstream's EvictionsRetry: 20 tries about 500 ms apart, on conflicts only. */
const RETRIES = 20;
const RETRY_MS = 500;
const PDB_QR = { group: "policy", resource: "poddisruptionbudget" };

export interface Eviction {
  metadata?: { name?: string };
  deleteOptions?: DeleteOptions;
}

interface PodView extends KubeObject {
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

function canIgnorePdb(pod: PodView): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || pod.metadata.deletionTimestamp !== undefined;
}

function enforceResourceVersion(pod: PodView): boolean {
  const phase = pod.status?.phase;
  return !(phase === "Succeeded" || phase === "Failed" || pod.metadata.deletionTimestamp !== undefined);
}

function isReady(pod: PodView): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

const rvUnset = (o: DeleteOptions) => o.preconditions?.resourceVersion === undefined || o.preconditions.resourceVersion === null;

function withResourceVersion(o: DeleteOptions, rv: string): DeleteOptions {
  return { ...o, preconditions: { ...(o.preconditions ?? {}), resourceVersion: rv } };
}

function tooManyRequests(retryAfter: number, cause: string): ApiError {
  const e = errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", retryAfter);
  const c: StatusCause = { reason: "DisruptionBudget", message: cause };
  e.status.details = { ...(e.status.details ?? {}), causes: [c] };
  return e;
}

const isConflict = (e: unknown) => e instanceof ApiError && e.status.code === 409;

async function retryOnConflict<T>(enabled: boolean, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!enabled || !isConflict(e) || attempt >= RETRIES) throw e;
      await Bun.sleep(RETRY_MS * (0.9 + Math.random() * 0.2));
    }
  }
}

/** Marks the pod DisruptionTarget (not on dry runs), then deletes it with `opts`. */
async function addConditionAndDelete(pods: ResourceRegistry, scope: RequestScope, namespace: string, name: string, opts: DeleteOptions): Promise<void> {
  let o = opts;
  if (!scope.dryRun) {
    const res = await pods.update(
      scope,
      namespace,
      name,
      (current) => {
        if (!current) throw errors.notFound(pods.qr, name);
        const p = o.preconditions;
        if (p?.uid && p.uid !== current.metadata.uid) {
          throw errors.conflict({ group: "", resource: "Pod" }, name, `the UID in the precondition (${p.uid}) does not match the UID in record (${current.metadata.uid ?? ""}). The object might have been deleted and then recreated`);
        }
        if (p?.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion) {
          throw errors.conflict({ group: "", resource: "Pod" }, name, `the ResourceVersion in the precondition (${p.resourceVersion}) does not match the ResourceVersion in record (${current.metadata.resourceVersion ?? ""}). The object might have been modified`);
        }
        const status = ((current as PodView).status ??= {}) as { conditions?: Record<string, unknown>[] };
        const conditions = (status.conditions ??= []);
        const cond = { type: "DisruptionTarget", status: "True", lastProbeTime: null, lastTransitionTime: timestamp(scope.now), reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" };
        const at = conditions.findIndex((c) => c["type"] === "DisruptionTarget");
        if (at < 0) conditions.push(cond);
        else if (conditions[at]!["status"] !== "True" || conditions[at]!["reason"] !== cond.reason) conditions[at] = cond;
        return current;
      },
      { subresource: "status", allowCreate: false, retry: true, internal: true, skipManagedFields: true, skipFieldChecks: true },
    );
    // the condition bumped the version the caller's precondition names
    if (!rvUnset(o)) o = withResourceVersion(o, res.obj.metadata.resourceVersion ?? "");
  }
  await deleteObject(pods, scope, namespace, name, o);
}

/** The budgets in the pod's namespace whose selector matches it (an empty selector matches all). */
async function budgetsFor(pdbs: ResourceRegistry, pod: PodView): Promise<{ pdb: PodDisruptionBudget; rv: string }[]> {
  const list = await pdbs.store.list<KubeObject>(namespacePrefix(pdbs.ri, pod.metadata.namespace ?? ""));
  const out: { pdb: PodDisruptionBudget; rv: string }[] = [];
  for (const kv of list.kvs) {
    const pdb = pdbs.codec.fromStored(kv.value) as unknown as PodDisruptionBudget;
    if (labelSelectorMatches(pdb.spec?.selector, pod.metadata.labels)) out.push({ pdb, rv: String(kv.modRevision) });
  }
  return out;
}

/** Takes one disruption from the budget (upstream checkAndDecrement); throws 429/403 when it has none to give. */
async function checkAndDecrement(pdbs: ResourceRegistry, scope: RequestScope, pdb: PodDisruptionBudget, rv: string, podName: string): Promise<void> {
  const name = pdb.metadata.name ?? "";
  const st = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw tooManyRequests(10, `The disruption budget ${name} is still being processed by the server.`);
  if (st.disruptionsAllowed < 0) throw errors.forbidden(PDB_QR, name, "pdb disruptions allowed is negative");
  if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) throw errors.forbidden(PDB_QR, name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
  if (st.disruptionsAllowed === 0) throw tooManyRequests(0, `The disruption budget ${name} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`);
  if (scope.dryRun) return;
  await pdbs.update(
    scope,
    pdb.metadata.namespace ?? "",
    name,
    (current) => {
      if (!current) throw errors.notFound(pdbs.qr, name);
      // decided on version `rv`: a budget changed since is read again (409, retried)
      current.metadata.resourceVersion = rv;
      const status = (current as unknown as PodDisruptionBudget).status!;
      status.disruptionsAllowed = st.disruptionsAllowed - 1;
      status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: timestamp(scope.now) };
      if (status.disruptionsAllowed === 0) {
        const others = (status.conditions ?? []).filter((c) => c.type !== "DisruptionAllowed");
        const prev = status.conditions?.find((c) => c.type === "DisruptionAllowed");
        const changed = prev?.status !== "False" || prev.reason !== "InsufficientPods";
        others.push({
          type: "DisruptionAllowed",
          status: "False",
          reason: "InsufficientPods",
          message: "",
          observedGeneration: pdb.metadata.generation ?? 0,
          lastTransitionTime: changed ? timestamp(scope.now) : (prev?.lastTransitionTime ?? timestamp(scope.now)),
        });
        status.conditions = others;
      }
      return current;
    },
    { subresource: "status", allowCreate: false, retry: false, internal: true, skipManagedFields: true, skipFieldChecks: true },
  );
}

/** Evicts the pod; the error answers the request when the budget refuses. */
export async function evictPod(pods: ResourceRegistry, pdbs: ResourceRegistry | undefined, requestScope: RequestScope, namespace: string, name: string, body: Eviction): Promise<void> {
  if (body.metadata?.name && body.metadata.name !== name) throw errors.badRequest(`name in URL does not match name in Eviction object`);
  const original = body.deleteOptions ?? {};
  validateDeleteOptions(original);
  // dry run from the request or from the Eviction's deleteOptions (upstream propagateDryRun)
  const bodyDry = original.dryRun ?? [];
  if (requestScope.dryRun && bodyDry.length > 0 && !bodyDry.includes("All")) {
    throw errors.badRequest(`Non-matching dry-run options in request and content: [All] and [${bodyDry.join(" ")}]`);
  }
  const scope: RequestScope = bodyDry.includes("All") && !requestScope.dryRun ? { ...requestScope, dryRun: true } : requestScope;

  // Pods that can skip the budget are deleted at once.
  let pod!: PodView;
  const deleted = await retryOnConflict(rvUnset(original), async () => {
    const kv = await pods.getStored(namespace, name);
    pod = kv.value as PodView;
    pod.metadata.resourceVersion = String(kv.modRevision);
    if (!canIgnorePdb(pod)) return false;
    const opts = enforceResourceVersion(pod) && rvUnset(original) ? withResourceVersion(original, pod.metadata.resourceVersion) : original;
    await addConditionAndDelete(pods, scope, namespace, name, opts);
    return true;
  });
  if (deleted) return;

  let pinVersion = false;
  let budgetName = "";
  if (pdbs) {
    const found = await budgetsFor(pdbs, pod);
    if (found.length > 1) {
      const s = statusFailure(500, "", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
      delete (s as { reason?: string }).reason;
      throw new ApiError(s);
    }
    if (found.length === 1) {
      let { pdb, rv } = found[0]!;
      budgetName = pdb.metadata.name ?? "";
      const st = pdb.status;
      let decided = false;
      if (!isReady(pod)) {
        // an unready pod does not count towards the budget: deleting it disrupts nothing more
        if (pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow") decided = pinVersion = true;
        else if (st && st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0) decided = pinVersion = true;
      }
      if (!decided) {
        let refresh = false;
        await retryOnConflict(true, async () => {
          if (refresh) {
            const kv = await pdbs.getStored(namespace, budgetName);
            pdb = kv.value as unknown as PodDisruptionBudget;
            rv = String(kv.modRevision);
          }
          refresh = true;
          await checkAndDecrement(pdbs, scope, pdb, rv, name);
        }).catch((e: unknown) => {
          if (isConflict(e)) throw errors.timeout(`couldn't update PodDisruptionBudget "${budgetName}" due to conflicts`);
          throw e;
        });
      }
    }
  }

  // No budget, a disruption taken, or an unready pod the budget can spare: delete it,
  // pinned to the version judged unready so it cannot have turned ready meanwhile.
  const opts = pinVersion ? withResourceVersion(original, pod.metadata.resourceVersion ?? "") : original;
  try {
    await addConditionAndDelete(pods, scope, namespace, name, opts);
  } catch (e) {
    if (isConflict(e) && pinVersion && rvUnset(original)) throw tooManyRequests(10, `The disruption budget ${budgetName} is still being processed by the server.`);
    throw e;
  }
}
