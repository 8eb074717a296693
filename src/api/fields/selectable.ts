import type { KubeObject } from "../meta/types.ts";
import type { ResourceInfo } from "../resources.ts";
import { SelectorError } from "../labels/errors.ts";
import type { FieldSelector, Fields } from "./selector.ts";

/**
 * The fields each kind can be selected by (upstream registry ToSelectableFields) and the
 * field labels its conversion accepts, with the error each rejects others with.
 */

type Obj = Record<string, unknown>;
type ResourceRef = Pick<ResourceInfo, "group" | "kind" | "namespaced" | "custom">;

function obj(v: unknown): Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
}
function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}
function int(v: unknown): string {
  return String(typeof v === "number" ? Math.trunc(v) : 0);
}

interface KindFields {
  /** Labels the conversion accepts besides what `fields` yields (kept as is). */
  extraLabels?: readonly string[];
  /** Labels rewritten before matching (upstream's spec.host → spec.nodeName). */
  aliases?: Readonly<Record<string, string>>;
  fields: (o: KubeObject) => Record<string, string>;
  /** How the conversion words a rejection. */
  reject: (label: string) => string;
}

const notSupported = (label: string) => `field label not supported: ${label}`;

function podFields(o: KubeObject): Record<string, string> {
  const spec = obj(o["spec"]);
  const status = obj(o["status"]);
  const podIPs = Array.isArray(status["podIPs"]) ? (status["podIPs"] as unknown[]) : [];
  const podIP = podIPs.length > 0 ? str(obj(podIPs[0])["ip"]) : str(status["podIP"]);
  return {
    "spec.nodeName": str(spec["nodeName"]),
    "spec.restartPolicy": str(spec["restartPolicy"]),
    "spec.schedulerName": str(spec["schedulerName"]),
    "spec.serviceAccountName": str(spec["serviceAccountName"]),
    "spec.hostNetwork": String(spec["hostNetwork"] === true),
    "status.phase": str(status["phase"]),
    "status.podIP": podIP,
    "status.nominatedNodeName": str(status["nominatedNodeName"]),
  };
}

function eventFields(o: KubeObject): Record<string, string> {
  // core/v1 names; events.k8s.io/v1 objects carry the same data under regarding/deprecatedSource
  const ref = obj(o["involvedObject"] ?? o["regarding"]);
  const reportingController = str(o["reportingComponent"] ?? o["reportingController"]);
  const source = str(obj(o["source"] ?? o["deprecatedSource"])["component"]) || reportingController;
  return {
    "involvedObject.kind": str(ref["kind"]),
    "involvedObject.namespace": str(ref["namespace"]),
    "involvedObject.name": str(ref["name"]),
    "involvedObject.uid": str(ref["uid"]),
    "involvedObject.apiVersion": str(ref["apiVersion"]),
    "involvedObject.resourceVersion": str(ref["resourceVersion"]),
    "involvedObject.fieldPath": str(ref["fieldPath"]),
    reason: str(o["reason"]),
    reportingComponent: reportingController,
    source,
    type: str(o["type"]),
  };
}

const KINDS: Record<string, KindFields> = {
  "/Pod": { fields: podFields, extraLabels: ["status.podIPs"], aliases: { "spec.host": "spec.nodeName" }, reject: notSupported },
  "/Event": { fields: eventFields, reject: notSupported },
  "events.k8s.io/Event": { fields: eventFields, reject: notSupported },
  "/Secret": { fields: (o) => ({ type: str(o["type"]) }), reject: notSupported },
  "/Node": { fields: (o) => ({ "spec.unschedulable": String(obj(o["spec"])["unschedulable"] === true) }), reject: notSupported },
  "/Namespace": { fields: (o) => ({ "status.phase": str(obj(o["status"])["phase"]) }), reject: notSupported },
  "/Service": {
    fields: (o) => ({ "spec.clusterIP": str(obj(o["spec"])["clusterIP"]), "spec.type": str(obj(o["spec"])["type"]) }),
    reject: notSupported,
  },
  "/ReplicationController": { fields: (o) => ({ "status.replicas": int(obj(o["status"])["replicas"]) }), reject: notSupported },
  "apps/ReplicaSet": { fields: (o) => ({ "status.replicas": int(obj(o["status"])["replicas"]) }), reject: notSupported },
  "batch/Job": {
    fields: (o) => ({ "status.successful": int(obj(o["status"])["succeeded"]) }),
    reject: (label) => `field label not supported for batchv1.Job: ${label}`,
  },
};

const DEFAULT_KIND: KindFields = {
  fields: () => ({}),
  reject: (label) => `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/** A custom resource's selectableFields (".spec.tier" selects as spec.tier): strings, booleans and integers as text, "" when absent. */
const customKinds = new WeakMap<object, KindFields>();

function customFields(paths: readonly string[], owner: object): KindFields {
  let k = customKinds.get(owner);
  if (k) return k;
  const fields = paths.map((p) => ({ label: p.replace(/^\./, ""), segs: p.replace(/^\./, "").split(".") }));
  k = {
    fields: (o) => {
      const out: Record<string, string> = {};
      for (const f of fields) {
        let v: unknown = o;
        for (const seg of f.segs) v = obj(v)[seg];
        out[f.label] = typeof v === "string" ? v : typeof v === "boolean" || typeof v === "number" ? String(v) : "";
      }
      return out;
    },
    reject: notSupported,
  };
  customKinds.set(owner, k);
  return k;
}

function kindFields(r: Pick<ResourceRef, "group" | "kind" | "custom">): KindFields {
  const selectable = r.custom?.selectableFields;
  if (selectable?.length) return customFields(selectable, r.custom!);
  return KINDS[`${r.group}/${r.kind}`] ?? DEFAULT_KIND;
}

/** The selectable fields of an object: metadata.name, metadata.namespace (namespaced kinds) and the kind's own. */
export function fieldsOf(resource: ResourceRef, o: KubeObject): Fields {
  const meta: Record<string, string> = { "metadata.name": o.metadata?.name ?? "" };
  if (resource.namespaced) meta["metadata.namespace"] = o.metadata?.namespace ?? "";
  return { ...kindFields(resource).fields(o), ...meta };
}

/** Every field label the kind accepts in a field selector. */
export function supportedFields(resource: ResourceRef): string[] {
  const k = kindFields(resource);
  // The sample object only serves to list the kind's field names.
  const own = Object.keys(k.fields({ metadata: {} }));
  const base = k === DEFAULT_KIND || resource.group !== "" || resource.namespaced ? ["metadata.name", "metadata.namespace"] : ["metadata.name"];
  return [...base, ...own, ...(k.extraLabels ?? []), ...Object.keys(k.aliases ?? {})];
}

/**
 * Checks a parsed field selector against the kind (upstream's field label conversion):
 * returns it with aliases rewritten, or throws SelectorError with upstream's message
 * (the apiserver answers 400 BadRequest with it).
 */
export function convertFieldSelector(resource: ResourceRef, selector: FieldSelector): FieldSelector {
  const k = kindFields(resource);
  const allowed = new Set(supportedFields(resource));
  return selector.transform((field, value) => {
    if (!allowed.has(field)) throw new SelectorError(k.reject(field));
    return { field: k.aliases?.[field] ?? field, value };
  });
}
