/**
 * What to do with an object whose owners have been looked up (upstream
 * attemptToDeleteItem after classifyReferences). Owners are solid (exist and stay),
 * dangling (gone, or a different object by now) or waiting (being deleted in the
 * foreground, waiting for their dependents).
 */
import type { ObjectMeta, OwnerReference } from "../../api/meta/types.ts";
import { FOREGROUND_FINALIZER, hasFinalizer, ORPHAN_FINALIZER } from "./identity.ts";

export type OwnerState = "solid" | "dangling" | "waiting";

export type Propagation = "Orphan" | "Foreground" | "Background";

export type Decision =
  | { action: "keep" }
  /** Some owner is solid: drop only the references to dangling and waiting owners. */
  | { action: "removeReferences"; uids: string[] }
  /** Delete in the foreground (first unblocking own references when a dependent also waits, to avoid a cycle). */
  | { action: "delete"; policy: Propagation; unblockFirst: boolean };

export interface Classified {
  ref: OwnerReference;
  state: OwnerState;
}

export function decide(meta: ObjectMeta, owners: readonly Classified[], hasDependents: boolean, dependentDeletingDependents: boolean): Decision {
  if (owners.length === 0) return { action: "keep" };
  const solid = owners.filter((o) => o.state === "solid");
  const notSolid = owners.filter((o) => o.state !== "solid");
  const waiting = owners.filter((o) => o.state === "waiting");
  if (solid.length > 0) {
    if (notSolid.length === 0) return { action: "keep" };
    return { action: "removeReferences", uids: notSolid.map((o) => o.ref.uid) };
  }
  if (waiting.length > 0 && hasDependents) return { action: "delete", policy: "Foreground", unblockFirst: dependentDeletingDependents };
  const policy: Propagation = hasFinalizer(meta, ORPHAN_FINALIZER) ? "Orphan" : hasFinalizer(meta, FOREGROUND_FINALIZER) ? "Foreground" : "Background";
  return { action: "delete", policy, unblockFirst: false };
}

/** The owner references with every blocking one made non-blocking. */
export function unblockedReferences(refs: readonly OwnerReference[]): OwnerReference[] {
  return refs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r));
}
