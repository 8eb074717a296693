/**
 * NamespaceLifecycle (upstream plugin): no new objects in a namespace that does not exist
 * (404) or is being deleted (403); the system namespaces cannot be deleted.
 */
import { errors } from "../../http/status.ts";
import type { AdmissionAttributes, AdmissionLookup, ValidatingPlugin } from "../types.ts";

export const IMMORTAL_NAMESPACES = ["default", "kube-system", "kube-public"] as const;

const NAMESPACES = { group: "", resource: "namespaces" };

export const namespaceLifecycle: ValidatingPlugin = {
  name: "NamespaceLifecycle",
  operations: ["CREATE", "DELETE"],
  async validate(a: AdmissionAttributes, lookup: AdmissionLookup): Promise<void> {
    if (a.operation === "DELETE") {
      if (a.resource.group === "" && a.resource.plural === "namespaces" && a.subresource === "" && (IMMORTAL_NAMESPACES as readonly string[]).includes(a.name)) {
        throw errors.forbidden(NAMESPACES, a.name, "this namespace may not be deleted");
      }
      return;
    }
    if (!a.resource.namespaced || a.namespace === "") return;
    // Reviews and other virtual kinds are not persisted; bindings and evictions act on existing pods.
    if (a.resource.group === "authorization.k8s.io") return;
    if (a.subresource !== "") return;
    // A cache miss is checked against the store, as upstream's live lookup: the namespace may
    // be newer than the cache (just created here, or by another apiserver over etcd).
    const ns = lookup.get("", "namespaces", "", a.namespace) ?? (await lookup.getLive("", "namespaces", "", a.namespace));
    if (!ns) throw errors.notFound(NAMESPACES, a.namespace);
    if (ns.metadata.deletionTimestamp || (ns["status"] as { phase?: string } | undefined)?.phase === "Terminating") {
      const message = `unable to create new content in namespace ${a.namespace} because it is being terminated`;
      throw errors.forbidden({ group: a.resource.group, resource: a.resource.plural }, a.name, message, [
        { reason: "NamespaceTerminating", message, field: "metadata.namespace" },
      ]);
    }
  },
};
