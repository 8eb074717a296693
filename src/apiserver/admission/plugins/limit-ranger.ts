/**
 * LimitRanger (upstream's plugin, on by default), for pods and PersistentVolumeClaims
 * created in a namespace with LimitRanges:
 * - admit: containers and init containers missing a limit or request get the Container
 *   items' `default` and `defaultRequest`, recorded in the pod's
 *   `kubernetes.io/limit-ranger` annotation ("LimitRanger plugin set: cpu, memory request
 *   for container web; cpu limit for container web").
 * - validate: Container and Pod items' min, max and maxLimitRequestRatio, and
 *   PersistentVolumeClaim items' storage min and max, refused with upstream's 403 texts
 *   ("minimum cpu usage per Container is 100m, but request is 50m"; several in brackets).
 *
 * Upstream defaults a decoded pod (a request taken from its limit) before admission; kubun
 * defaults after admission's mutating phase, so a resource with a limit but no request is
 * left for that defaulting instead of taking `defaultRequest`, which gives upstream's result.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import { Quantity } from "../../../api/quantity/index.ts";
import { podResources } from "../../../api/quota/usage.ts";
import type { Pod } from "../../../api/types/index.ts";
import { errors } from "../../http/status.ts";
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin, ValidatingPlugin } from "../types.ts";

export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

type ResList = Record<string, string | number>;

interface LimitItem {
  type?: string;
  max?: ResList;
  min?: ResList;
  default?: ResList;
  defaultRequest?: ResList;
  maxLimitRequestRatio?: ResList;
}

interface Container {
  name: string;
  resources?: { requests?: ResList; limits?: ResList };
}

/** The namespace's LimitRanges' items, one list per LimitRange. */
function rangesIn(lookup: AdmissionLookup, namespace: string): LimitItem[][] {
  const out: LimitItem[][] = [];
  for (const lr of lookup.list("", "limitranges", namespace)) {
    const items = (lr["spec"] as { limits?: LimitItem[] } | undefined)?.limits ?? [];
    if (items.length > 0) out.push(items);
  }
  return out;
}

const isPodCreate = (a: AdmissionAttributes) => a.resource.group === "" && a.resource.plural === "pods" && a.subresource === "" && a.object !== undefined;
const isClaimCreate = (a: AdmissionAttributes) => a.resource.group === "" && a.resource.plural === "persistentvolumeclaims" && a.subresource === "" && a.object !== undefined;

function containersOf(pod: KubeObject): { prefix: string; list: Container[] }[] {
  const spec = (pod["spec"] ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  return [
    { prefix: "container", list: spec.containers ?? [] },
    { prefix: "init container", list: spec.initContainers ?? [] },
  ];
}

/** Sets the missing defaults of one container; the annotation's phrases for it. */
function mergeDefaults(c: Container, limits: ResList, requests: ResList, prefix: string): string[] {
  const res = (c.resources ??= {});
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(limits)) {
    if (res.limits && Object.hasOwn(res.limits, k)) continue;
    (res.limits ??= {})[k] = v;
    setLimits.push(k);
  }
  for (const [k, v] of Object.entries(requests)) {
    if (res.requests && Object.hasOwn(res.requests, k)) continue;
    // a limit without a request: pod defaulting copies the limit (upstream did before admission)
    if (res.limits && Object.hasOwn(res.limits, k) && !setLimits.includes(k)) continue;
    (res.requests ??= {})[k] = v;
    setRequests.push(k);
  }
  const out: string[] = [];
  if (setRequests.length > 0) out.push(`${setRequests.sort().join(", ")} request for ${prefix} ${c.name}`);
  if (setLimits.length > 0) out.push(`${setLimits.sort().join(", ")} limit for ${prefix} ${c.name}`);
  return out;
}

export const limitRangerDefaults: MutatingPlugin = {
  name: "LimitRanger",
  operations: ["CREATE"],
  admit(a: AdmissionAttributes, lookup: AdmissionLookup): void {
    if (!isPodCreate(a)) return;
    const phrases: string[] = [];
    // each LimitRange in turn (what an earlier one set stays); within one, a later item wins
    for (const items of rangesIn(lookup, a.namespace)) {
      const limits: ResList = {};
      const requests: ResList = {};
      for (const i of items) {
        if (i.type !== "Container") continue;
        for (const [k, v] of Object.entries(i.default ?? {})) limits[k] = v;
        for (const [k, v] of Object.entries(i.defaultRequest ?? {})) requests[k] = v;
      }
      for (const { prefix, list } of containersOf(a.object!)) for (const c of list) phrases.push(...mergeDefaults(c, limits, requests, prefix));
    }
    if (phrases.length === 0) return;
    const meta = a.object!.metadata;
    meta.annotations = { ...(meta.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${phrases.join("; ")}` };
  },
};

const q = (v: string | number) => Quantity.parse(v);

/** upstream's minConstraint (its first failure): a request, and request and limit at least min. */
function minConstraint(kind: string, name: string, min: string | number, request: ResList, limit: ResList): string | undefined {
  const enforced = q(min);
  if (!Object.hasOwn(request, name)) return `minimum ${name} usage per ${kind} is ${enforced}.  No request is specified`;
  if (q(request[name]!).cmp(enforced) < 0) return `minimum ${name} usage per ${kind} is ${enforced}, but request is ${q(request[name]!)}`;
  if (Object.hasOwn(limit, name) && q(limit[name]!).cmp(enforced) < 0) return `minimum ${name} usage per ${kind} is ${enforced}, but limit is ${q(limit[name]!)}`;
  return undefined;
}

/** upstream's maxConstraint (its first failure): a limit, and limit and request at most max. */
function maxConstraint(kind: string, name: string, max: string | number, request: ResList, limit: ResList): string | undefined {
  const enforced = q(max);
  if (!Object.hasOwn(limit, name)) return `maximum ${name} usage per ${kind} is ${enforced}.  No limit is specified`;
  if (q(limit[name]!).cmp(enforced) > 0) return `maximum ${name} usage per ${kind} is ${enforced}, but limit is ${q(limit[name]!)}`;
  if (Object.hasOwn(request, name) && q(request[name]!).cmp(enforced) > 0) return `maximum ${name} usage per ${kind} is ${enforced}, but request is ${q(request[name]!)}`;
  return undefined;
}

/** upstream's limitRequestRatioConstraint: limit / request at most the ratio (compared in milli-units). */
function ratioConstraint(kind: string, name: string, ratio: string | number, request: ResList, limit: ResList): string | undefined {
  const enforced = q(ratio);
  const req = Object.hasOwn(request, name) ? q(request[name]!).milliValue() : 0;
  const lim = Object.hasOwn(limit, name) ? q(limit[name]!).milliValue() : 0;
  if (req === 0) return `${name} max limit to request ratio per ${kind} is ${enforced}, but no request is specified or request is 0`;
  if (lim === 0) return `${name} max limit to request ratio per ${kind} is ${enforced}, but no limit is specified or limit is 0`;
  const observed = lim / req;
  if (observed * 1000 > enforced.milliValue()) return `${name} max limit to request ratio per ${kind} is ${enforced}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

function checkItem(kind: string, item: LimitItem, request: ResList, limit: ResList, errs: string[]): void {
  const add = (e: string | undefined) => e !== undefined && errs.push(e);
  for (const [k, v] of Object.entries(item.min ?? {})) add(minConstraint(kind, k, v, request, limit));
  for (const [k, v] of Object.entries(item.max ?? {})) add(maxConstraint(kind, k, v, request, limit));
  for (const [k, v] of Object.entries(item.maxLimitRequestRatio ?? {})) add(ratioConstraint(kind, k, v, request, limit));
}

/** A pod's requests or limits as quota counts them (containers summed, the largest init container, overhead), as strings. */
function podTotal(pod: KubeObject, which: "requests" | "limits"): ResList {
  const out: ResList = {};
  for (const [k, v] of podResources(pod as Pod, which)) out[k] = v.toString();
  return out;
}

function refuse(a: AdmissionAttributes, errs: string[]): void {
  if (errs.length === 0) return;
  const why = errs.length === 1 ? errs[0]! : `[${errs.join(", ")}]`;
  throw errors.forbidden({ group: a.resource.group, resource: a.resource.plural }, a.name, why);
}

export const limitRanger: ValidatingPlugin = {
  name: "LimitRanger",
  operations: ["CREATE"],
  validate(a: AdmissionAttributes, lookup: AdmissionLookup): void {
    if (isPodCreate(a)) {
      const items = rangesIn(lookup, a.namespace).flat();
      if (items.length === 0) return;
      const errs: string[] = [];
      for (const item of items) {
        if (item.type === "Container") {
          for (const { list } of containersOf(a.object!)) for (const c of list) checkItem("Container", item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs);
        } else if (item.type === "Pod") {
          checkItem("Pod", item, podTotal(a.object!, "requests"), podTotal(a.object!, "limits"), errs);
        }
      }
      refuse(a, errs);
    } else if (isClaimCreate(a)) {
      const items = rangesIn(lookup, a.namespace)
        .flat()
        .filter((i) => i.type === "PersistentVolumeClaim");
      if (items.length === 0) return;
      const requests = ((a.object!["spec"] as { resources?: { requests?: ResList } } | undefined)?.resources?.requests ?? {}) as ResList;
      const errs: string[] = [];
      for (const item of items) {
        for (const [k, v] of Object.entries(item.min ?? {})) {
          if (!Object.hasOwn(requests, k)) errs.push(`minimum ${k} usage per PersistentVolumeClaim is ${q(v)}.  No request is specified`);
          else if (q(requests[k]!).cmp(q(v)) < 0) errs.push(`minimum ${k} usage per PersistentVolumeClaim is ${q(v)}, but request is ${q(requests[k]!)}`);
        }
        for (const [k, v] of Object.entries(item.max ?? {})) {
          if (Object.hasOwn(requests, k) && q(requests[k]!).cmp(q(v)) > 0) errs.push(`maximum ${k} usage per PersistentVolumeClaim is ${q(v)}, but request is ${q(requests[k]!)}`);
        }
      }
      refuse(a, errs);
    }
  },
};
