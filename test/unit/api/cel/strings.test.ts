import { describe, expect, test } from "bun:test";
import { CelCompileError, CelEvalError } from "../../../../src/api/cel/index.ts";
import { errorOf, ev } from "./helpers.ts";

describe("standard string functions", () => {
  const cases: [string, unknown][] = [
    ["'hello'.contains('ell')", true],
    ["'hello'.contains('')", true],
    ["'hello'.startsWith('he')", true],
    ["'hello'.endsWith('lo')", true],
    ["'hello'.endsWith('he')", false],
    ["'abc'.matches('b')", true],
    ["'abc'.matches('^b')", false],
    ["matches('abc', '^a.c$')", true],
    ["'ábc'.matches('^.bc$')", true],
    ["'😀'.matches('^.$')", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));

  test("type errors", () => {
    expect(errorOf("'a'.contains(1)").message).toBe("no matching overload for 'contains' applied to 'string.(int)'");
    expect(errorOf("1.startsWith('a')").message).toBe("no matching overload for 'startsWith' applied to 'int.(string)'");
  });
});

describe("Kubernetes string library (ext.Strings v2)", () => {
  const cases: [string, unknown][] = [
    ["'hello'.charAt(1)", "e"],
    ["'hello'.charAt(5)", ""],
    ["'héllo😀'.charAt(5)", "😀"],
    ["'hello mellow'.indexOf('')", 0],
    ["'hello mellow'.indexOf('ello')", 1],
    ["'hello mellow'.indexOf('jello')", -1],
    ["'hello mellow'.indexOf('', 2)", 2],
    ["'hello mellow'.indexOf('ello', 2)", 7],
    ["'hello mellow'.indexOf('ello', 20)", -1],
    ["'ééé'.indexOf('é', 1)", 1],
    ["'😀a😀a'.indexOf('a', 2)", 3],
    ["'hello mellow'.lastIndexOf('')", 12],
    ["'hello mellow'.lastIndexOf('ello')", 7],
    ["'hello mellow'.lastIndexOf('jello')", -1],
    ["'hello mellow'.lastIndexOf('ello', 6)", 1],
    ["'😀a😀a'.lastIndexOf('😀')", 2],
    ["'TacoCat'.lowerAscii()", "tacocat"],
    ["'TacoCÆt Xii'.lowerAscii()", "tacocÆt xii"],
    ["'tacoCat'.upperAscii()", "TACOCAT"],
    ["'tacoCαt'.upperAscii()", "TACOCαT"],
    ["'hello hello'.replace('he', 'we')", "wello wello"],
    ["'hello hello'.replace('he', 'we', -1)", "wello wello"],
    ["'hello hello'.replace('he', 'we', 1)", "wello hello"],
    ["'hello hello'.replace('he', 'we', 0)", "hello hello"],
    ["'ab'.replace('', '-')", "-a-b-"],
    ["'hello hello'.split(' ')", ["hello", "hello"]],
    ["'hello hello hello'.split(' ', 0)", []],
    ["'hello hello hello'.split(' ', 1)", ["hello hello hello"]],
    ["'hello hello hello'.split(' ', 2)", ["hello", "hello hello"]],
    ["'hello hello hello'.split(' ', -1)", ["hello", "hello", "hello"]],
    ["'aé😀'.split('')", ["a", "é", "😀"]],
    ["''.split(',')", [""]],
    ["'a,,b'.split(',')", ["a", "", "b"]],
    ["'tacocat'.substring(4)", "cat"],
    ["'tacocat'.substring(0, 4)", "taco"],
    ["'ta©o©αt'.substring(2, 6)", "©o©α"],
    ["'tacocat'.substring(7)", ""],
    ["'  \\ttrim\\n    '.trim()", "trim"],
    ["'\\u00a0\\u2003x\\u3000'.trim()", "x"],
    ["['hello', 'mellow'].join()", "hellomellow"],
    ["['hello', 'mellow'].join(' ')", "hello mellow"],
    ["[].join('/')", ""],
    ["strings.quote('single-quote with \"double quote\"')", '"single-quote with \\"double quote\\""'],
    ["strings.quote('two escape sequences \\a\\n')", '"two escape sequences \\a\\n"'],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toEqual(want));

  test("errors", () => {
    expect(errorOf("'hello'.charAt(6)").message).toBe("index out of range: 6");
    expect(errorOf("'hello'.charAt(-1)").message).toBe("index out of range: -1");
    expect(errorOf("'hello'.indexOf('a', -1)").message).toBe("index out of range: -1");
    expect(errorOf("'tacocat'.substring(8)").message).toBe("index out of range: 8");
    expect(errorOf("'tacocat'.substring(4, 3)").message).toBe("invalid substring range. start: 4, end: 3");
    expect(errorOf("'tacocat'.substring(0, 8)").message).toBe("index out of range: 8");
    expect(errorOf("['a', 1].join()").message).toBe("join: invalid input: 1");
  });

  test("reverse is not part of ext.Strings v2", () => {
    expect(errorOf("'abc'.reverse()")).toBeInstanceOf(CelCompileError);
  });
});

describe("RE2 regular expressions", () => {
  const cases: [string, boolean][] = [
    // partial match semantics
    ["'xabcx'.matches('abc')", true],
    ["'abc'.matches('^abc$')", true],
    // anchors: $ and \\z match only at the end of text (not before a final newline)
    ["'abc\\n'.matches('abc$')", false],
    ["'abc'.matches('\\\\Aabc\\\\z')", true],
    ["'xabc'.matches('\\\\Aabc')", false],
    // . does not match \\n but does match \\r (unlike JS)
    ["'a\\nb'.matches('a.b')", false],
    ["'a\\rb'.matches('a.b')", true],
    ["'a\\nb'.matches('(?s)a.b')", true],
    // flags
    ["'ABC'.matches('(?i)abc')", true],
    ["'xABC'.matches('x(?i)abc')", true],
    ["'XABC'.matches('x(?i)abc')", false],
    ["'xABCy'.matches('x(?i:abc)y')", true],
    ["'a\\nb'.matches('(?m)^b$')", true],
    // escapes and classes
    ["'a-b'.matches('^a\\\\-b$')", true],
    ["'a.b'.matches('^a\\\\.b$')", true],
    ["'a#b'.matches('^a\\\\#b$')", true],
    ["'a:b'.matches('^[a-z\\\\:]+$')", true],
    ["'a b'.matches('^a\\\\sb$')", true],
    ["'a\\u00a0b'.matches('^a\\\\sb$')", false],
    ["'abc123'.matches('^[[:alpha:]]+[[:digit:]]+$')", true],
    ["'ab'.matches('^[[:^alpha:]]+$')", false],
    ["'1!é'.matches('^[[:^alpha:]]+$')", true],
    ["'a_1'.matches('^[[:word:]]+$')", true],
    ["'αβγ'.matches('^\\\\p{Greek}+$')", true],
    ["'Ab'.matches('^\\\\p{Lu}\\\\pL$')", true],
    ["'a+b'.matches('^\\\\Qa+b\\\\E$')", true],
    ["'é'.matches('^\\\\x{e9}$')", true],
    ["'A'.matches('^\\\\x41$')", true],
    ["'A'.matches('^\\\\101$')", true],
    ["']'.matches('^[]]$')", true],
    ["'a{b'.matches('^a{b$')", true],
    ["'{}'.matches('^{}$')", true],
    ["'aa'.matches('^a{2}$')", true],
    ["'aaa'.matches('^a{1,2}$')", false],
    ["'ab12'.matches('^(?P<word>[a-z]+)(?<num>\\\\d+)$')", true],
    ["'a/b'.matches('^a/b$')", true],
    ["'😀'.matches('^[😀-😂]$')", true],
  ];
  for (const [expr, want] of cases) test(expr, () => expect(ev(expr)).toBe(want));

  test("constructs RE2 rejects", () => {
    for (const p of ["a(?=b)", "a(?!b)", "(?<=a)b", "(a)\\\\1", "a{1001}", "(?U)a+", "[a", "a)", "\\\\C"]) {
      expect(errorOf(`'a'.matches('${p}')`)).toBeInstanceOf(CelCompileError);
      // the same pattern from a variable is a runtime error
      expect(errorOf("'a'.matches(re)", { re: p.replaceAll("\\\\", "\\") })).toBeInstanceOf(CelEvalError);
    }
  });

  test("find and findAll (Kubernetes regex library)", () => {
    expect(ev("'abc 123'.find('[0-9]+')")).toBe("123");
    expect(ev("'abc'.find('[0-9]+')")).toBe("");
    expect(ev("'123 abc 456'.findAll('[0-9]+')")).toEqual(["123", "456"]);
    expect(ev("'123 abc 456'.findAll('[0-9]+', 1)")).toEqual(["123"]);
    expect(ev("'123 abc 456'.findAll('[0-9]+', 0)")).toEqual([]);
    expect(ev("'123 abc 456'.findAll('[0-9]+', -1)")).toEqual(["123", "456"]);
    expect(ev("'abc'.findAll('[0-9]+')")).toEqual([]);
    // Go skips an empty match right after a match
    expect(ev("'baaa'.findAll('a*')")).toEqual(["", "aaa"]);
    expect(ev("'héllo'.findAll('')")).toEqual(["", "", "", "", "", ""]);
  });
});
