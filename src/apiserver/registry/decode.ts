/**
 * Checks a decoded body against the kind's declared schema the way upstream's decoder
 * does: wrong JSON types always fail (400); unknown fields fail under
 * fieldValidation=Strict, become Warning headers under Warn, and are dropped silently
 * under Ignore (stored objects never keep unknown fields). Optional fields that are null,
 * and optional lists and maps that are empty, are dropped as upstream's decode and encode
 * drop them (omitempty), so a body with `annotations: {}` stores none.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { groupVersion, type ResourceInfo } from "../../api/resources.ts";
import { checkObject, strictDecodingMessage } from "../../api/schema/index.ts";
import { errors } from "../http/status.ts";
import type { RequestScope } from "./scope.ts";

/** Fills apiVersion/kind; a body naming another kind or version is 400. */
export function checkTypeMeta(ri: ResourceInfo, obj: KubeObject, expectedKind = ri.kind, expectedApiVersion = groupVersion(ri)): void {
  if (obj.apiVersion !== undefined && obj.apiVersion !== "" && obj.apiVersion !== expectedApiVersion) {
    throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expectedApiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== "" && obj.kind !== expectedKind) {
    throw errors.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${expectedKind})`);
  }
  obj.apiVersion = expectedApiVersion;
  obj.kind = expectedKind;
  if (obj.metadata === null || typeof obj.metadata !== "object" || Array.isArray(obj.metadata)) {
    if (obj.metadata === undefined) obj.metadata = {};
    else throw errors.badRequest(`${expectedKind} in version "${ri.version}" cannot be handled as a ${expectedKind}: json: cannot unmarshal ${typeof obj.metadata} into Go struct field ${expectedKind}.metadata of type v1.ObjectMeta`);
  }
}

/**
 * Runs the strict decoding checks. `prefixed` says whether upstream prefixes the message
 * with `<Kind> in version "<v>" cannot be handled as a <Kind>:` (create and update do,
 * patches do not).
 */
export function checkFields(ri: ResourceInfo, obj: KubeObject, scope: RequestScope, prefixed: boolean, kind = ri.kind, apiVersion = groupVersion(ri)): void {
  const prefix = prefixed ? `${kind} in version "${apiVersion.split("/").pop()}" cannot be handled as a ${kind}: ` : "";
  if (ri.custom && kind === ri.kind) {
    // custom resources decode as unstructured data: the schema prunes, validation types
    const unknown = ri.custom.prune(obj);
    if (unknown.length === 0) return;
    if (scope.fieldValidation === "Strict") throw errors.badRequest(prefix + strictDecodingMessage(unknown));
    if (scope.fieldValidation === "Warn") for (const f of unknown) scope.warnings.push(`unknown field ${JSON.stringify(f)}`);
    return;
  }
  const { unknownFields, typeErrors } = checkObject(apiVersion, kind, obj, { prune: true });
  if (typeErrors.length > 0) throw errors.badRequest(prefix + typeErrors[0]!.message);
  if (unknownFields.length === 0) return;
  if (scope.fieldValidation === "Strict") throw errors.badRequest(prefix + strictDecodingMessage(unknownFields));
  if (scope.fieldValidation === "Warn") for (const f of unknownFields) scope.warnings.push(`unknown field ${JSON.stringify(f)}`);
  dropFields(obj, unknownFields);
}

/** Removes unknown fields (paths like spec.containers[0].foo) so they are never stored. */
function dropFields(obj: KubeObject, paths: readonly string[]): void {
  for (const p of paths) {
    const segs: (string | number)[] = [];
    for (const part of p.split(".")) {
      const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
      if (!m) {
        segs.push(part);
        continue;
      }
      if (m[1]) segs.push(m[1]);
      for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) segs.push(Number(idx[1]));
    }
    let cur: unknown = obj;
    for (let i = 0; i < segs.length - 1 && cur !== null && typeof cur === "object"; i++) cur = (cur as Record<string | number, unknown>)[segs[i]!];
    if (cur !== null && typeof cur === "object") delete (cur as Record<string | number, unknown>)[segs[segs.length - 1]!];
  }
}
