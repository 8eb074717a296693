import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../src/api/meta/index.ts";
import { DeletedFinalStateUnknown, metaNamespaceKey, splitMetaNamespaceKey } from "../../../src/client/cache/keys.ts";
import { Lister } from "../../../src/client/cache/lister.ts";
import { IndexedStore, NAMESPACE_INDEX, newIndexer } from "../../../src/client/cache/store.ts";

type Pod = KubeObject & { spec?: { nodeName?: string } };
const pod = (ns: string, name: string, node?: string, labels: Record<string, string> = {}, rv = "1"): Pod => ({
  metadata: { namespace: ns, name, labels, resourceVersion: rv },
  spec: node ? { nodeName: node } : {},
});
const byNode = (p: Pod) => (p.spec?.nodeName ? [p.spec.nodeName] : []);

describe("keys", () => {
  const cases: [Pick<KubeObject, "metadata">, string][] = [
    [{ metadata: { namespace: "a", name: "x" } }, "a/x"],
    [{ metadata: { name: "node-1" } }, "node-1"],
    [{ metadata: { namespace: "", name: "y" } }, "y"],
  ];
  for (const [obj, key] of cases) {
    test(`key of ${JSON.stringify(obj.metadata)} is ${key}`, () => {
      expect(metaNamespaceKey(obj)).toBe(key);
      const { namespace, name } = splitMetaNamespaceKey(key);
      expect(name).toBe(obj.metadata.name as string);
      expect(namespace).toBe(obj.metadata.namespace ?? "");
    });
  }
  test("bad keys and objects", () => {
    expect(() => splitMetaNamespaceKey("a/b/c")).toThrow();
    expect(() => metaNamespaceKey({ metadata: {} })).toThrow();
  });
});

describe("IndexedStore", () => {
  test("indices follow add, update and delete", () => {
    const s = newIndexer<Pod>({ byNode });
    s.add(pod("a", "p1", "n1"));
    s.add(pod("a", "p2", "n1"));
    s.add(pod("b", "p3", "n2"));
    const names = (xs: Pod[]) => xs.map((p) => p.metadata.name).sort();
    const check = (table: [string, string, string[]][]) => {
      for (const [index, value, want] of table) expect([index, value, names(s.byIndex(index, value))]).toEqual([index, value, want]);
    };
    check([
      [NAMESPACE_INDEX, "a", ["p1", "p2"]],
      [NAMESPACE_INDEX, "b", ["p3"]],
      ["byNode", "n1", ["p1", "p2"]],
      ["byNode", "n2", ["p3"]],
    ]);
    s.update(pod("a", "p2", "n2", {}, "2")); // moves node
    check([
      ["byNode", "n1", ["p1"]],
      ["byNode", "n2", ["p2", "p3"]],
    ]);
    s.delete(pod("a", "p1"));
    check([
      ["byNode", "n1", []],
      [NAMESPACE_INDEX, "a", ["p2"]],
    ]);
    expect(s.listIndexFuncValues("byNode").sort()).toEqual(["n2"]);
    expect(s.indexKeys("byNode", "n2").sort()).toEqual(["a/p2", "b/p3"]);
    expect(names(s.index("byNode", pod("z", "q", "n2")))).toEqual(["p2", "p3"]);
    expect(() => s.byIndex("nope", "x")).toThrow(/does not exist/);
  });

  test("delete accepts tombstones; replace rebuilds indices; size and keys", () => {
    const s = newIndexer<Pod>({ byNode });
    s.add(pod("a", "p1", "n1"));
    s.delete(new DeletedFinalStateUnknown("a/p1", pod("a", "p1", "n1")));
    expect(s.size).toBe(0);
    s.add(pod("a", "old", "n9"));
    s.replace([pod("a", "x", "n1"), pod("c", "y")], "10");
    expect(s.listKeys().sort()).toEqual(["a/x", "c/y"]);
    expect(s.byIndex("byNode", "n9")).toEqual([]);
    expect(s.byIndex(NAMESPACE_INDEX, "c").map((p) => p.metadata.name)).toEqual(["y"]);
    expect(s.getByKey("a/x")?.metadata.name).toBe("x");
    expect(s.get(pod("c", "y"))?.metadata.name).toBe("y");
  });

  test("indexers added later index existing objects; duplicates are refused", () => {
    const s = new IndexedStore<Pod>();
    s.add(pod("a", "p1", "n1"));
    s.addIndexers({ byNode });
    expect(s.byIndex("byNode", "n1").length).toBe(1);
    expect(() => s.addIndexers({ byNode })).toThrow(/conflict/);
  });
});

describe("Lister", () => {
  const s = newIndexer<Pod>();
  s.add(pod("a", "web-1", undefined, { app: "web", tier: "fe" }));
  s.add(pod("a", "db-1", undefined, { app: "db" }));
  s.add(pod("b", "web-2", undefined, { app: "web" }));
  s.add({ metadata: { name: "cluster-thing", labels: { app: "web" } } });
  const l = new Lister<Pod>(s);
  const names = (xs: Pod[]) => xs.map((p) => p.metadata.name).sort();

  const table: [string, Parameters<typeof l.list>[0], string[]][] = [
    ["no selector", undefined, ["cluster-thing", "db-1", "web-1", "web-2"]],
    ["string", "app=web", ["cluster-thing", "web-1", "web-2"]],
    ["set", { app: "web", tier: "fe" }, ["web-1"]],
    ["LabelSelector", { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] }, ["db-1"]],
    ["exists", "tier", ["web-1"]],
  ];
  for (const [name, sel, want] of table) test(`list: ${name}`, () => expect(names(l.list(sel))).toEqual(want));

  test("get and namespace views", () => {
    expect(l.get("a", "db-1")?.metadata.name).toBe("db-1");
    expect(l.get("cluster-thing")?.metadata.name).toBe("cluster-thing");
    expect(l.get("a", "missing")).toBeUndefined();
    expect(names(l.namespace("a").list())).toEqual(["db-1", "web-1"]);
    expect(names(l.namespace("a").list("app=web"))).toEqual(["web-1"]);
    expect(l.namespace("b").get("web-2")?.metadata.name).toBe("web-2");
  });
});
