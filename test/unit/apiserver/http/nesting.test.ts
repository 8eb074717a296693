import { describe, expect, test } from "bun:test";
import { jsonTooDeep, MAX_NESTING_DEPTH, valueTooDeep } from "../../../../src/apiserver/http/nesting.ts";

const nested = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);

describe("request document nesting", () => {
  test("JSON nested up to the limit passes; one level more is too deep", () => {
    expect(jsonTooDeep(nested(MAX_NESTING_DEPTH))).toBe(false);
    expect(jsonTooDeep(nested(MAX_NESTING_DEPTH + 1))).toBe(true);
    const objects = '{"a":'.repeat(MAX_NESTING_DEPTH + 1) + "1" + "}".repeat(MAX_NESTING_DEPTH + 1);
    expect(jsonTooDeep(objects)).toBe(true);
  });

  test("brackets inside strings, escaped quotes included, do not count", () => {
    const inString = `{"s":"${"[".repeat(3 * MAX_NESTING_DEPTH)}\\"${"{".repeat(10)}"}`;
    expect(jsonTooDeep(inString)).toBe(false);
    expect(jsonTooDeep(`["\\\\", ${nested(MAX_NESTING_DEPTH)}]`)).toBe(true);
  });

  test("long flat documents are not too deep", () => {
    expect(jsonTooDeep(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i }))))).toBe(false);
  });

  test("a decoded value is measured without recursion", () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = { a: v };
    expect(valueTooDeep(v)).toBe(true);
    let ok: unknown = [];
    for (let i = 1; i < MAX_NESTING_DEPTH; i++) ok = [ok];
    expect(valueTooDeep(ok)).toBe(false);
    expect(valueTooDeep([ok])).toBe(true);
  });
});
