import { describe, expect, test } from "bun:test";
import { CelCompileError, CelUint, CelUnsupportedError, compileCel } from "../../../../src/api/cel/index.ts";
import { errorOf, ev } from "./helpers.ts";

const value = (expr: string): unknown => compileCel(expr).evaluateValue({});

describe("literals", () => {
  test("ints, including hex and the int64 extremes", () => {
    expect(value("42")).toBe(42n);
    expect(value("0x1F")).toBe(31n);
    expect(value("-0x10")).toBe(-16n);
    expect(value("9223372036854775807")).toBe(9223372036854775807n);
    expect(value("-9223372036854775808")).toBe(-9223372036854775808n);
    expect(errorOf("9223372036854775808")).toBeInstanceOf(CelCompileError);
  });

  test("uints", () => {
    expect(value("1u")).toEqual(new CelUint(1n));
    expect(value("0xFFu")).toEqual(new CelUint(255n));
    expect(value("18446744073709551615U")).toEqual(new CelUint(18446744073709551615n));
    expect(errorOf("18446744073709551616u")).toBeInstanceOf(CelCompileError);
    expect(errorOf("-1u").message).toContain("no matching overload for '-_' applied to '(uint)'");
  });

  test("doubles", () => {
    expect(value("1.5")).toBe(1.5);
    expect(value(".5")).toBe(0.5);
    expect(value("1e3")).toBe(1000);
    expect(value("1.5E-3")).toBe(0.0015);
    expect(value("-2.0")).toBe(-2);
    expect(ev("type(1e3) == double")).toBe(true);
  });

  test("strings in every quote form, raw strings and escapes", () => {
    expect(ev(`"a'b"`)).toBe("a'b");
    expect(ev(`'a"b'`)).toBe('a"b');
    expect(ev(`"""multi\nline "quoted" """`)).toBe('multi\nline "quoted" ');
    expect(ev(`'''it's'''`)).toBe("it's");
    expect(ev(`r"\\d+\\n"`)).toBe("\\d+\\n");
    expect(ev(`R'\\'`)).toBe("\\");
    expect(ev(`"\\a\\b\\f\\n\\r\\t\\v\\\\\\?\\"\\'\\\`"`)).toBe('\x07\b\f\n\r\t\v\\?"\'`');
    expect(ev(`"\\x41\\101\\u00e9\\U0001F600"`)).toBe("AAé😀");
    expect(errorOf(`"\\q"`)).toBeInstanceOf(CelCompileError);
    expect(errorOf(`"unterminated`)).toBeInstanceOf(CelCompileError);
    expect(errorOf(`"new\nline"`)).toBeInstanceOf(CelCompileError);
  });

  test("bytes", () => {
    expect(value(`b"abc"`)).toEqual(new Uint8Array([97, 98, 99]));
    expect(value(`b'\\xff\\000'`)).toEqual(new Uint8Array([255, 0]));
    expect(value(`b"é"`)).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(value(`rb"\\x"`)).toEqual(new Uint8Array([0x5c, 0x78]));
    expect(ev(`size(b"\\xff\\xfe")`)).toBe(2);
  });

  test("bool, null, lists and maps (trailing commas allowed)", () => {
    expect(ev("true")).toBe(true);
    expect(ev("null")).toBe(null);
    expect(ev("[1, 'a', [true],]")).toEqual([1, "a", [true]]);
    expect(ev("{'a': 1, 2: 'b', true: null,}")).toEqual({ a: 1, "2": "b", true: null });
    expect(ev("{}")).toEqual({});
    expect(ev("[]")).toEqual([]);
    // a repeated key keeps its last value, as in cel-go
    expect(ev("{'a': 1, 'a': 2}")).toEqual({ a: 2 });
    expect(ev("{'a': 1, ?'a': optional.none()}")).toEqual({});
  });

  test("comments and whitespace", () => {
    expect(ev("1 + // one\n 2\t\r\n")).toBe(3);
  });
});

describe("precedence and associativity", () => {
  const cases: [string, unknown][] = [
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["10 - 4 - 3", 3],
    ["100 / 10 / 5", 2],
    ["7 % 4 * 2", 6],
    ["-2 * 3", -6],
    ["- (2 - 5)", 3],
    ["--3", 3],
    ["!!true", true],
    ["!false && false", false],
    ["true || false && false", true],
    ["(true || false) && false", false],
    ["1 < 2 == true", true],
    ["1 + 1 == 2 && 3 > 2", true],
    ["true ? 1 : 2 + 10", 1],
    ["false ? 1 : true ? 2 : 3", 2],
    ["1 in [1, 2] && 'a' in {'a': 1}", true],
    ["2 * 3 in [6]", true],
    ["1 < 2 ? 'y' : 'n'", "y"],
    ["[1, 2, 3][1] * 2", 4],
    ["{'a': {'b': 5}}.a.b + 1", 6],
    ["-[1][0]", -1],
    ["!{'a': false}.a", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));
});

describe("compile errors", () => {
  test("syntax errors", () => {
    for (const e of ["1 +", "(1", "[1, 2", "{'a' 1}", "a.", "1 2", "a ? b", "&& a", "a.true", "`", "#"]) {
      expect(errorOf(e)).toBeInstanceOf(CelCompileError);
    }
  });

  test("reserved words are not identifiers", () => {
    expect(errorOf("if").message).toContain("reserved identifier: if");
    expect(errorOf("in").message).toBeDefined();
    expect(errorOf("while(1)")).toBeInstanceOf(CelCompileError);
    // ...but may be field names
    expect(ev("a.if", { a: { if: 1 } })).toBe(1);
  });

  test("unknown functions and wrong arity", () => {
    expect(errorOf("foo(1)").message).toBe("undeclared reference to 'foo' (in container '')");
    expect(errorOf("'a'.frobnicate()")).toBeInstanceOf(CelCompileError);
    expect(errorOf("size(1, 2)")).toBeInstanceOf(CelCompileError);
    expect(errorOf("'a'.contains()")).toBeInstanceOf(CelCompileError);
    expect(errorOf("cel.bind(x, 1, x)")).toBeInstanceOf(CelCompileError);
    expect(errorOf("math.greatest(1, 2)")).toBeInstanceOf(CelCompileError);
    expect(errorOf("optional.foo()").message).toBe("undeclared reference to 'optional.foo' (in container '')");
  });

  test("bad macro arguments", () => {
    expect(errorOf("has(a)").message).toContain("invalid argument to has() macro");
    expect(errorOf("[1].all(1, true)").message).toContain("argument must be a simple name");
    expect(errorOf("[1].exists(x.y, true)")).toBeInstanceOf(CelCompileError);
  });

  test("literal regular expressions are validated at compile time", () => {
    expect(errorOf("'a'.matches('(')")).toBeInstanceOf(CelCompileError);
    expect(errorOf("'a'.find('a(?=b)')")).toBeInstanceOf(CelCompileError);
  });

  test("deep nesting hits the recursion limit instead of the stack", () => {
    expect(errorOf("(".repeat(300) + "1" + ")".repeat(300)).message).toContain("recursion limit");
    expect(ev("(".repeat(100) + "1" + ")".repeat(100))).toBe(1);
  });
});

describe("unsupported", () => {
  test("message construction", () => {
    expect(errorOf("Foo{a: 1}")).toBeInstanceOf(CelUnsupportedError);
    expect(errorOf("google.protobuf.Duration{seconds: 1}")).toBeInstanceOf(CelUnsupportedError);
  });

  test("string.format and authorizer functions", () => {
    for (const e of [
      "'%s'.format(['a'])",
      "authorizer.group('apps').resource('deployments').check('create').allowed()",
    ]) {
      expect(errorOf(e)).toBeInstanceOf(CelUnsupportedError);
    }
  });
});

describe("program", () => {
  test("lists the free variables, not comprehension variables or type names", () => {
    const p = compileCel("self.all(x, x.name in oldSelf.names) && type(self) == list && [1].exists(y, y == z)");
    expect([...p.variables].sort()).toEqual(["oldSelf", "self", "z"]);
  });

  test("caches compiled programs by text", () => {
    expect(compileCel("1 + 1")).toBe(compileCel("1 + 1"));
    const e1 = errorOf("1 +");
    const e2 = errorOf("1 +");
    expect(e1).toBe(e2);
  });

  test("a missing variable is a runtime error", () => {
    expect(errorOf("self.x").message).toBe("no such attribute(s): self");
  });

  test("results come back as plain values", () => {
    expect(ev("[1, 2.5, 'a', null, {'k': [true]}]")).toEqual([1, 2.5, "a", null, { k: [true] }]);
    expect(ev("9223372036854775807")).toBe(9223372036854775807n);
    expect(ev("3u")).toBe(3);
    expect(ev("type(1)")).toBe("int");
    expect(ev("optional.of(1)")).toBe(1);
    expect(ev("optional.none()")).toBe(null);
  });
});
