import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { toTable } from "../../../../src/apiserver/table/index.ts";

/** Upstream's printNetworkPolicy: NAME, POD-SELECTOR (metav1.FormatLabelSelector), AGE. */

const NOW = new Date("2025-01-01T12:00:00Z");
const meta = (name: string) => ({ name, namespace: "d", creationTimestamp: new Date(NOW.getTime() - 3 * 86400_000).toISOString() });
const table = (...objs: unknown[]) => toTable({ group: "networking.k8s.io", kind: "NetworkPolicy" }, objs as KubeObject[], { now: NOW });
const cells = (spec: unknown) => table({ metadata: meta("p"), ...(spec === undefined ? {} : { spec }) }).rows[0]!.cells;

describe("networkpolicy table", () => {
  test("columns", () => {
    expect(table().columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ["Name", "string", "name", 0],
      ["Pod-Selector", "string", "", 0],
      ["Age", "string", "", 0],
    ]);
  });

  test.each([
    ["an empty selector", { podSelector: {} }, "<none>"],
    ["no spec at all", undefined, "<none>"],
    ["labels, sorted by key", { podSelector: { matchLabels: { tier: "db", app: "pg" } } }, "app=pg,tier=db"],
    [
      "expressions",
      { podSelector: { matchLabels: { app: "pg" }, matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev", "test"] }, { key: "canary", operator: "DoesNotExist" }] } },
      // requirements sorted by key, as labels.Selector.Add does
      "app=pg,!canary,env notin (dev,test)",
    ],
    ["an invalid selector", { podSelector: { matchExpressions: [{ key: "app", operator: "Equals", values: ["a"] }] } }, "<error>"],
  ] as const)("%s", (_name, spec, selector) => {
    expect(cells(spec)).toEqual(["p", selector, "3d"]);
  });
});
