import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/index.ts";
import { PendingCreates, WRITTEN_GRACE_MS } from "../../../../src/apiserver/admission/plugins/pending-creates.ts";

/** A cache stand-in: the names it shows, per "group/plural/namespace". */
function fakeCache() {
  const shown = new Set<string>();
  return {
    show: (plural: string, ns: string, name: string) => shown.add(`/${plural}/${ns}/${name}`),
    get: (group: string, plural: string, ns: string, name: string) => (shown.has(`${group}/${plural}/${ns}/${name}`) ? ({ metadata: { name } } as KubeObject) : undefined),
  };
}
const pod = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "a" } });
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name);

describe("PendingCreates", () => {
  test("an admitted create is counted in its resource and namespace only, until abandoned", () => {
    const p = new PendingCreates(fakeCache());
    const settle = p.add("", "pods", "a", pod("x"));
    expect(names(p.list("", "pods", "a"))).toEqual(["x"]);
    expect(p.list("", "pods", "b")).toEqual([]);
    expect(p.list("", "configmaps", "a")).toEqual([]);
    settle(false);
    expect(p.list("", "pods", "a")).toEqual([]);
    expect(p.size).toBe(0);
  });

  test("a written create goes at once when the cache shows it", () => {
    const cache = fakeCache();
    const p = new PendingCreates(cache);
    const settle = p.add("", "pods", "a", pod("x"));
    cache.show("pods", "a", "x");
    settle(true);
    expect(p.size).toBe(0);
  });

  test("a written create the cache does not show yet stays counted until it does, or the grace ends", () => {
    const cache = fakeCache();
    let now = 1_000;
    const p = new PendingCreates(cache, () => now);
    p.add("", "pods", "a", pod("x"))(true);
    p.add("", "pods", "a", pod("y"))(true);
    expect(names(p.list("", "pods", "a"))).toEqual(["x", "y"]);
    cache.show("pods", "a", "x");
    expect(names(p.list("", "pods", "a"))).toEqual(["y"]);
    now += WRITTEN_GRACE_MS + 1;
    expect(p.list("", "pods", "a")).toEqual([]);
    expect(p.size).toBe(0);
  });

  test("settling twice changes nothing; a create renamed before its write is followed by its new name", () => {
    const cache = fakeCache();
    const p = new PendingCreates(cache);
    const obj = pod("web-aaaaa");
    const settle = p.add("", "pods", "a", obj);
    obj.metadata.name = "web-bbbbb";
    cache.show("pods", "a", "web-bbbbb");
    settle(true);
    settle(false);
    expect(p.size).toBe(0);
    const other = p.add("", "pods", "a", pod("z"));
    other(false);
    other(true);
    expect(p.list("", "pods", "a")).toEqual([]);
  });
});
