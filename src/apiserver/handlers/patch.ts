/** PATCH with JSON patch, merge patch or strategic merge patch: applied to the stored object, then updated. */
import type { KubeObject } from "../../api/meta/index.ts";
import type { PatchType } from "../http/body.ts";
import { jsonTooDeep, TOO_DEEP } from "../http/nesting.ts";
import { errors } from "../http/status.ts";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from "../registry/machinery.ts";
import type { ResourceRegistry, WriteResult } from "../registry/resource-registry.ts";
import type { RequestScope } from "../registry/scope.ts";

function parsePatch(text: string, type: PatchType): unknown {
  let p: unknown;
  if (jsonTooDeep(text)) throw errors.badRequest(`error decoding patch: ${TOO_DEEP}`);
  try {
    p = JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  if (type === "json" && !Array.isArray(p)) throw errors.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  if (type !== "json" && (p === null || typeof p !== "object" || Array.isArray(p))) {
    throw errors.badRequest("json: cannot unmarshal array into Go value of type map[string]interface {}");
  }
  return p;
}

/** A merge or strategic patch that names a resourceVersion is a precondition: no retries. */
function preconditionRv(patch: unknown, type: PatchType): string | undefined {
  if (type === "json") {
    for (const op of patch as { op?: string; path?: string; value?: unknown }[]) {
      if ((op.op === "replace" || op.op === "add") && op.path === "/metadata/resourceVersion") return String(op.value);
    }
    return undefined;
  }
  const rv = (patch as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion;
  return typeof rv === "string" && rv !== "" ? rv : undefined;
}

export async function patchObject(reg: ResourceRegistry, scope: RequestScope, namespace: string, name: string, subresource: string, type: PatchType, text: string): Promise<WriteResult> {
  const patch = parsePatch(text, type);
  const rv = preconditionRv(patch, type);
  return reg.update(
    scope,
    namespace,
    name,
    (current) => {
      if (!current) throw errors.notFound(reg.qr, name);
      const storedRv = current.metadata.resourceVersion;
      let out: unknown;
      if (type === "json") out = applyJsonPatch(current, patch);
      else if (type === "merge") out = applyMergePatch(current, patch);
      else out = applyStrategicMergePatch(current, patch, reg.schema);
      if (out === null || typeof out !== "object" || Array.isArray(out)) throw errors.badRequest("the patch produced something that is not an object");
      const obj = out as KubeObject;
      obj.metadata ??= {};
      // the object read is the base; only an explicit precondition may differ
      if (rv === undefined) obj.metadata.resourceVersion = storedRv!;
      return obj;
    },
    { subresource, allowCreate: false, retry: rv === undefined },
  );
}
