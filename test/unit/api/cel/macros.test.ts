import { describe, expect, test } from "bun:test";
import { OptionalVar } from "../../../../src/api/cel/index.ts";
import { errorOf, ev } from "./helpers.ts";

describe("comprehension macros on lists", () => {
  const cases: [string, unknown][] = [
    ["[1, 2, 3].all(x, x > 0)", true],
    ["[1, 2, 3].all(x, x > 1)", false],
    ["[].all(x, false)", true],
    ["[1, 2, 3].exists(x, x == 2)", true],
    ["[].exists(x, true)", false],
    ["[1, 2, 3].exists_one(x, x > 1)", false],
    ["[1, 2, 3].exists_one(x, x > 2)", true],
    ["[1, 2, 3].existsOne(x, x > 2)", true],
    ["[1, 2, 3].map(x, x * x)", [1, 4, 9]],
    ["[1, 2, 3, 4].map(x, x % 2 == 0, x * 10)", [20, 40]],
    ["[1, 2, 3, 4].filter(x, x % 2 == 1)", [1, 3]],
    ["[[1, 2], [3]].map(l, l.size())", [2, 1]],
    ["[1, 2].map(x, [3, 4].map(y, x * y))", [[3, 4], [6, 8]]],
    ["[1, 2, 3].filter(x, x > 1).map(x, x + 1).all(x, x > 2)", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));
});

describe("comprehension macros on maps iterate keys", () => {
  const vars = { m: { a: 1, b: 2, c: 3 } };
  const cases: [string, unknown][] = [
    ["m.all(k, k.size() == 1)", true],
    ["m.exists(k, m[k] == 2)", true],
    ["m.exists_one(k, m[k] > 1)", false],
    ["m.map(k, m[k] * 10)", [10, 20, 30]],
    ["m.filter(k, m[k] >= 2)", ["b", "c"]],
    ["{'x': 1}.map(k, k + '!')", ["x!"]],
    ["{}.all(k, false)", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr, vars)).toEqual(want));
});

describe("two-variable comprehensions", () => {
  const cases: [string, unknown][] = [
    ["[10, 20].all(i, v, v == (i + 1) * 10)", true],
    ["['a', 'b'].exists(i, v, i == 1 && v == 'b')", true],
    ["{'a': 1, 'b': 2}.all(k, v, v > 0 && k != '')", true],
    ["{'a': 1, 'b': 2}.exists_one(k, v, v == 2)", true],
    ["[1, 2, 3].transformList(i, v, i * v)", [0, 2, 6]],
    ["[1, 2, 3].transformList(i, v, v > 1, v)", [2, 3]],
    ["{'a': 1, 'b': 2}.transformList(k, v, k + string(v))", ["a1", "b2"]],
    ["{'a': 1, 'b': 2}.transformMap(k, v, v * 2)", { a: 2, b: 4 }],
    ["{'a': 1, 'b': 2}.transformMap(k, v, v > 1, v)", { b: 2 }],
    ["['x', 'y'].transformMap(i, v, v)", { "0": "x", "1": "y" }],
    ["{'a': 'b'}.transformMapEntry(k, v, {v: k})", { b: "a" }],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));

  test("transformMapEntry rejects duplicate keys", () => {
    expect(errorOf("{'a': 'x', 'b': 'x'}.transformMapEntry(k, v, {v: k})").message).toBe("insert failed: key x already exists");
  });
});

describe("errors inside comprehensions", () => {
  test("all/exists absorb errors when another element decides", () => {
    expect(ev("[0, 1].exists(x, 1 / x == 1)")).toBe(true);
    expect(ev("[1, 0].all(x, 1 / x == 2)")).toBe(false);
    expect(ev("[0, 2].all(x, 10 / x > 100)")).toBe(false);
    expect(ev("self.exists(f, f.name == 'b')", { self: [{}, { name: "b" }] })).toBe(true);
  });

  test("...and raise them when nothing decides", () => {
    expect(errorOf("[0, 1].exists(x, 1 / x == 5)").message).toBe("division by zero");
    expect(errorOf("[1, 0].all(x, 1 / x > 0)").message).toBe("division by zero");
    expect(errorOf("[1, 2].all(x, x)").message).toContain("no matching overload");
  });

  test("exists_one, map and filter propagate errors", () => {
    expect(errorOf("[0, 1].exists_one(x, 1 / x == 1)").message).toBe("division by zero");
    expect(errorOf("[0].map(x, 1 / x)").message).toBe("division by zero");
    expect(errorOf("[0].filter(x, 1 / x == 1)").message).toBe("division by zero");
    expect(errorOf("[1].filter(x, 'str')").message).toContain("no matching overload");
  });

  test("a non-iterable range", () => {
    expect(errorOf("1.all(x, true)").message).toBe("no matching overload for 'all' applied to 'int.()'");
  });
});

describe("scoping", () => {
  test("comprehension variables shadow variables and nest", () => {
    expect(ev("[1, 2].map(self, self * 10)", { self: { a: 1 } })).toEqual([10, 20]);
    expect(ev("[1, 2].all(x, [3].all(y, x < y))")).toBe(true);
    expect(ev("[1].map(x, [2].map(x, x))")).toEqual([[2]]);
    expect(ev("self.list.all(x, x < self.max)", { self: { list: [1, 2], max: 3 } })).toBe(true);
  });

  test("a leading dot resolves past comprehension variables", () => {
    expect(ev("[1].map(x, .x)", { x: "outer" })).toEqual(["outer"]);
  });
});

describe("optional values", () => {
  const vars = { self: { spec: { replicas: 3, tags: ["a"] }, empty: {} } };
  const cases: [string, unknown][] = [
    ["self.?spec.?replicas.orValue(1)", 3],
    ["self.?status.?replicas.orValue(1)", 1],
    ["self.?spec.replicas.orValue(1)", 3],
    ["self.?status.replicas.orValue(1)", 1],
    ["self.spec.?missing.hasValue()", false],
    ["self.spec.?replicas.hasValue()", true],
    ["self.spec.?replicas.value()", 3],
    ["self.spec.tags[?0].orValue('none')", "a"],
    ["self.spec.tags[?5].orValue('none')", "none"],
    ["self[?'spec'].replicas.orValue(0)", 3],
    ["self.empty[?'k'].hasValue()", false],
    ["{'a': 1}[?'a'] == optional.of(1)", true],
    ["optional.none() == optional.none()", true],
    ["optional.of(1) == optional.none()", false],
    ["optional.ofNonZeroValue(0).hasValue()", false],
    ["optional.ofNonZeroValue('').hasValue()", false],
    ["optional.ofNonZeroValue([1]).hasValue()", true],
    ["optional.none().or(optional.of(2)).value()", 2],
    ["optional.of(1).or(optional.of(2)).value()", 1],
    ["optional.of(1).orValue(1/0)", 1],
    ["optional.of(1).or(1/0 == 1 ? optional.none() : optional.none()).value()", 1],
    ["optional.of(2).optMap(x, x * 10).value()", 20],
    ["optional.none().optMap(x, x * 10).hasValue()", false],
    ["optional.of(2).optFlatMap(x, x > 1 ? optional.of(x) : optional.none()).value()", 2],
    ["[?self.?spec.?replicas, ?self.?nope, 9]", [3, 9]],
    ["{?'r': self.?spec.?replicas, ?'n': self.?nope}", { r: 3 }],
    ["type(optional.none()) == type(optional.of(1))", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr, vars)).toEqual(want));

  test("errors", () => {
    expect(errorOf("optional.none().value()").message).toBe("optional.none() dereference");
    expect(errorOf("[?1]").message).toContain("cannot initialize optional list element");
    expect(errorOf("1.optMap(x, x)").message).toContain("no matching overload");
  });

  test("optional variables (optionalOldSelf)", () => {
    const rule = "!oldSelf.hasValue() || self >= oldSelf.value()";
    expect(ev(rule, { self: 5, oldSelf: OptionalVar.none() })).toBe(true);
    expect(ev(rule, { self: 5, oldSelf: OptionalVar.of(3) })).toBe(true);
    expect(ev(rule, { self: 2, oldSelf: OptionalVar.of(3) })).toBe(false);
    expect(ev("oldSelf.?x.orValue('d')", { oldSelf: OptionalVar.of({ x: "v" }) })).toBe("v");
  });
});
