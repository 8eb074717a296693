/**
 * Namespace deletion conditions (upstream namespace/deletion/status_condition_utils):
 * five condition types, each True with a failure reason while something is wrong and
 * False with its "ok" reason and message otherwise.
 */
import type { NamespaceCondition } from "../../api/types/index.ts";
import { rfc3339 } from "../helper/conditions.ts";

export const CONDITION_TYPES = [
  "NamespaceDeletionDiscoveryFailure",
  "NamespaceDeletionGroupVersionParsingFailure",
  "NamespaceDeletionContentFailure",
  "NamespaceContentRemaining",
  "NamespaceFinalizersRemaining",
] as const;
type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<ConditionType, [reason: string, message: string]> = {
  NamespaceDeletionDiscoveryFailure: ["ResourcesDiscovered", "All resources successfully discovered"],
  NamespaceDeletionGroupVersionParsingFailure: ["ParsedGroupVersions", "All legacy kube types successfully parsed"],
  NamespaceDeletionContentFailure: ["ContentDeleted", "All content successfully deleted, may be waiting on finalization"],
  NamespaceContentRemaining: ["ContentRemoved", "All content successfully removed"],
  NamespaceFinalizersRemaining: ["ContentHasNoFinalizers", "All content-preserving finalizers finished"],
};

export interface DeletionTotals {
  /** "resource.group" -> instances still present. */
  remaining: Map<string, number>;
  /** finalizer -> instances still carrying it. */
  finalizers: Map<string, number>;
  /** Errors deleting some resource types. */
  errors: string[];
  discoveryError?: string;
}

/** The failing conditions these totals call for. */
export function failureConditions(t: DeletionTotals, now: number): NamespaceCondition[] {
  const at = rfc3339(now);
  const out: NamespaceCondition[] = [];
  if (t.discoveryError) out.push({ type: "NamespaceDeletionDiscoveryFailure", status: "True", lastTransitionTime: at, reason: "DiscoveryFailed", message: `Discovery failed for some groups, 1 failing: ${t.discoveryError}` });
  if (t.errors.length > 0) {
    out.push({ type: "NamespaceDeletionContentFailure", status: "True", lastTransitionTime: at, reason: "ContentDeletionFailed", message: `Failed to delete all resource types, ${t.errors.length} remaining: ${aggregate(t.errors)}` });
  }
  const remaining = [...t.remaining].filter(([, n]) => n > 0).map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
  if (remaining.length > 0) out.push({ type: "NamespaceContentRemaining", status: "True", lastTransitionTime: at, reason: "SomeResourcesRemain", message: `Some resources are remaining: ${remaining.join(", ")}` });
  const finalizers = [...t.finalizers].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
  if (finalizers.length > 0) {
    out.push({ type: "NamespaceFinalizersRemaining", status: "True", lastTransitionTime: at, reason: "SomeFinalizersRemain", message: `Some content in the namespace has finalizers remaining: ${finalizers.join(", ")}` });
  }
  return out;
}

/** utilerrors.Aggregate formatting: one error as is, several as "[a, b]". */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(", ")}]`;
}

/**
 * The namespace's conditions after this round: every deletion condition present (failing
 * or ok), an unchanged one keeping its old entry, other condition types kept as they are.
 * changed tells whether anything differs.
 */
export function updatedConditions(current: readonly NamespaceCondition[] | undefined, failures: readonly NamespaceCondition[], now: number): { conditions: NamespaceCondition[]; changed: boolean } {
  const at = rfc3339(now);
  const cur = current ?? [];
  const next: NamespaceCondition[] = cur.filter((c) => !(CONDITION_TYPES as readonly string[]).includes(c.type));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const want = failures.find((c) => c.type === type) ?? { type, status: "False", lastTransitionTime: at, reason: OK[type][0], message: OK[type][1] };
    const old = cur.find((c) => c.type === type);
    if (old && old.status === want.status && old.reason === want.reason && old.message === want.message) next.push(old);
    else {
      next.push(want);
      changed = true;
    }
  }
  return { conditions: next, changed };
}
