import type { StatusCause } from "../meta/types.ts";

/** One field another manager owns with a different value than the applier wants. */
export interface ApplyConflict {
  /** The other manager's name. */
  manager: string;
  /** The field path as upstream prints it, e.g. ".spec.replicas". */
  field: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  subresource?: string;
  /** printManager: `"kubectl"` or `"kubectl" using apps/v1`. */
  display: string;
  /** Manager identity, used to group conflicts. */
  id: string;
  /** The path as FieldsV1 elements. */
  path: readonly string[];
}

/** The 409 message: "Apply failed with 1 conflict: conflict with "x" using apps/v1: .spec.replicas". */
export function applyConflictMessage(conflicts: readonly ApplyConflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0] as ApplyConflict;
    return `Apply failed with 1 conflict: conflict with ${c.display}: ${c.field}`;
  }
  const byManager = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) byManager.set(c.id, [...(byManager.get(c.id) ?? []), c]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const list = byManager.get(id) as ApplyConflict[];
    lines.push(`conflicts with ${(list[0] as ApplyConflict).display}:`);
    for (const c of list) lines.push(`- ${c.field}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
}

/** Status causes of the 409: reason FieldManagerConflict, "conflict with ...", the field. */
export function applyConflictCauses(conflicts: readonly ApplyConflict[]): StatusCause[] {
  return conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${c.display}`, field: c.field }));
}
