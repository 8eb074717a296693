/**
 * How values print in custom resource errors (Go's %v and json.Marshal of decoded JSON)
 * and how CRD patterns (RE2 syntax) are compiled and cached.
 */
import { describe, expect, test } from "bun:test";
import { goBadValue, goFloat, goJSON, jsonEqual, jsonTypeOf } from "../../../../src/api/apiextensions/go-format.ts";
import { compilePattern } from "../../../../src/api/apiextensions/regex.ts";
import { formatBadValue } from "../../../../src/api/validation/field-error.ts";

describe("Go formatting", () => {
  test("%v of float64", () => {
    expect([1.5, 0.0001, 0.00001, 123456.5, 1e6, 1234567.5, 1e21, -2.5e-7].map(goFloat)).toEqual([
      "1.5",
      "0.0001",
      "1e-05",
      "123456.5",
      "1e+06",
      "1.2345675e+06",
      "1e+21",
      "-2.5e-07",
    ]);
  });
  test("json.Marshal sorts keys and escapes HTML", () => {
    expect(goJSON({ b: [1, "<a&b>"], a: null, c: { z: true, y: 1.5 } })).toBe('{"a":null,"b":[1,"\\u003ca\\u0026b\\u003e"],"c":{"y":1.5,"z":true}}');
  });
  test("bad values print as field.Error does", () => {
    expect([goBadValue("x"), goBadValue(3), goBadValue(2500000.5), goBadValue(true), goBadValue(null), goBadValue(["a", "b"]), goBadValue({ k: 1 })].map(formatBadValue)).toEqual([
      '"x"',
      "3",
      "2.5000005e+06",
      "true",
      "null",
      '["a","b"]',
      '{"k":1}',
    ]);
  });
  test("whole numbers are integers", () => {
    expect([jsonTypeOf(1), jsonTypeOf(1.5), jsonTypeOf(2 ** 64), jsonTypeOf(null), jsonTypeOf([]), jsonTypeOf({})]).toEqual(["integer", "number", "number", "null", "array", "object"]);
  });
  test("deep equality", () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});

describe("compilePattern", () => {
  const matches = (p: string, s: string) => {
    const re = compilePattern(p);
    if (!(re instanceof RegExp)) throw new Error(re.error);
    return re.test(s);
  };
  test("RE2 flags, anchors and classes", () => {
    expect(matches("(?i)^abc$", "ABC")).toBe(true);
    expect(matches("\\Aab\\z", "ab")).toBe(true);
    expect(matches("\\Aab\\z", "ab\n")).toBe(false);
    expect(matches("^[[:alpha:]]+$", "abc")).toBe(true);
    expect(matches("^[[:digit:]]+$", "abc")).toBe(false);
    expect(matches("^\\pL+$", "é")).toBe(true);
    expect(matches("^(?P<x>a)$", "a")).toBe(true);
    expect(matches("a\\-b", "a-b")).toBe(true);
  });
  test("what RE2 refuses is invalid", () => {
    expect(compilePattern("(?!x)")).toEqual({ error: "error parsing regexp: invalid or unsupported Perl syntax: `(?!`" });
    expect(compilePattern("(a)\\1")).toEqual({ error: "error parsing regexp: invalid escape sequence: `\\1`" });
    expect(compilePattern("+")).toHaveProperty("error");
  });
  test("compiled once per pattern", () => {
    expect(compilePattern("^x+$")).toBe(compilePattern("^x+$"));
  });
});
