/** pods/binding: the scheduler's bind (pods/eviction: eviction.ts). */
import { errors } from "../http/status.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import type { RequestScope } from "../registry/scope.ts";

interface Binding {
  metadata?: { name?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  target?: { kind?: string; name?: string };
}

/** Sets spec.nodeName once (409 when already bound), as upstream's BindingREST. */
export async function bindPod(reg: ResourceRegistry, scope: RequestScope, namespace: string, name: string, body: Binding): Promise<void> {
  if (body.metadata?.name && body.metadata.name !== name) throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
  const node = body.target?.name ?? "";
  if (body.target?.kind && body.target.kind !== "Node") {
    throw errors.invalid("", "Binding", name, `Binding "${name}" is invalid: target.kind: Unsupported value: "${body.target.kind}": supported values: "Node"`, [
      { reason: "FieldValueNotSupported", message: `Unsupported value: "${body.target.kind}": supported values: "Node"`, field: "target.kind" },
    ]);
  }
  if (!node) {
    throw errors.invalid("", "Binding", name, `Binding "${name}" is invalid: target.name: Required value`, [{ reason: "FieldValueRequired", message: "Required value", field: "target.name" }]);
  }
  const bindingQr = { group: "", resource: "pods/binding" };
  await reg.update(
    scope,
    namespace,
    name,
    (current) => {
      if (!current) throw errors.notFound(reg.qr, name);
      const spec = (current["spec"] ??= {}) as { nodeName?: string };
      if (current.metadata.deletionTimestamp) throw errors.conflict(bindingQr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (spec.nodeName) throw errors.conflict(bindingQr, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
      spec.nodeName = node;
      const anns = body.metadata?.annotations;
      if (anns) current.metadata.annotations = { ...(current.metadata.annotations ?? {}), ...anns };
      const status = (current["status"] ??= {}) as { conditions?: { type: string; status: string; lastProbeTime?: null; lastTransitionTime?: string }[] };
      const conds = (status.conditions ??= []).filter((c) => c.type !== "PodScheduled");
      conds.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: scope.now.toISOString().replace(/\.\d{3}Z$/, "Z") });
      status.conditions = conds;
      return current;
    },
    // As upstream's BindingREST, a storage-level read-modify-write: no field manager entry
    // for the binding (managedFields stay as they were).
    { subresource: "binding", allowCreate: false, retry: true, skipFieldChecks: true, internal: true, skipManagedFields: true },
  );
}
