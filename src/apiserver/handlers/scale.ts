/**
 * The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets and
 * replicationcontrollers: a view of spec.replicas, status.replicas and the selector as a string.
 */
import type { KubeObject, LabelSelector } from "../../api/meta/index.ts";
import { selectorFromLabelSelectorOrNothing, selectorFromSet } from "../../api/labels/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { PatchType } from "../http/body.ts";
import { errors } from "../http/status.ts";
import { jsonTooDeep, TOO_DEEP } from "../http/nesting.ts";
import { applyJsonPatch, applyMergePatch } from "../registry/machinery.ts";
import type { ResourceRegistry, WriteResult } from "../registry/resource-registry.ts";
import type { RequestScope } from "../registry/scope.ts";
import { formatInvalidMessage, toStatusCauses, validateObject } from "../../api/validation/index.ts";
import { getOwn, setOwn } from "../../util/own-keys.ts";
import { jsonClone } from "../util/clone.ts";

interface Workload {
  /** A LabelSelector, or a plain label map on ReplicationControllers. */
  spec?: { replicas?: number; selector?: LabelSelector | Record<string, string> };
  status?: { replicas?: number };
}

/** The selector as a string; the kind says which form it has, since a label map's keys could read as a LabelSelector's. */
function selectorText(ri: Pick<ResourceInfo, "group" | "kind">, selector: LabelSelector | Record<string, string> | undefined): string {
  if (ri.group === "" && ri.kind === "ReplicationController") return selectorFromSet(selector as Record<string, string> | undefined).toString();
  return selectorFromLabelSelectorOrNothing(selector as LabelSelector | undefined).toString();
}

/** The segments of a CRD scale path (".spec.replicas"). */
function pathSegments(path: string): string[] {
  return path.replace(/^\./, "").split(".").filter(Boolean);
}

function readPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const seg of pathSegments(path)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = getOwn(cur, seg);
  }
  return cur;
}

function writePath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const segs = pathSegments(path);
  let cur = obj;
  for (const seg of segs.slice(0, -1)) {
    let next = getOwn(cur, seg);
    if (next === null || typeof next !== "object" || Array.isArray(next)) setOwn(cur, seg, (next = {}));
    cur = next as Record<string, unknown>;
  }
  setOwn(cur, segs[segs.length - 1]!, value);
}

export function scaleOf(ri: Pick<ResourceInfo, "group" | "kind" | "custom">, obj: KubeObject): KubeObject {
  const w = obj as unknown as Workload;
  const meta = obj.metadata;
  const m: KubeObject["metadata"] = { name: meta.name!, uid: meta.uid!, resourceVersion: meta.resourceVersion!, creationTimestamp: meta.creationTimestamp! };
  if (meta.namespace) m.namespace = meta.namespace;
  const custom = ri.custom?.scale;
  if (custom) {
    // upstream's CR scale: replicas read at the CRD's paths, the selector string as stored
    const specReplicas = readPath(obj, custom.specReplicasPath);
    const statusReplicas = readPath(obj, custom.statusReplicasPath);
    const status: Record<string, unknown> = { replicas: typeof statusReplicas === "number" ? statusReplicas : 0 };
    const sel = custom.labelSelectorPath ? readPath(obj, custom.labelSelectorPath) : undefined;
    if (typeof sel === "string" && sel) status["selector"] = sel;
    return { kind: "Scale", apiVersion: "autoscaling/v1", metadata: m, spec: { replicas: typeof specReplicas === "number" ? specReplicas : 0 }, status };
  }
  const status: Record<string, unknown> = { replicas: w.status?.replicas ?? 0 };
  const sel = selectorText(ri, w.spec?.selector);
  if (sel) status["selector"] = sel;
  return { kind: "Scale", apiVersion: "autoscaling/v1", metadata: m, spec: { replicas: w.spec?.replicas ?? 0 }, status };
}

/** PUT or PATCH of /scale: computes the new Scale from the current one, then writes spec.replicas. */
export async function writeScale(reg: ResourceRegistry, scope: RequestScope, namespace: string, name: string, next: (current: KubeObject) => KubeObject): Promise<WriteResult> {
  const res = await reg.update(
    scope,
    namespace,
    name,
    (current) => {
      if (!current) throw errors.notFound(reg.qr, name);
      const scale = next(scaleOf(reg.ri, current));
      if (scale.kind !== undefined && scale.kind !== "Scale") throw errors.badRequest(`the kind in the data (${scale.kind}) does not match the expected kind (Scale)`);
      const replicas = (scale["spec"] as { replicas?: unknown } | undefined)?.replicas ?? 0;
      if (typeof replicas !== "number" || !Number.isInteger(replicas)) throw errors.badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`);
      const errs = validateObject(reg.ri, { ...scale, spec: { replicas } } as KubeObject, current, { subresource: "scale" });
      if (errs.length > 0) throw errors.invalid("autoscaling", "Scale", name, formatInvalidMessage({ group: "autoscaling", kind: "Scale" }, name, errs), toStatusCauses(errs));
      const rv = scale.metadata?.resourceVersion;
      const out = jsonClone(current);
      if (reg.ri.custom?.scale) writePath(out, reg.ri.custom.scale.specReplicasPath, replicas);
      else (out["spec"] as Record<string, unknown>)["replicas"] = replicas;
      out.metadata.resourceVersion = rv || current.metadata.resourceVersion!;
      return out;
    },
    { subresource: "scale", allowCreate: false, retry: true, skipFieldChecks: true, skipValidation: true },
  );
  return { obj: scaleOf(reg.ri, res.obj), created: false };
}

export function patchScale(type: PatchType, patchText: string): (current: KubeObject) => KubeObject {
  let patch: unknown;
  if (jsonTooDeep(patchText)) throw errors.badRequest(`error decoding patch: ${TOO_DEEP}`);
  try {
    patch = JSON.parse(patchText);
  } catch (e) {
    throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  return (current) => {
    const out = type === "json" ? applyJsonPatch(current, patch) : applyMergePatch(current, patch);
    return out as KubeObject;
  };
}
