/**
 * Namespaces: created Active with the "kubernetes" finalizer; deletion marks them
 * Terminating, the namespace controller empties them and clears spec.finalizers through
 * /finalize, and the update that leaves no finalizers deletes them.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import { errors } from "../../http/status.ts";
import { genericStrategy, type Strategy } from "../strategy.ts";

interface NamespaceSpec {
  finalizers?: string[];
}

function specFinalizers(obj: KubeObject): string[] {
  return ((obj["spec"] ?? {}) as NamespaceSpec).finalizers ?? [];
}

export function namespaceStrategy(ri: ResourceInfo): Strategy {
  const base = genericStrategy(ri);
  return {
    ...base,
    prepareForCreate(obj) {
      obj["status"] = { phase: "Active" };
      const spec = (obj["spec"] ??= {}) as NamespaceSpec;
      const fins = new Set(spec.finalizers ?? []);
      fins.add("kubernetes");
      spec.finalizers = [...fins];
    },
    prepareForUpdate(obj, old) {
      base.prepareForUpdate(obj, old);
      // spec.finalizers changes only through /finalize
      obj["spec"] = { ...((obj["spec"] ?? {}) as object), finalizers: specFinalizers(old) };
      if (specFinalizers(old).length === 0) delete (obj["spec"] as Record<string, unknown>)["finalizers"];
    },
    beginDeletion(obj) {
      obj["status"] = { ...((obj["status"] ?? {}) as object), phase: "Terminating" };
      return specFinalizers(obj).length > 0;
    },
    deletionComplete(obj) {
      return specFinalizers(obj).length === 0;
    },
    repeatedDelete(obj) {
      if (specFinalizers(obj).length > 0) {
        throw errors.conflict(
          { group: "", resource: "namespaces" },
          obj.metadata.name ?? "",
          "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.",
        );
      }
    },
  };
}
