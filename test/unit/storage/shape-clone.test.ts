import { describe, expect, test } from "bun:test";
import { ShapeCopiers } from "../../../src/storage/shared/shape-clone.ts";
import { makePod } from "./fixtures/pod.ts";

/** The copier for `v`, after showing its shape once (the first sighting compiles nothing). */
function copierFor(v: unknown) {
  const c = new ShapeCopiers();
  expect(c.for(v)).toBeUndefined();
  return c.for(v);
}

describe("ShapeCopiers", () => {
  test.each([
    ["a Pod", makePod(3)],
    ["empty containers and nulls", { a: {}, b: [], c: null, d: [null, [], {}], e: false, f: 0, g: "" }],
    ["odd keys", { "": 1, "a\"b": 2, "line\nbreak": 3, "\u0000x": 4, "é": 5, "1:a": { "}": "]" }, "constructor": "x" }],
    ["nested arrays", [[1, [2, [3, { x: [4] }]]], "s"]],
  ])("copies %s deeply and exactly", (_, v) => {
    const copy = copierFor(v)!;
    expect(copy).toBeFunction();
    const c = copy(v);
    expect(c).toEqual(v);
    expect(JSON.stringify(c)).toBe(JSON.stringify(v));
    if (typeof v === "object" && v !== null) expect(c).not.toBe(v);
  });

  test("copies are independent of the template and of each other", () => {
    const v = makePod(1) as any;
    const copy = copierFor(v)!;
    const a = copy(v) as any;
    const b = copy(v) as any;
    a.spec.containers[0].ports.push({ x: 1 });
    a.metadata.labels.app = "changed";
    expect(v).toEqual(makePod(1));
    expect(b).toEqual(makePod(1));
    expect(a.spec.containers).not.toBe(b.spec.containers);
  });

  test("an own __proto__ key stays an own property", () => {
    const v = JSON.parse('{"__proto__": {"x": 1}, "a": [1]}');
    const c = copierFor(v)!(v) as Record<string, unknown>;
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(["__proto__", "a"]);
    expect(JSON.stringify(c)).toBe('{"__proto__":{"x":1},"a":[1]}');
  });

  test("shapes that differ anywhere get different copiers", () => {
    const c = new ShapeCopiers();
    const shapes = [
      { a: { b: 1 } }, { a: { c: 1 } }, { a: [1, 2] }, { a: [1] }, { a: [[1]] }, { a: 1, b: 1 }, { b: 1, a: 1 },
      { "1:a": 1 }, { "1": { a: 1 } }, { a: null }, { a: {} },
    ];
    for (const s of shapes) c.for(s);
    for (const s of shapes) {
      const copy = c.for(s)!;
      expect(copy(s)).toEqual(s);
    }
    // a copier is only ever handed out for its own shape
    const first = c.for(shapes[0])!;
    expect(c.for(shapes[1])).not.toBe(first);
  });

  test("non-plain values get no copier", () => {
    const c = new ShapeCopiers();
    for (const v of [{ a: new Uint8Array(2) }, [new Date(0)], { m: new Map() }]) {
      c.for(v);
      expect(c.for(v)).toBeUndefined();
    }
  });
});
