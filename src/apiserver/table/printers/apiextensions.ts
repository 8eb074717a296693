/**
 * Printer for apiextensions.k8s.io CustomResourceDefinitions. Upstream (v1.34) serves them
 * with the default table convertor (rest.NewDefaultTableConvertor): NAME and CREATED AT,
 * the creation time in RFC 3339, UTC, seconds.
 */
import type { CustomResourceDefinition } from "../../../api/types/apiextensions/custom-resource-definition.ts";
import { col, NAME_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

/** metav1.Time formatted with time.RFC3339 in UTC; the zero time when unset. */
function createdAt(ts: string | undefined): string {
  if (!ts) return "0001-01-01T00:00:00Z";
  const t = Date.parse(ts);
  return Number.isNaN(t) ? ts : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const customResourceDefinitionPrinter = printer<CustomResourceDefinition>(
  [NAME_COLUMN, col("Created At", "date", "Time the object was created.")],
  (crd) => [crd.metadata.name ?? "", createdAt(crd.metadata.creationTimestamp)],
);
