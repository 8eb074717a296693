/**
 * CustomResourceDefinitions (upstream apiextensions registry): created with the storage
 * version in status.storedVersions, a storage version that changes is added there, the
 * generation follows spec changes, and a delete adds the customresourcecleanup finalizer
 * with a Terminating condition, so the CRD stays until its objects are gone.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import { genericStrategy, type Strategy } from "../strategy.ts";
import { setCondition } from "../conditions.ts";

export const CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

function storageVersionOf(obj: KubeObject): string | undefined {
  const versions = ((obj["spec"] ?? {}) as { versions?: { name?: string; storage?: boolean }[] }).versions ?? [];
  return versions.find((v) => v.storage)?.name;
}

export function customResourceDefinitionStrategy(ri: ResourceInfo): Strategy {
  const base = genericStrategy(ri);
  return {
    ...base,
    tracksGeneration: true,
    prepareForCreate(obj) {
      const storage = storageVersionOf(obj);
      obj["status"] = { storedVersions: storage ? [storage] : [] };
    },
    prepareForUpdate(obj, old) {
      base.prepareForUpdate(obj, old);
      const storage = storageVersionOf(obj);
      const status = { ...((obj["status"] ?? {}) as Record<string, unknown>) };
      const stored = ((status["storedVersions"] as string[] | undefined) ?? []).slice();
      if (storage && !stored.includes(storage)) {
        stored.push(storage);
        status["storedVersions"] = stored;
        obj["status"] = status;
      }
    },
    beginDeletion(obj) {
      const fins = obj.metadata.finalizers ?? [];
      if (!fins.includes(CLEANUP_FINALIZER)) obj.metadata.finalizers = [...fins, CLEANUP_FINALIZER];
      const status = { ...((obj["status"] ?? {}) as Record<string, unknown>) };
      setCondition(status, { type: "Terminating", status: "True", reason: "InstanceDeletionPending", message: "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon" }, new Date());
      obj["status"] = status;
      return true;
    },
  };
}

/** Custom resources: the generic strategy (status owned by /status when the CRD has it), with a generation. */
export function customResourceStrategy(ri: ResourceInfo): Strategy {
  return { ...genericStrategy(ri), tracksGeneration: true };
}
