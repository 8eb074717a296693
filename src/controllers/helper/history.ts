/**
 * ControllerRevisions (upstream controller/history): snapshots of a controller's pod
 * template as a patch, named `<owner>-<hash>`, numbered in order. The StatefulSet and
 * DaemonSet controllers keep their rollout history this way.
 */
import type { ControllerRevision } from "../../api/types/index.ts";
import { computeHash, jsonEqual } from "./hash.ts";
import { newControllerRef, type OwnerIdentity } from "./owner-refs.ts";

/** `<owner>-<hash of the data and collision count>`. */
export function revisionName(ownerName: string, data: unknown, collisionCount?: number): string {
  return `${ownerName}-${computeHash(data, collisionCount)}`;
}

export function newRevision(owner: OwnerIdentity, labels: Record<string, string>, data: Record<string, unknown>, revision: number, collisionCount?: number): ControllerRevision {
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: revisionName(owner.metadata.name ?? "", data, collisionCount),
      namespace: owner.metadata.namespace ?? "",
      labels: { ...labels },
      ownerReferences: [newControllerRef(owner)],
    },
    data,
    revision,
  };
}

export function maxRevisionNumber(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision), 0);
}

/** Revisions holding exactly this data (upstream FindEqualRevisions). */
export function equalRevisions(revisions: readonly ControllerRevision[], data: unknown): ControllerRevision[] {
  return revisions.filter((r) => jsonEqual(r.data, data));
}

/** Oldest first by revision number, then name. */
export function byRevisionNumber(a: ControllerRevision, b: ControllerRevision): number {
  return a.revision - b.revision || ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1);
}
