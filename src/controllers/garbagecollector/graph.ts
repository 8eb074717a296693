/**
 * The dependency graph (upstream GraphBuilder): one node per object seen by the
 * monitors (or named as an owner before it was seen: a "virtual" node), with its owner
 * references and its dependents. Informer events and virtual delete events update the
 * graph and tell the sink which nodes need an attempt to delete or to orphan.
 * Single-threaded: every event is applied synchronously, in order.
 */
import type { ObjectMeta, OwnerReference } from "../../api/meta/types.ts";
import { jsonEqual } from "../helper/hash.ts";
import { beingDeleted, deletingDependents, type Identity, identityKey, orphaningDependents, ownerIdentity, sameIdentity } from "./identity.ts";

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  owners: OwnerReference[] = [];
  /** Known only as someone's owner; its existence is to be checked. */
  virtual: boolean;
  beingDeleted = false;
  deletingDependents = false;

  constructor(
    public identity: Identity,
    virtual: boolean,
  ) {
    this.virtual = virtual;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion. */
  blockingDependents(): GraphNode[] {
    const out: GraphNode[] = [];
    for (const dep of this.dependents) {
      if (dep.owners.some((r) => r.uid === this.identity.uid && r.blockOwnerDeletion === true)) out.push(dep);
    }
    return out;
  }
}

export interface GraphSink {
  attemptToDelete(uid: string): void;
  attemptToOrphan(uid: string): void;
  /** An owner identity verified absent (skips API lookups for its other dependents). */
  absent(identity: Identity): void;
}

export type GraphEvent =
  | { type: "add" | "update"; identity: Identity; meta: ObjectMeta; oldMeta?: ObjectMeta }
  | { type: "delete"; identity: Identity }
  | { type: "virtualDelete"; identity: Identity };

export class Graph {
  readonly nodes = new Map<string, GraphNode>();

  constructor(private readonly sink: GraphSink) {}

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  process(ev: GraphEvent): void {
    const existing = this.nodes.get(ev.identity.uid);
    if (ev.type === "add" || ev.type === "update") {
      let node = existing;
      if (node && node.virtual) this.observe(node, ev.identity);
      if (!node) {
        node = new GraphNode(ev.identity, false);
        node.owners = [...(ev.meta.ownerReferences ?? [])];
        node.beingDeleted = beingDeleted(ev.meta);
        node.deletingDependents = deletingDependents(ev.meta);
        this.nodes.set(node.identity.uid, node);
        this.addDependentToOwners(node, node.owners);
      } else {
        const next = ev.meta.ownerReferences ?? [];
        const { added, removed, changed } = referenceDiffs(node.owners, next);
        if (added.length || removed.length || changed.length) {
          this.unblockedOwners(removed, changed);
          node.owners = [...next];
          this.addDependentToOwners(node, added);
          this.removeDependentFromOwners(node, removed);
        }
        if (beingDeleted(ev.meta)) node.beingDeleted = true;
      }
      this.transitions(ev.oldMeta, ev.meta, node);
      return;
    }
    if (!existing) return;
    if (ev.type === "virtualDelete" && !sameIdentity(existing.identity, ev.identity)) {
      // A lookup under other coordinates failed: those dependents point at nothing.
      this.sink.absent(ev.identity);
      for (const dep of existing.dependents) {
        if (dep.owners.some((r) => sameIdentity(ownerIdentity(r, dep.identity.namespace), ev.identity))) this.sink.attemptToDelete(dep.identity.uid);
      }
      if (!existing.virtual) return;
    }
    this.removeNode(existing);
    if (existing.dependents.size > 0) this.sink.absent(existing.identity);
    for (const dep of existing.dependents) this.sink.attemptToDelete(dep.identity.uid);
    for (const ref of existing.owners) {
      const owner = this.nodes.get(ref.uid);
      if (owner?.deletingDependents) this.sink.attemptToDelete(owner.identity.uid);
    }
  }

  /** The first informer event for a virtual node: it exists, with these coordinates. */
  private observe(node: GraphNode, observed: Identity): void {
    if (!sameIdentity(node.identity, observed)) {
      // Dependents that named the owner differently must be re-checked.
      for (const dep of node.dependents) {
        const ref = dep.owners.find((r) => r.uid === observed.uid);
        if (ref && !sameIdentity(ownerIdentity(ref, dep.identity.namespace), { ...observed, namespace: observed.namespace || dep.identity.namespace })) this.sink.attemptToDelete(dep.identity.uid);
      }
      node.identity = observed;
    }
    node.virtual = false;
  }

  private transitions(oldMeta: ObjectMeta | undefined, meta: ObjectMeta, node: GraphNode): void {
    if (orphaningDependents(meta) && !(oldMeta && orphaningDependents(oldMeta))) {
      this.sink.attemptToOrphan(node.identity.uid);
      return;
    }
    if (deletingDependents(meta) && !(oldMeta && deletingDependents(oldMeta))) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.sink.attemptToDelete(dep.identity.uid);
      this.sink.attemptToDelete(node.identity.uid);
    }
  }

  private addDependentToOwners(node: GraphNode, refs: readonly OwnerReference[]): void {
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = new GraphNode(ownerIdentity(ref, node.identity.namespace), true);
        this.nodes.set(ref.uid, owner);
        owner.dependents.add(node);
        this.sink.attemptToDelete(ref.uid);
        continue;
      }
      owner.dependents.add(node);
    }
  }

  private removeDependentFromOwners(node: GraphNode, refs: readonly OwnerReference[]): void {
    for (const ref of refs) this.nodes.get(ref.uid)?.dependents.delete(node);
  }

  private removeNode(node: GraphNode): void {
    this.nodes.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
  }

  /** Owners waiting on their dependents that a removed or unblocked reference may free. */
  private unblockedOwners(removed: OwnerReference[], changed: { old: OwnerReference; cur: OwnerReference }[]): void {
    const check = (uid: string) => {
      const owner = this.nodes.get(uid);
      if (owner?.deletingDependents) this.sink.attemptToDelete(uid);
    };
    for (const r of removed) if (r.blockOwnerDeletion) check(r.uid);
    for (const c of changed) if (c.old.blockOwnerDeletion && !c.cur.blockOwnerDeletion) check(c.cur.uid);
  }

  /** Debug view: identity keys of every node. */
  describe(): string[] {
    return [...this.nodes.values()].map((n) => `${identityKey(n.identity)}${n.virtual ? " (virtual)" : ""}`);
  }
}

export function referenceDiffs(old: readonly OwnerReference[], cur: readonly OwnerReference[]): { added: OwnerReference[]; removed: OwnerReference[]; changed: { old: OwnerReference; cur: OwnerReference }[] } {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: { old: OwnerReference; cur: OwnerReference }[] = [];
  for (const r of cur) {
    const o = oldByUid.get(r.uid);
    if (!o) added.push(r);
    else {
      if (!jsonEqual(o, r)) changed.push({ old: o, cur: r });
      oldByUid.delete(r.uid);
    }
  }
  return { added, removed: [...oldByUid.values()], changed };
}
