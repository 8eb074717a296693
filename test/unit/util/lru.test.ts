import { describe, expect, test } from "bun:test";
import { LRU } from "../../../src/util/lru.ts";

type Op = ["set", string, number] | ["get", string, number | undefined] | ["delete", string, boolean] | ["keys", string[]];

describe("LRU", () => {
  test.each<[string, number, Op[]]>([
    ["evicts the least recently set", 2, [["set", "a", 1], ["set", "b", 2], ["set", "c", 3], ["get", "a", undefined], ["keys", ["c", "b"]]]],
    ["get makes an entry recent", 2, [["set", "a", 1], ["set", "b", 2], ["get", "a", 1], ["set", "c", 3], ["get", "b", undefined], ["keys", ["c", "a"]]]],
    ["set of an existing key replaces and makes it recent", 2, [["set", "a", 1], ["set", "b", 2], ["set", "a", 9], ["set", "c", 3], ["get", "a", 9], ["get", "b", undefined]]],
    ["delete unlinks head, middle and tail", 4, [["set", "a", 1], ["set", "b", 2], ["set", "c", 3], ["set", "d", 4], ["delete", "b", true], ["delete", "d", true], ["delete", "a", true], ["delete", "a", false], ["keys", ["c"]], ["set", "e", 5], ["keys", ["e", "c"]]]],
    ["capacity one", 1, [["set", "a", 1], ["set", "b", 2], ["keys", ["b"]], ["get", "b", 2], ["get", "a", undefined]]],
  ])("%s", (_name, capacity, ops) => {
    const l = new LRU<string, number>(capacity);
    for (const op of ops) {
      if (op[0] === "set") l.set(op[1], op[2]);
      else if (op[0] === "get") expect(l.get(op[1])).toBe(op[2]);
      else if (op[0] === "delete") expect(l.delete(op[1])).toBe(op[2]);
      else expect([...l.keys()]).toEqual(op[1]);
    }
    expect(l.size).toBeLessThanOrEqual(capacity);
  });

  test("matches a reference model over a long random sequence", () => {
    const l = new LRU<number, number>(64);
    const model: number[] = []; // keys, most recent first
    const values = new Map<number, number>();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 200;
    for (let i = 0; i < 20_000; i++) {
      const k = rnd();
      const touch = () => {
        model.splice(model.indexOf(k), 1);
        model.unshift(k);
      };
      if (i % 3 === 0) {
        const want = model.includes(k) ? values.get(k) : undefined;
        if (want !== undefined) touch();
        expect(l.get(k)).toBe(want);
      } else if (i % 11 === 0) {
        const had = model.includes(k);
        if (had) model.splice(model.indexOf(k), 1);
        expect(l.delete(k)).toBe(had);
      } else {
        if (model.includes(k)) touch();
        else model.unshift(k);
        values.set(k, i);
        l.set(k, i);
        if (model.length > 64) model.pop();
      }
    }
    expect([...l.keys()]).toEqual(model);
    expect(l.size).toBe(model.length);
  });
});
