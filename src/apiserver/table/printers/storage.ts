/** Printers for storage.k8s.io kinds (upstream printStorageClass). */
import type { StorageClass } from "../../../api/types/storage/storage-class.ts";
import { since } from "../duration.ts";
import { AGE_COLUMN, col, NAME_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

const IS_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
const BETA_IS_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";

/** storageutil.IsDefaultAnnotation: the GA or the beta annotation is exactly "true". */
export function isDefaultStorageClass(sc: Pick<StorageClass, "metadata">): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a[IS_DEFAULT_CLASS] === "true" || a[BETA_IS_DEFAULT_CLASS] === "true";
}

export const storageClassPrinter = printer<StorageClass>(
  [
    NAME_COLUMN,
    col("Provisioner", "string", "The provisioner that creates volumes of the class."),
    col("ReclaimPolicy", "string", "The reclaim policy of volumes provisioned for the class."),
    col("VolumeBindingMode", "string", "When claims of the class are provisioned and bound."),
    col("AllowVolumeExpansion", "string", "Whether volumes of the class may be expanded."),
    AGE_COLUMN,
  ],
  (sc, now) => [
    `${sc.metadata.name ?? ""}${isDefaultStorageClass(sc) ? " (default)" : ""}`,
    sc.provisioner ?? "",
    sc.reclaimPolicy ?? "Delete",
    sc.volumeBindingMode ?? "Immediate",
    // a boolean cell, as upstream's
    sc.allowVolumeExpansion ?? false,
    since(sc.metadata.creationTimestamp, now),
  ],
);
