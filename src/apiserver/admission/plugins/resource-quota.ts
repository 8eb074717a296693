/**
 * ResourceQuota admission (upstream's ResourceQuota plugin, on by default): a create in a
 * namespace with quotas is refused when it would take a quota's usage past its hard
 * limit, with upstream's 403 "exceeded quota: NAME, requested: ..., used: ..., limited:
 * ...". A pod created under a quota that tracks cpu or memory must name them in every
 * container ("failed quota: NAME: must specify limits.cpu for: c; ..."), as upstream's pod
 * evaluator demands.
 *
 * Usage is counted from the watch caches at admission time with the quota controller's
 * evaluators (api/quota/usage.ts), before and with the new object, so object counts of any
 * resource (custom resources too), compute requests and limits, node ports, load balancers
 * and storage all follow one rule. Upstream reads status.used and writes its increment
 * back before admitting; counting here needs no status round trip (a quota the controller
 * has not synced yet is enforced at once, where upstream answers "status unknown").
 * Creates admitted but not yet in the caches are counted too (pending-creates.ts), so
 * creates racing for the last room cannot all pass. Updates of services and claims are
 * evaluated too (a type turned NodePort or LoadBalancer, a claim grown), with the stored
 * object replaced by the new one.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import { Quantity } from "../../../api/quantity/index.ts";
import { quotaUsage, type NamespaceObjects } from "../../../api/quota/usage.ts";
import type { PersistentVolumeClaim, Pod, ResourceQuota, Service } from "../../../api/types/index.ts";
import { errors } from "../../http/status.ts";
import type { AdmissionAttributes, AdmissionLookup, ValidatingPlugin } from "../types.ts";
import { PendingCreates } from "./pending-creates.ts";

/** Quota names a pod's containers must each request or limit when a quota tracks them. */
const CONTAINER_RESOURCES: Record<string, { which: "requests" | "limits"; resource: string }> = {
  cpu: { which: "requests", resource: "cpu" },
  "requests.cpu": { which: "requests", resource: "cpu" },
  memory: { which: "requests", resource: "memory" },
  "requests.memory": { which: "requests", resource: "memory" },
  "limits.cpu": { which: "limits", resource: "cpu" },
  "limits.memory": { which: "limits", resource: "memory" },
};

const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).sort();

/** Upstream's prettyPrint of a resource list: sorted `name=value` joined by commas. */
function pretty(list: Record<string, string>): string {
  return sortedKeys(list)
    .map((k) => `${k}=${list[k]}`)
    .join(",");
}

/** The pod constraint: "must specify limits.cpu for: a,b; requests.memory for: a", or undefined. */
function missingContainerResources(pod: Pod, hard: Record<string, unknown>): string | undefined {
  const missing = new Map<string, Set<string>>();
  const required = Object.keys(hard).filter((k) => Object.hasOwn(CONTAINER_RESOURCES, k));
  if (required.length === 0) return undefined;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const name of required) {
      const { which, resource } = CONTAINER_RESOURCES[name]!;
      const list = c.resources?.[which] as Record<string, unknown> | undefined;
      if (list === undefined || !Object.hasOwn(list, resource)) {
        let names = missing.get(name);
        if (!names) missing.set(name, (names = new Set()));
        names.add(c.name);
      }
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((name) => `${name} for: ${[...missing.get(name)!].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}

/**
 * The namespace's objects as the evaluators read them; with `change`, as they will be once
 * its object is written (added, or replacing the stored object of its name on updates).
 */
function namespaceObjects(lookup: AdmissionLookup, pending: PendingCreates, namespace: string, change?: { key: string; obj: KubeObject; update: boolean }): NamespaceObjects {
  const inNs = (group: string, plural: string) => {
    const cached = lookup.list(group, plural, namespace);
    const held = pending.list(group, plural, namespace);
    return held.length === 0 ? cached : [...cached, ...held];
  };
  const withExtra = <T>(key: string, list: T[]): T[] => {
    if (!change || change.key !== key) return list;
    const kept = change.update ? list.filter((o) => (o as KubeObject).metadata.name !== change.obj.metadata.name) : list;
    return [...kept, change.obj as T];
  };
  // read on first use: a quota counting configmaps never walks the pods
  let pods: Pod[] | undefined;
  let services: Service[] | undefined;
  let claims: PersistentVolumeClaim[] | undefined;
  return {
    get pods() {
      return (pods ??= withExtra("pods", inNs("", "pods") as Pod[]));
    },
    get services() {
      return (services ??= withExtra("services", inNs("", "services") as Service[]));
    },
    get claims() {
      return (claims ??= withExtra("persistentvolumeclaims", inNs("", "persistentvolumeclaims") as PersistentVolumeClaim[]));
    },
    count(resource) {
      const dot = resource.indexOf(".");
      const plural = dot < 0 ? resource : resource.slice(0, dot);
      const group = dot < 0 ? "" : resource.slice(dot + 1);
      return inNs(group, plural).length + (change && change.key === resource && !change.update ? 1 : 0);
    },
  };
}

export const resourceQuota: ValidatingPlugin = {
  name: "ResourceQuota",
  operations: ["CREATE", "UPDATE"],
  validate(a: AdmissionAttributes, lookup: AdmissionLookup): void {
    if (a.subresource !== "" || !a.resource.namespaced || a.object === undefined) return;
    const update = a.operation === "UPDATE";
    // updates change usage only where the evaluators read the object's contents
    if (update && !(a.resource.group === "" && (a.resource.plural === "services" || a.resource.plural === "persistentvolumeclaims"))) return;
    const quotas = lookup.list("", "resourcequotas", a.namespace) as ResourceQuota[];
    if (quotas.length === 0) return;
    const ri = a.resource;
    const key = ri.group ? `${ri.plural}.${ri.group}` : ri.plural;
    const qr = { group: ri.group, resource: ri.plural };
    const now = Date.now();
    let pending = ledgers.get(lookup);
    if (!pending) ledgers.set(lookup, (pending = new PendingCreates(lookup)));
    const before = namespaceObjects(lookup, pending, a.namespace);
    const after = namespaceObjects(lookup, pending, a.namespace, { key, obj: a.object, update });
    // in name order: the cache lists a namespace in key order
    for (const q of quotas) {
      const hard = (q.spec?.hard ?? {}) as Record<string, string>;
      if (key === "pods" && !update) {
        const why = missingContainerResources(a.object as Pod, hard);
        if (why) throw errors.forbidden(qr, a.name, `failed quota: ${q.metadata.name}: ${why}`);
      }
      const used = quotaUsage(q, before, now);
      const next = quotaUsage(q, after, now);
      const requested: Record<string, string> = {};
      const usedNow: Record<string, string> = {};
      const limited: Record<string, string> = {};
      for (const k of Object.keys(next)) {
        const was = Quantity.parse(used[k] ?? "0");
        const will = Quantity.parse(next[k]!);
        if (will.cmp(was) <= 0 || !Object.hasOwn(hard, k)) continue;
        if (will.cmp(Quantity.parse(hard[k]!)) > 0) {
          requested[k] = will.sub(was).toString();
          usedNow[k] = was.toString();
          limited[k] = hard[k]!;
        }
      }
      if (Object.keys(requested).length > 0) {
        throw errors.forbidden(qr, a.name, `exceeded quota: ${q.metadata.name}, requested: ${pretty(requested)}, used: ${pretty(usedNow)}, limited: ${pretty(limited)}`);
      }
    }
    // admitted: counted as used until its write is done and the cache shows it
    if (!update && !a.dryRun && a.afterWrite) a.afterWrite.push(pending.add(ri.group, ri.plural, a.namespace, a.object));
  },
};

/** Creates admitted and not yet in the caches, per apiserver (each has its own lookup). */
const ledgers = new WeakMap<AdmissionLookup, PendingCreates>();
