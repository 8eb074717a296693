/** Server-side apply (PATCH with application/apply-patch+yaml). */
import type { KubeObject } from "../../api/meta/index.ts";
import { checkObject, pruneEmptyFields } from "../../api/schema/index.ts";
import { parseYamlDocument } from "../http/body.ts";
import { errors } from "../http/status.ts";
import { checkTypeMeta } from "../registry/decode.ts";
import { applyConflictError, serverSideApply } from "../registry/machinery.ts";
import type { ResourceRegistry, WriteResult } from "../registry/resource-registry.ts";
import type { RequestScope } from "../registry/scope.ts";
import { jsonClone } from "../util/clone.ts";

export async function applyPatch(reg: ResourceRegistry, scope: RequestScope, namespace: string, name: string, subresource: string, bodyText: string, fieldManagerGiven: boolean): Promise<WriteResult> {
  if (!fieldManagerGiven) throw errors.badRequest("PATCH requests with apply content type must set fieldManager");
  const doc = parseYamlDocument(bodyText);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw errors.badRequest("error decoding YAML: the applied configuration must be an object");
  const applied = doc as KubeObject;
  if (!applied.apiVersion || !applied.kind) throw errors.badRequest("invalid object type: /, Kind=");
  checkTypeMeta(reg.ri, applied);
  const meta = applied.metadata;
  if (meta.name !== undefined && meta.name !== name) throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  if (reg.ri.namespaced && meta.namespace && meta.namespace !== namespace) {
    throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  meta.name = name;
  const { unknownFields, typeErrors } = checkObject(reg.apiVersion, reg.ri.kind, applied);
  const typed = (msg: string) => `failed to create typed patch object (${namespace ? `${namespace}/` : ""}${name}; ${reg.apiVersion}, Kind=${reg.ri.kind}): ${msg}`;
  if (typeErrors.length > 0) throw errors.badRequest(typed(`.${typeErrors[0]!.field}: ${typeErrors[0]!.message}`));
  if (unknownFields.length > 0) {
    if (scope.fieldValidation === "Strict") throw errors.badRequest(typed(`.${unknownFields[0]}: field not declared in schema`));
    if (scope.fieldValidation === "Warn") for (const f of unknownFields) scope.warnings.push(`unknown field ${JSON.stringify(f)}`);
  }
  return reg.update(
    scope,
    namespace,
    name,
    (current) => {
      const opts = { manager: scope.fieldManager, force: scope.force, apiVersion: reg.apiVersion, schema: reg.schema, now: scope.now, ...(subresource ? { subresource } : {}) };
      const result = serverSideApply(current, jsonClone(applied), opts);
      if (result.conflicts.length > 0) throw applyConflictError(reg.qr, name, result.conflicts);
      const obj = result.object;
      pruneEmptyFields(reg.apiVersion, reg.ri.kind, obj);
      if (current) obj.metadata.resourceVersion = applied.metadata.resourceVersion ?? current.metadata.resourceVersion!;
      return obj;
    },
    { subresource, allowCreate: subresource === "", retry: applied.metadata.resourceVersion === undefined, skipManagedFields: true, skipFieldChecks: true },
  );
}
