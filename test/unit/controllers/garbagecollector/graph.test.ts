import { describe, expect, test } from "bun:test";
import type { ObjectMeta, OwnerReference } from "../../../../src/api/meta/types.ts";
import { decide } from "../../../../src/controllers/garbagecollector/decide.ts";
import { Graph } from "../../../../src/controllers/garbagecollector/graph.ts";
import type { Identity } from "../../../../src/controllers/garbagecollector/identity.ts";

function recorder() {
  const log: string[] = [];
  const graph = new Graph({ attemptToDelete: (u) => log.push(`delete ${u}`), attemptToOrphan: (u) => log.push(`orphan ${u}`), absent: (id) => log.push(`absent ${id.uid}`) });
  return { graph, log };
}
const id = (kind: string, name: string, uid = name, apiVersion = kind === "Pod" ? "v1" : "apps/v1"): Identity => ({ apiVersion, kind, namespace: "ns", name, uid });
const ref = (kind: string, name: string, block = true): OwnerReference => ({ apiVersion: "apps/v1", kind, name, uid: name, controller: true, blockOwnerDeletion: block });
const meta = (o: Partial<ObjectMeta> = {}): ObjectMeta => ({ namespace: "ns", ...o });

describe("graph", () => {
  test("an unknown owner becomes a virtual node to check, and is observed later", () => {
    const { graph, log } = recorder();
    graph.process({ type: "add", identity: id("Pod", "p1"), meta: meta({ ownerReferences: [ref("ReplicaSet", "rs1")] }) });
    expect(log).toEqual(["delete rs1"]);
    expect(graph.get("rs1")?.virtual).toBe(true);
    expect([...graph.get("rs1")!.dependents].map((d) => d.identity.name)).toEqual(["p1"]);
    graph.process({ type: "add", identity: id("ReplicaSet", "rs1"), meta: meta() });
    expect(graph.get("rs1")?.virtual).toBe(false);
  });

  test("deleting an owner asks to delete its dependents", () => {
    const { graph, log } = recorder();
    graph.process({ type: "add", identity: id("ReplicaSet", "rs1"), meta: meta() });
    graph.process({ type: "add", identity: id("Pod", "p1"), meta: meta({ ownerReferences: [ref("ReplicaSet", "rs1")] }) });
    graph.process({ type: "add", identity: id("Pod", "p2"), meta: meta({ ownerReferences: [ref("ReplicaSet", "rs1")] }) });
    graph.process({ type: "delete", identity: id("ReplicaSet", "rs1") });
    expect(log).toEqual(["absent rs1", "delete p1", "delete p2"]);
    expect(graph.get("rs1")).toBeUndefined();
  });

  test("foreground deletion: dependents and the owner are queued; the owner is re-queued as dependents go", () => {
    const { graph, log } = recorder();
    graph.process({ type: "add", identity: id("ReplicaSet", "rs1"), meta: meta() });
    graph.process({ type: "add", identity: id("Pod", "p1"), meta: meta({ ownerReferences: [ref("ReplicaSet", "rs1")] }) });
    graph.process({ type: "add", identity: id("Pod", "p2"), meta: meta({ ownerReferences: [ref("ReplicaSet", "rs1", false)] }) });
    const deleting = meta({ deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: ["foregroundDeletion"] });
    graph.process({ type: "update", identity: id("ReplicaSet", "rs1"), meta: deleting, oldMeta: meta() });
    expect(log).toEqual(["delete p1", "delete p2", "delete rs1"]);
    const rs = graph.get("rs1")!;
    expect(rs.deletingDependents).toBe(true);
    expect(rs.blockingDependents().map((d) => d.identity.name)).toEqual(["p1"]);
    log.length = 0;
    graph.process({ type: "update", identity: id("ReplicaSet", "rs1"), meta: deleting, oldMeta: deleting });
    expect(log).toEqual([]);
    graph.process({ type: "delete", identity: id("Pod", "p1") });
    expect(log).toEqual(["delete rs1"]);
    expect(rs.blockingDependents()).toEqual([]);
  });

  test("orphan deletion queues the owner for orphaning once", () => {
    const { graph, log } = recorder();
    const orphaning = meta({ deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: ["orphan"] });
    graph.process({ type: "add", identity: id("ReplicaSet", "rs1"), meta: meta() });
    graph.process({ type: "update", identity: id("ReplicaSet", "rs1"), meta: orphaning, oldMeta: meta() });
    graph.process({ type: "update", identity: id("ReplicaSet", "rs1"), meta: orphaning, oldMeta: orphaning });
    expect(log).toEqual(["orphan rs1"]);
  });

  test("dropping a blocking reference frees an owner waiting on its dependents", () => {
    const { graph, log } = recorder();
    graph.process({ type: "add", identity: id("ReplicaSet", "rs1"), meta: meta({ deletionTimestamp: "x", finalizers: ["foregroundDeletion"] }) });
    graph.process({ type: "add", identity: id("Pod", "p1"), meta: meta({ ownerReferences: [ref("ReplicaSet", "rs1")] }) });
    log.length = 0;
    graph.process({ type: "update", identity: id("Pod", "p1"), meta: meta({ ownerReferences: [ref("ReplicaSet", "rs1", false)] }), oldMeta: meta({ ownerReferences: [ref("ReplicaSet", "rs1")] }) });
    expect(log).toEqual(["delete rs1"]);
    log.length = 0;
    graph.process({ type: "update", identity: id("Pod", "p1"), meta: meta(), oldMeta: meta({ ownerReferences: [ref("ReplicaSet", "rs1", false)] }) });
    expect(log).toEqual([]);
    expect(graph.get("rs1")!.dependents.size).toBe(0);
  });

  test("a virtual delete removes a virtual owner and queues its dependents", () => {
    const { graph, log } = recorder();
    graph.process({ type: "add", identity: id("Pod", "p1"), meta: meta({ ownerReferences: [ref("ReplicaSet", "gone")] }) });
    log.length = 0;
    graph.process({ type: "virtualDelete", identity: id("ReplicaSet", "gone") });
    expect(graph.get("gone")).toBeUndefined();
    expect(log).toEqual(["absent gone", "delete p1"]);
  });
});

describe("decide", () => {
  const r = (uid: string) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", name: uid, uid });
  const cases: { name: string; meta?: ObjectMeta; owners: [string, "solid" | "dangling" | "waiting"][]; deps?: boolean; depWaiting?: boolean; want: unknown }[] = [
    { name: "no owners: keep", owners: [], want: { action: "keep" } },
    { name: "a solid owner: keep", owners: [["a", "solid"]], want: { action: "keep" } },
    { name: "solid and dangling: drop the dangling ref", owners: [["a", "solid"], ["b", "dangling"], ["c", "waiting"]], want: { action: "removeReferences", uids: ["b", "c"] } },
    { name: "all dangling: background delete", owners: [["a", "dangling"]], want: { action: "delete", policy: "Background", unblockFirst: false } },
    { name: "waiting owner, no dependents: background delete", owners: [["a", "waiting"]], want: { action: "delete", policy: "Background", unblockFirst: false } },
    { name: "waiting owner with dependents: foreground delete", owners: [["a", "waiting"]], deps: true, want: { action: "delete", policy: "Foreground", unblockFirst: false } },
    { name: "a dependent also waits: unblock first", owners: [["a", "waiting"]], deps: true, depWaiting: true, want: { action: "delete", policy: "Foreground", unblockFirst: true } },
    { name: "orphan finalizer is honoured", meta: { finalizers: ["orphan"] }, owners: [["a", "dangling"]], want: { action: "delete", policy: "Orphan", unblockFirst: false } },
    { name: "foreground finalizer is honoured", meta: { finalizers: ["foregroundDeletion"] }, owners: [["a", "dangling"]], want: { action: "delete", policy: "Foreground", unblockFirst: false } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      expect(decide(c.meta ?? {}, c.owners.map(([u, state]) => ({ ref: r(u), state })), c.deps ?? false, c.depWaiting ?? false)).toEqual(c.want as never);
    });
  }
});
