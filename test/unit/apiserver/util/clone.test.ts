import { describe, expect, test } from "bun:test";
import { jsonClone } from "../../../../src/apiserver/util/clone.ts";
import { makePod } from "../../storage/fixtures/pod.ts";

const roundTrip = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

class Thing {
  a = 1;
}

describe("jsonClone equals a JSON round trip", () => {
  test.each<[string, unknown]>([
    ["a pod", makePod(3)],
    ["nested arrays and nulls", { a: [1, [2, [3, null]], { b: null }], c: "x", d: false, e: 0, f: -0 }],
    ["undefined, functions and symbols in objects are dropped", { a: undefined, b: () => 1, c: Symbol("s"), d: 1 }],
    ["undefined, functions and symbols in arrays become null", [undefined, () => 1, Symbol("s"), 2]],
    ["non-finite numbers become null", { a: NaN, b: Infinity, c: [-Infinity] }],
    ["toJSON is honoured", { when: new Date(0), custom: { toJSON: () => "custom" } }],
    ["class instances are copied as JSON sees them", { t: new Thing() }],
    ["a top-level primitive", "text"],
    ["a top-level null", null],
    ["undefined stays undefined", undefined],
    ["an object with a null prototype", Object.assign(Object.create(null), { a: 1 })],
  ])("%s", (_name, v) => {
    expect(jsonClone(v)).toEqual(roundTrip(v));
  });

  test("the copy shares nothing with the original", () => {
    const p = makePod(1) as { metadata: { labels: Record<string, string> }; spec: { containers: { ports: unknown[] }[] } };
    const c = jsonClone(p);
    c.metadata.labels.extra = "x";
    c.spec.containers[0]!.ports.push({ containerPort: 1 });
    expect(p).toEqual(makePod(1) as typeof p);
  });
});
