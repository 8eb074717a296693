import { describe, expect, test } from "bun:test";
import { type CelTypeHints, compileCel, unescapePropertyName } from "../../../../src/api/cel/index.ts";
import { errorOf, ev } from "./helpers.ts";

describe("JSON numbers", () => {
  test("without hints, whole numbers are ints and others doubles", () => {
    expect(ev("type(self.a) == int && type(self.b) == double", { self: { a: 3, b: 2.5 } })).toBe(true);
    expect(ev("self.a + 1", { self: { a: 3 } })).toBe(4);
    expect(errorOf("self.a + 1", { self: { a: 2.5 } }).message).toBe("no matching overload for '_+_' applied to '(double, int)'");
    // a whole number past int64 stays a double
    expect(ev("type(self) == double", { self: 1e20 })).toBe(true);
  });

  test("hints make numbers doubles (OpenAPI type: number) or uints", () => {
    const hints: CelTypeHints = {
      self: (path) => (path[0] === "ratio" || (path[0] === "weights" && typeof path[1] === "number") ? "double" : undefined),
    };
    const vars = { self: { ratio: 1, weights: [1, 2], count: 2 } };
    expect(ev("type(self.ratio) == double && self.ratio == 1.0", vars, hints)).toBe(true);
    expect(ev("self.weights.all(w, type(w) == double)", vars, hints)).toBe(true);
    expect(ev("self.ratio + 0.5", vars, hints)).toBe(1.5);
    expect(ev("type(self.count) == int", vars, hints)).toBe(true);
    expect(ev("type(self) == uint", { self: 5 }, { self: () => "uint" })).toBe(true);
  });

  test("hint paths name object keys and list indices below the variable", () => {
    const seen: (string | number)[][] = [];
    const hints: CelTypeHints = {
      self: (path) => {
        seen.push([...path]);
        return undefined;
      },
    };
    ev("self.spec.items[1].x + self.top", { self: { spec: { items: [{ x: 1 }, { x: 2 }] }, top: 1 } }, hints);
    expect(seen).toContainEqual(["spec", "items", 1, "x"]);
    expect(seen).toContainEqual(["top"]);
  });

  test("string formats: byte, date-time, date, duration", () => {
    const hints: CelTypeHints = {
      self: (path) => ({ data: "bytes", at: "timestamp", day: "timestamp", ttl: "duration" })[path[0] as string] as never,
    };
    const vars = { self: { data: "aGk=", at: "2023-01-02T03:04:05Z", day: "2023-01-02", ttl: "1h", plain: "x" } };
    expect(ev("self.data == b'hi'", vars, hints)).toBe(true);
    expect(ev("self.at - self.day == duration('3h4m5s')", vars, hints)).toBe(true);
    expect(ev("self.at + self.ttl > self.at", vars, hints)).toBe(true);
    expect(ev("type(self.plain) == string", vars, hints)).toBe(true);
  });

  test("hints are per variable", () => {
    const hints: CelTypeHints = { self: () => "double" };
    expect(ev("type(self) == double && type(oldSelf) == int", { self: 1, oldSelf: 1 }, hints)).toBe(true);
    expect(ev("self == oldSelf", { self: 1, oldSelf: 1 }, hints)).toBe(true);
  });

  test("bigint variables are ints", () => {
    expect(ev("self + 1", { self: 9007199254740993n })).toBe(9007199254740994n);
  });
});

describe("Kubernetes property name escaping", () => {
  test("unescapePropertyName", () => {
    expect(unescapePropertyName("__namespace__")).toBe("namespace");
    expect(unescapePropertyName("__if__")).toBe("if");
    expect(unescapePropertyName("x__dash__y")).toBe("x-y");
    expect(unescapePropertyName("a__dot__b__slash__c")).toBe("a.b/c");
    expect(unescapePropertyName("a__underscores__b")).toBe("a__b");
    expect(unescapePropertyName("plain")).toBeUndefined();
    expect(unescapePropertyName("__foo__")).toBe(undefined);
  });

  test("escaped names select JSON properties", () => {
    const self = { namespace: "ns", "x-y": 1, "a.b": 2, "c/d": 3, e__f: 4, if: 5 };
    expect(ev("self.__namespace__ == 'ns' && self.x__dash__y == 1 && self.a__dot__b == 2", { self })).toBe(true);
    expect(ev("self.c__slash__d == 3 && self.e__underscores__f == 4 && self.__if__ == 5", { self })).toBe(true);
    expect(ev("has(self.__namespace__) && !has(self.__namespace__x)", { self })).toBe(true);
    expect(ev("self['x-y']", { self })).toBe(1);
  });

  test("a property literally named like an escape wins", () => {
    expect(ev("self.x__dash__y", { self: { x__dash__y: "literal", "x-y": "escaped" } })).toBe("literal");
  });
});

describe("JSON maps and lists", () => {
  const vars = { self: { labels: { app: "web", tier: "fe" }, items: [3, 1, 2] } };
  test("map operations", () => {
    expect(ev("'app' in self.labels && self.labels['app'] == 'web' && self.labels.tier == 'fe'", vars)).toBe(true);
    expect(ev("self.labels.all(k, self.labels[k].size() >= 2)", vars)).toBe(true);
    expect(ev("size(self.labels) == 2", vars)).toBe(true);
    expect(ev("self.labels == {'tier': 'fe', 'app': 'web'}", vars)).toBe(true);
  });
  test("list operations", () => {
    expect(ev("self.items.exists(i, i == 2) && self.items[0] == 3 && self.items.size() == 3", vars)).toBe(true);
    expect(ev("self.items.min() == 1 && !self.items.isSorted()", vars)).toBe(true);
    expect(ev("self.items + [4]", vars)).toEqual([3, 1, 2, 4]);
  });
  test("undefined properties are absent", () => {
    expect(ev("has(self.a)", { self: { a: undefined } })).toBe(false);
  });
  test("a program evaluates independently with different variables", () => {
    const p = compileCel("self.x > 1");
    expect(p.evaluate({ self: { x: 2 } })).toBe(true);
    expect(p.evaluate({ self: { x: 0 } })).toBe(false);
  });
});
