import { describe, expect, test } from "bun:test";
import { Cache } from "../../../../src/scheduler/cache/cache.ts";
import { NodeTree } from "../../../../src/scheduler/cache/node-tree.ts";
import { Snapshot } from "../../../../src/scheduler/cache/snapshot.ts";
import { PodInfo } from "../../../../src/scheduler/framework/pod-info.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";

const on = (name: string, node: string, o: Parameters<typeof makePod>[1] = {}) => makePod(name, { ...o, nodeName: node });

describe("Cache assumed pods", () => {
  test("assume, then confirm by the watch event", () => {
    const c = new Cache();
    c.addNode(makeNode("n1", { cpu: "2" }));
    const p = on("p", "n1", { cpu: "1" });
    c.assumePod(p);
    expect(c.isAssumedPod(p)).toBe(true);
    c.finishBinding(p);
    c.addPod(p);
    expect(c.isAssumedPod(p)).toBe(false);
    const s = new Snapshot();
    c.updateSnapshot(s);
    expect(s.get("n1")!.requested.milliCPU).toBe(1000);
    expect(s.get("n1")!.pods.length).toBe(1);
  });
  test("forget releases the node's resources", () => {
    const c = new Cache();
    c.addNode(makeNode("n1"));
    const p = on("p", "n1", { cpu: "1" });
    c.assumePod(p);
    c.forgetPod(p);
    const s = new Snapshot();
    c.updateSnapshot(s);
    expect(s.get("n1")!.requested.milliCPU).toBe(0);
    expect(c.podCount()).toBe(0);
  });
  test("assuming a pod twice throws", () => {
    const c = new Cache();
    c.addNode(makeNode("n1"));
    c.assumePod(on("p", "n1"));
    expect(() => c.assumePod(on("p", "n1"))).toThrow(/can't be assumed/);
  });
  test("confirmation on another node moves the pod", () => {
    const c = new Cache();
    c.addNode(makeNode("n1"));
    c.addNode(makeNode("n2"));
    c.assumePod(on("p", "n1", { cpu: "1" }));
    c.addPod(on("p", "n2", { cpu: "1" }));
    const s = new Snapshot();
    c.updateSnapshot(s);
    expect([s.get("n1")!.requested.milliCPU, s.get("n2")!.requested.milliCPU]).toEqual([0, 1000]);
  });
  test("with a TTL, assumed pods whose binding finished expire", () => {
    let now = 0;
    const c = new Cache(1000, () => now);
    c.addNode(makeNode("n1"));
    const p = on("p", "n1");
    c.assumePod(p);
    now = 5000;
    expect(c.cleanupAssumedPods()).toEqual([]); // binding not finished yet
    c.finishBinding(p);
    now = 5500;
    expect(c.cleanupAssumedPods()).toEqual([]);
    now = 6500;
    expect(c.cleanupAssumedPods().map((x) => x.metadata.name)).toEqual(["p"]);
    expect(c.isAssumedPod(p)).toBe(false);
  });
});

describe("Cache snapshots", () => {
  test("incremental: only nodes changed since the snapshot's generation are copied", () => {
    const c = new Cache();
    for (const n of ["n1", "n2", "n3"]) c.addNode(makeNode(n));
    const s = new Snapshot();
    c.updateSnapshot(s);
    const n1 = s.get("n1")!;
    const n2 = s.get("n2")!;
    const gen2 = n2.generation;
    c.addPod(on("p", "n1", { cpu: "1" }));
    c.updateSnapshot(s);
    expect(s.get("n1")).toBe(n1); // identity kept
    expect(n1.requested.milliCPU).toBe(1000);
    expect(s.get("n2")!.generation).toBe(gen2);
    expect(s.list().length).toBe(3);
  });
  test("the snapshot is isolated from later cache changes until updated", () => {
    const c = new Cache();
    c.addNode(makeNode("n1"));
    const s = new Snapshot();
    c.updateSnapshot(s);
    c.addPod(on("p", "n1", { cpu: "1" }));
    expect(s.get("n1")!.pods.length).toBe(0);
    c.updateSnapshot(s);
    expect(s.get("n1")!.pods.length).toBe(1);
  });
  test("removed nodes leave the snapshot; affinity lists follow pods", () => {
    const c = new Cache();
    c.addNode(makeNode("n1"));
    c.addNode(makeNode("n2"));
    const s = new Snapshot();
    c.updateSnapshot(s);
    const withAnti = on("a", "n2", { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "zone", labelSelector: {} }] } } });
    c.addPod(withAnti);
    c.updateSnapshot(s);
    expect(s.havePodsWithAffinityList().map((n) => n.name)).toEqual(["n2"]);
    expect(s.havePodsWithRequiredAntiAffinityList().map((n) => n.name)).toEqual(["n2"]);
    c.removeNode(makeNode("n1"));
    c.updateSnapshot(s);
    expect(s.list().map((n) => n.name)).toEqual(["n2"]);
    expect(s.get("n1")).toBeUndefined();
    c.removePod(withAnti);
    c.updateSnapshot(s);
    expect(s.havePodsWithAffinityList()).toEqual([]);
  });
  test("a node removed while pods remain keeps them until they go; re-adding restores it", () => {
    const c = new Cache();
    c.addNode(makeNode("n1"));
    const p = on("p", "n1", { cpu: "1" });
    c.addPod(p);
    c.removeNode(makeNode("n1"));
    const s = new Snapshot();
    c.updateSnapshot(s);
    expect(s.numNodes()).toBe(0);
    c.addNode(makeNode("n1"));
    c.updateSnapshot(s);
    expect(s.get("n1")!.requested.milliCPU).toBe(1000);
  });
  test("image states count nodes having each image", () => {
    const c = new Cache();
    c.addNode(makeNode("n1", { images: [{ names: ["a:1"], sizeBytes: 10 }] }));
    c.addNode(makeNode("n2", { images: [{ names: ["a:1"], sizeBytes: 10 }] }));
    const s = new Snapshot();
    c.updateSnapshot(s);
    expect(s.get("n1")!.imageStates.get("a:1")!.nodes.size).toBe(2);
    c.removeNode(makeNode("n2", { images: [{ names: ["a:1"], sizeBytes: 10 }] }));
    expect(s.get("n1")!.imageStates.get("a:1")!.nodes.size).toBe(1);
  });
});

describe("NodeTree", () => {
  test("interleaves zones", () => {
    const t = new NodeTree();
    const z = (n: string, zone: string) => makeNode(n, { labels: { "topology.kubernetes.io/zone": zone } });
    for (const [n, zone] of [["a1", "a"], ["a2", "a"], ["a3", "a"], ["b1", "b"], ["c1", "c"], ["c2", "c"]]) t.add(z(n!, zone!));
    expect(t.list()).toEqual(["a1", "b1", "c1", "a2", "c2", "a3"]);
    t.remove(z("b1", "b"));
    expect(t.list()).toEqual(["a1", "c1", "a2", "c2", "a3"]);
    expect(t.numNodes).toBe(5);
  });
});

describe("NodeInfo memo", () => {
  test("memoized values are recomputed after the node changes", () => {
    const ni = nodeInfo(makeNode("n1"), [makePod("a")]);
    let computed = 0;
    const count = () => ni.memoized("k", () => (computed++, ni.pods.length));
    expect([count(), count(), computed]).toEqual([1, 1, 1]);
    ni.addPodInfo(new PodInfo(makePod("b", { nodeName: "n1" })));
    expect([count(), computed]).toEqual([2, 2]);
    const copy = ni.clone();
    expect(copy.memo).toBeNull();
  });
});
