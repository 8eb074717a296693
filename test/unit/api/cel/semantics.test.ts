import { describe, expect, test } from "bun:test";
import { CelEvalError } from "../../../../src/api/cel/index.ts";
import { errorOf, ev } from "./helpers.ts";

describe("logical operators absorb errors commutatively", () => {
  const cases: [string, boolean][] = [
    ["false && (1/0 == 1)", false],
    ["(1/0 == 1) && false", false],
    ["true || (1/0 == 1)", true],
    ["(1/0 == 1) || true", true],
    ["false && missing.field", false],
    ["x.nope == 1 || true", true],
    ["false && 'not a bool'", false],
    ["'not a bool' || true", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr, { x: {} })).toBe(want));

  test("an error not absorbed propagates", () => {
    expect(errorOf("true && (1/0 == 1)").message).toBe("division by zero");
    expect(errorOf("(1/0 == 1) || false").message).toBe("division by zero");
    expect(errorOf("1 && true").message).toBe("no matching overload for '_&&_' applied to '(int, bool)'");
  });

  test("the conditional evaluates one branch and needs a bool", () => {
    expect(ev("true ? 1 : 1/0")).toBe(1);
    expect(ev("false ? 1/0 : 2")).toBe(2);
    expect(errorOf("1 ? 2 : 3").message).toBe("no matching overload for '_?_:_' applied to '(int)'");
    expect(errorOf("(1/0 == 0) ? 1 : 2").message).toBe("division by zero");
  });

  test("! needs a bool", () => {
    expect(errorOf("!1").message).toBe("no matching overload for '!_' applied to '(int)'");
  });
});

describe("arithmetic", () => {
  test("int64 with overflow errors", () => {
    expect(ev("9223372036854775806 + 1")).toBe(9223372036854775807n);
    expect(errorOf("9223372036854775807 + 1").message).toBe("integer overflow");
    expect(errorOf("-9223372036854775808 - 1").message).toBe("integer overflow");
    expect(errorOf("4611686018427387904 * 2").message).toBe("integer overflow");
    expect(errorOf("-(-9223372036854775808)").message).toBe("integer overflow");
    expect(errorOf("-9223372036854775808 / -1").message).toBe("integer overflow");
    expect(errorOf("-9223372036854775808 % -1").message).toBe("integer overflow");
  });

  test("division truncates toward zero; modulus takes the dividend's sign", () => {
    expect(ev("7 / 2")).toBe(3);
    expect(ev("-7 / 2")).toBe(-3);
    expect(ev("-7 % 3")).toBe(-1);
    expect(ev("7 % -3")).toBe(1);
    expect(errorOf("1 / 0").message).toBe("division by zero");
    expect(errorOf("1 % 0").message).toBe("modulus by zero");
  });

  test("uint", () => {
    expect(ev("18446744073709551614u + 1u")).toBe(18446744073709551615n);
    expect(errorOf("18446744073709551615u + 1u").message).toBe("unsigned integer overflow");
    expect(errorOf("1u - 2u").message).toBe("unsigned integer overflow");
    expect(ev("7u / 2u")).toBe(3);
    expect(ev("7u % 4u")).toBe(3);
    expect(errorOf("1u / 0u").message).toBe("division by zero");
  });

  test("double follows IEEE 754", () => {
    expect(ev("1.0 / 0.0")).toBe(Infinity);
    expect(ev("0.1 + 0.2")).toBe(0.30000000000000004);
    expect(ev("-(1.5)")).toBe(-1.5);
    expect(errorOf("5.0 % 2.0").message).toBe("no matching overload for '_%_' applied to '(double, double)'");
  });

  test("no implicit numeric conversion in arithmetic", () => {
    expect(errorOf("1 + 1.0").message).toBe("no matching overload for '_+_' applied to '(int, double)'");
    expect(errorOf("1 + 'a'").message).toBe("no matching overload for '_+_' applied to '(int, string)'");
    expect(errorOf("1u * 2").message).toBe("no matching overload for '_*_' applied to '(uint, int)'");
  });

  test("concatenation of strings, bytes and lists", () => {
    expect(ev("'ab' + 'cd'")).toBe("abcd");
    expect(ev("b'a' + b'b' == b'ab'")).toBe(true);
    expect(ev("[1] + [2, 3]")).toEqual([1, 2, 3]);
    expect(errorOf("{} + {}").message).toContain("no matching overload for '_+_' applied to '(map, map)'");
  });
});

describe("comparison", () => {
  const cases: [string, boolean][] = [
    // cross-type numeric comparisons (cel-go CrossTypeNumericComparisons)
    ["1 < 1.5", true],
    ["2 > 1.5", true],
    ["1 == 1.0", true],
    ["1u == 1", true],
    ["1u < 2", true],
    ["-1 < 0u", true],
    ["2.5 >= 2u", true],
    ["1 != 1.0", false],
    // an int is compared with a double as a double (cel-go; cel-spec conformance)
    ["9223372036854775807 < 9223372036854775808.0", false],
    ["9223372036854775807 == 9223372036854775808.0", true],
    ["9223372036854775807 < 9223372036854777856.0", true],
    ["-9223372036854775808 > -1e19", true],
    ["18446744073709551615u < 1e20", true],
    ["1u > -0.5", true],
    ["18446744073709551615u > 9223372036854775807", true],
    ["0.0 == -0.0", true],
    ["double('NaN') == double('NaN')", false],
    ["double('NaN') != double('NaN')", true],
    // strings compare by code point, bytes by byte, bools false < true
    ["'a' < 'b'", true],
    ["'abc' < 'abd'", true],
    ["'ab' < 'abc'", true],
    ["'\uffff' < '😀'", true],
    ["b'\\x01' < b'\\x02'", true],
    ["false < true", true],
    ["true <= true", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toBe(want));

  test("values without an order", () => {
    expect(errorOf("[1] < [2]").message).toBe("no matching overload for '_<_' applied to '(list, list)'");
    expect(errorOf("'a' < 1").message).toBe("no matching overload for '_<_' applied to '(string, int)'");
    expect(errorOf("null < null")).toBeInstanceOf(CelEvalError);
    expect(errorOf("double('NaN') < 1.0").message).toBe("NaN values cannot be ordered");
  });
});

describe("equality", () => {
  const cases: [string, boolean][] = [
    ["[1, 2] == [1, 2]", true],
    ["[1, 2] == [2, 1]", false],
    ["[1, 2.0, 3u] == [1.0, 2, 3]", true],
    ["[1] == [1, 1]", false],
    ["{'a': 1, 'b': [2]} == {'b': [2], 'a': 1}", true],
    ["{'a': 1} == {'a': 2}", false],
    ["{'a': 1} == {'b': 1}", false],
    ["{1: 'x'} == {1u: 'x'}", true],
    ["[[1, {'k': null}]] == [[1, {'k': null}]]", true],
    // heterogeneous equality is false, not an error
    ["1 == 'a'", false],
    ["'a' != 1", true],
    ["null == false", false],
    ["null == null", true],
    ["[] == {}", false],
    ["b'abc' == b'abc'", true],
    ["type(1) == int", true],
    ["type(1) == type(2)", true],
    ["type(1u) == int", false],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toBe(want));

  test("JSON values compare with literals and with each other", () => {
    const vars = { self: { a: [1, 2], m: { x: "y" }, n: 1.5 }, oldSelf: { a: [1, 2], m: { x: "y" }, n: 1.5 } };
    expect(ev("self == oldSelf", vars)).toBe(true);
    expect(ev("self.a == [1, 2] && self.m == {'x': 'y'} && self.n == 1.5", vars)).toBe(true);
    expect(ev("self == oldSelf", { self: { a: 1 }, oldSelf: { a: 1, b: 2 } })).toBe(false);
  });
});

describe("membership and indexing", () => {
  test("in", () => {
    expect(ev("2 in [1, 2, 3]")).toBe(true);
    expect(ev("2.0 in [1, 2, 3]")).toBe(true);
    expect(ev("'x' in []")).toBe(false);
    expect(ev("'a' in {'a': 1}")).toBe(true);
    expect(ev("'b' in self", { self: { a: 1 } })).toBe(false);
    expect(ev("1u in {1: 'x'}")).toBe(true);
    expect(errorOf("1 in 'abc'").message).toBe("no matching overload for '@in' applied to '(int, string)'");
  });

  test("list index", () => {
    expect(ev("[1, 2, 3][0]")).toBe(1);
    expect(ev("[1, 2, 3][2u]")).toBe(3);
    expect(ev("[1, 2, 3][1.0]")).toBe(2);
    expect(errorOf("[1, 2, 3][3]").message).toBe("index out of bounds: 3");
    expect(errorOf("[1][-1]").message).toBe("index out of bounds: -1");
    expect(errorOf("[1][0.5]").message).toBe("unsupported index value 0.5 in list");
    expect(errorOf("[1]['a']").message).toBe("no matching overload for '_[_]' applied to '(list, string)'");
  });

  test("map key access", () => {
    expect(ev("{'a': 1}['a']")).toBe(1);
    expect(ev("{1: 'one'}[1u]")).toBe("one");
    expect(ev("{1: 'one'}[1.0]")).toBe("one");
    expect(ev("{true: 1}[true]")).toBe(1);
    expect(errorOf("{'a': 1}['foo']").message).toBe("no such key: foo");
    expect(errorOf("{'a': 1}.foo").message).toBe("no such key: foo");
    expect(errorOf("self.spec.foo", { self: { spec: {} } }).message).toBe("no such key: foo");
    expect(errorOf("self['missing']", { self: {} }).message).toBe("no such key: missing");
    expect(errorOf("{[1]: 2}").message).toContain("unsupported key type");
  });

  test("field selection on a non-map is an error", () => {
    expect(errorOf("self.a.b", { self: { a: 1 } }).message).toBe("no such key: b");
    expect(errorOf("self.a.b", { self: { a: null } })).toBeInstanceOf(CelEvalError);
  });
});

describe("has()", () => {
  const vars = { self: { a: 1, n: null, nested: { b: { c: [] } }, m: {} } };
  const cases: [string, boolean][] = [
    ["has(self.a)", true],
    ["has(self.zzz)", false],
    ["has(self.n)", true],
    ["has(self.nested.b)", true],
    ["has(self.nested.b.c)", true],
    ["has(self.nested.b.d)", false],
    ["has(self.m.x)", false],
    ["has({'k': 1}.k)", true],
    ["has(self.a.b)", false],
    ["has(self.n.x)", false],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr, vars)).toBe(want));

  test("selecting through a missing field before the tested one is an error", () => {
    expect(errorOf("has(self.zzz.b)", vars).message).toBe("no such key: zzz");
  });
});

describe("type conversions", () => {
  const cases: [string, unknown][] = [
    ["int(1.9)", 1],
    ["int(-1.9)", -1],
    ["int('42')", 42],
    ["int('-42')", -42],
    ["int(42u)", 42],
    ["uint(42)", 42],
    ["uint('42')", 42],
    ["uint(3.7)", 3],
    ["double(1)", 1],
    ["double('1.5')", 1.5],
    ["double('1e3')", 1000],
    ["double('-Inf') < 0.0", true],
    ["double(3u)", 3],
    ["string(1)", "1"],
    ["string(-1)", "-1"],
    ["string(1u)", "1"],
    ["string(1.5)", "1.5"],
    ["string(100.0)", "100"],
    ["string(123456.0)", "123456"],
    ["string(1000000.0)", "1e+06"],
    ["string(0.0001)", "0.0001"],
    ["string(0.00001)", "1e-05"],
    ["string(1e21)", "1e+21"],
    ["string(-2.5e-7)", "-2.5e-07"],
    ["string(true)", "true"],
    ["string(b'abc')", "abc"],
    ["string('x')", "x"],
    ["bool('true')", true],
    ["bool('FALSE')", false],
    ["bool('t')", true],
    ["bytes('é') == b'\\xc3\\xa9'", true],
    ["dyn(1) + 1", 2],
    ["type(dyn([]))", "list"],
    ["type(1) == int && type(1u) == uint && type(1.0) == double && type('') == string", true],
    ["type(true) == bool && type(b'') == bytes && type(null) == null_type", true],
    ["type([]) == list && type({}) == map && type(int) == type", true],
    ["type(type(1)) == type", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));

  test("conversion errors", () => {
    expect(errorOf("int('1.5')").message).toBe("type conversion error from 'string' to 'int'");
    expect(errorOf("int('9223372036854775808')").message).toBe("type conversion error from 'string' to 'int'");
    expect(errorOf("uint(-1)").message).toBe("unsigned integer overflow");
    expect(errorOf("uint('-1')").message).toBe("type conversion error from 'string' to 'uint'");
    expect(errorOf("int(1e19)").message).toBe("integer overflow");
    expect(errorOf("int(18446744073709551615u)").message).toBe("integer overflow");
    expect(errorOf("double('abc')").message).toBe("type conversion error from 'string' to 'double'");
    expect(errorOf("bool('yes')").message).toBe("type conversion error from 'string' to 'bool'");
    expect(errorOf("string(b'\\xff')").message).toBe("invalid UTF-8 in bytes, cannot convert to string");
    expect(errorOf("int([])").message).toBe("no matching overload for 'int' applied to '(list)'");
    expect(errorOf("string({})").message).toBe("no matching overload for 'string' applied to '(map)'");
  });
});

describe("size", () => {
  const cases: [string, number][] = [
    ["size('hello')", 5],
    ["'hello'.size()", 5],
    ["size('héllo')", 5],
    ["size('😀😀')", 2],
    ["size('日本語')", 3],
    ["size(b'\\xf0\\x9f\\x98\\x80')", 4],
    ["size([1, 2, [3]])", 3],
    ["size({'a': 1})", 1],
    ["size('')", 0],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toBe(want));

  test("of JSON values", () => {
    expect(ev("size(self.s) + self.l.size() + size(self.m)", { self: { s: "ab😀", l: [1, 2], m: { a: 1 } } })).toBe(6);
    expect(errorOf("size(1)").message).toBe("no matching overload for 'size' applied to '(int)'");
  });
});

describe("resource limits", () => {
  test("comprehension iterations are budgeted, and the limit is never absorbed", () => {
    const self = Array.from({ length: 1001 }, (_, i) => i);
    expect(ev("self.all(a, self.all(b, true))", { self: self.slice(0, 999) })).toBe(true);
    expect(errorOf("self.all(a, self.all(b, true))", { self }).message).toBe("operation cancelled: actual cost limit exceeded");
    expect(errorOf("self.exists(a, !self.all(b, true)) || true", { self }).message).toBe("operation cancelled: actual cost limit exceeded");
  });

  test("deeply nested data cannot overflow the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const e = errorOf("self == other", { self: deep, other: deep });
    expect(e).toBeInstanceOf(CelEvalError);
  });
});
