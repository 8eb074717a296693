import type { Obj } from "./util.ts";

/**
 * storage.k8s.io/v1 defaults (SetDefaults_StorageClass): reclaimPolicy Delete and
 * volumeBindingMode Immediate when unset. Only a missing (nil) value is defaulted: an empty
 * string is kept, as upstream keeps a pointer to "", for validation to judge.
 */
export function defaultStorageClass(sc: Obj): void {
  if (sc["reclaimPolicy"] === undefined || sc["reclaimPolicy"] === null) sc["reclaimPolicy"] = "Delete";
  if (sc["volumeBindingMode"] === undefined || sc["volumeBindingMode"] === null) sc["volumeBindingMode"] = "Immediate";
}
