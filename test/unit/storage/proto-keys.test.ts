import { describe, expect, test } from "bun:test";
import { ValueCodec } from "../../../src/storage/codec.ts";
import { clonePlain } from "../../../src/storage/shared/clone.ts";
import { ESCAPED } from "../../../src/storage/proto-keys.ts";

/** Values as a client's JSON makes them: "__proto__" is an own member only through JSON.parse. */
const parse = (text: string) => JSON.parse(text) as Record<string, any>;

const POD = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}';
const WITH_PROTO = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p","labels":{"app":"web"}},"data":{"__proto__":"x","__proto_":"y","a":"b","app.conf":"z"}}';
const NESTED =
  '{"apiVersion":"example.com/v1","kind":"Bag","metadata":{"name":"b"},"spec":{"__proto__":{"n":{"__proto__":"deep"},"l":[{"__proto__":1}]},"\\u0000__proto__":"one nul","\\u0000\\u0000__proto__":"two nuls","constructor":{"name":"c"}}}';

/** Codecs as the stores use them: records (memory, LMDB) fresh and warmed up, and standard maps (etcd). */
function codecs(): [string, ValueCodec][] {
  const warm = new ValueCodec("records");
  // shapes shared first, so the fast writer (not msgpackr) meets the later values
  for (let i = 0; i < 3; i++) {
    warm.encode(parse(POD));
    warm.encode(parse(WITH_PROTO.replace('"__proto__":"x",', "")));
  }
  // past half the structure budget, shapes with data keys are plain maps the fast writer writes too
  const full = new ValueCodec("records");
  for (let i = 0; i < 1100; i++) full.encode({ [`field${i}`]: i });
  for (let i = 0; i < 3; i++) full.encode(parse(WITH_PROTO.replace('"__proto__":"x",', "")));
  return [
    ["records", new ValueCodec("records")],
    ["records, shapes shared", warm],
    ["records, half the structures used", full],
    ["standard", new ValueCodec("standard")],
  ];
}

describe("keys msgpackr would rename", () => {
  for (const [name, codec] of codecs()) {
    test(`${name}: "__proto__" keys at any depth, and NUL-prefixed look-alikes, come back as they were`, () => {
      for (const text of [WITH_PROTO, NESTED]) {
        const v = parse(text);
        const back = codec.decode<Record<string, any>>(codec.encode(v));
        expect(JSON.stringify(back)).toBe(JSON.stringify(v));
        expect(Object.getPrototypeOf(back.metadata)).toBe(Object.prototype);
        const viaChecked = codec.decode<Record<string, any>>(codec.encodeChecked("/k", v).slice());
        expect(JSON.stringify(viaChecked)).toBe(JSON.stringify(v));
      }
    });

    test(`${name}: a value without them is stored exactly as before (no marker) and one with the marker's key is kept`, () => {
      const plain = parse(POD);
      const bytes = codec.encode(plain);
      expect(new TextDecoder().decode(bytes)).not.toContain("kubun:escaped-keys");
      expect(codec.decode(bytes)).toEqual(plain);
      const marked = parse(POD);
      marked[ESCAPED] = parse('{"__proto__":"not a marker"}');
      const back = codec.decode<Record<string, any>>(codec.encode(marked));
      expect(JSON.stringify(back)).toBe(JSON.stringify(marked));
    });
  }

  test("values written by a codec read back in a fresh one with the saved structures (a restart)", () => {
    const codec = new ValueCodec("records");
    const stored = [POD, WITH_PROTO, NESTED, WITH_PROTO].map((t) => codec.encode(parse(t)));
    const restored = new ValueCodec("records", ValueCodec.structuresFromBytes(codec.structuresBytes()));
    expect(stored.map((b) => JSON.stringify(restored.decode(b)))).toEqual([POD, WITH_PROTO, NESTED, WITH_PROTO].map((t) => JSON.stringify(parse(t))));
  });

  test("the watchers' plain copy keeps a '__proto__' member a member", () => {
    const v = parse(NESTED);
    const c = clonePlain(v) as Record<string, any>;
    expect(JSON.stringify(c)).toBe(JSON.stringify(v));
    expect(Object.hasOwn(c.spec, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(c.spec)).toBe(Object.prototype);
  });
});
