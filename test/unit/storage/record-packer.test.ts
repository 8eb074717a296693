/**
 * The fast record writer must write exactly msgpackr's bytes for every value it takes
 * (stored data must not depend on which writer ran) and decline everything else.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { Packr, RESET_BUFFER_MODE } from "msgpackr";
import { NO_ROOM, NOT_FAST, RecordPacker, setScratchForTest } from "../../../src/storage/record-packer.ts";
import { ValueCodec, VALUE_HEADROOM } from "../../../src/storage/codec.ts";
import { ValueTooLargeError } from "../../../src/storage/errors.ts";
import { makePod } from "./fixtures/pod.ts";
import { deepFreeze } from "../../../src/util/deep-freeze.ts";
import { encodingsOf, holdEncodings } from "../../../src/util/encoding-cache.ts";

/** A msgpackr packer set up as the store's codec sets up its own. */
function reference(): { packr: Packr; structures: unknown[] } {
  let structures: unknown[] = [];
  const packr = new Packr({
    structures: structures as object[],
    maxSharedStructures: 2048,
    getStructures: () => structures as object[],
    saveStructures: (s: object[]) => {
      structures = s;
      return true;
    },
  } as ConstructorParameters<typeof Packr>[0]);
  return {
    packr,
    get structures() {
      return (packr as unknown as { structures: unknown[] }).structures;
    },
  };
}

const bytes = (b: Uint8Array | undefined) => (b === undefined ? undefined : Array.from(b));

const strings = [
  "", "a", "TCP", "x".repeat(19), "x".repeat(20), "x".repeat(31), "x".repeat(32), "x".repeat(63), "x".repeat(64),
  "x".repeat(255), "x".repeat(256), "x".repeat(65535), "x".repeat(65536),
  "é".repeat(10), "é".repeat(31), "€".repeat(30), "€".repeat(100), "€".repeat(21_846), "日本語のラベル",
  "😀 grin", "😀".repeat(40), "lone \ud800 high", "lone \udc00 low", "\ud800", "ascii then é".repeat(7),
];
const numbers = [
  0, 1, 63, 64, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -1, -32, -33, -128, -129, -32768,
  -32769, -(2 ** 31), -(2 ** 31) - 1, 1.5, -0.25, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e300,
];
const others = [true, false, null, undefined, [], [1, "two", null], Array.from({ length: 15 }, (_, i) => i),
  Array.from({ length: 16 }, (_, i) => i), Array.from({ length: 70_000 }, (_, i) => i % 100), {}, [[[]]], [{}]];

describe("RecordPacker", () => {
  afterEach(() => setScratchForTest(undefined));

  test("writes msgpackr's bytes for every scalar, string and array form", () => {
    const ref = reference();
    const fast = new RecordPacker();
    for (const v of [...strings, ...numbers, ...others]) {
      // long strings and arrays once, to stay within the scratch buffer
      const long = (typeof v === "string" || Array.isArray(v)) && v.length > 20_000;
      const value = long ? { v } : { v, list: [v, { v }] };
      const expected = bytes(ref.packr.pack(value, RESET_BUFFER_MODE)); // shares the shapes
      const got = fast.pack(value, ref.structures);
      const what = `${typeof v} ${JSON.stringify(v)?.slice(0, 30)} (length ${(v as { length?: number })?.length})`;
      if (got === undefined) throw new Error(`declined: ${what}`);
      if (JSON.stringify(bytes(got)) !== JSON.stringify(expected)) throw new Error(`bytes differ for ${what}`);
      // msgpack has no negative zero and UTF-8 no lone surrogate (read back as 0 and U+FFFD,
      // as with msgpackr alone)
      const exact = !Object.is(v, -0) && (typeof v !== "string" || v.isWellFormed());
      if (exact) expect(ref.packr.unpack(got!)).toEqual(value);
    }
  });

  test("writes msgpackr's bytes for pods and for two-byte record ids", () => {
    const ref = reference();
    const fast = new RecordPacker();
    // 100 shapes: record ids past 0x60 take two bytes
    const values: unknown[] = Array.from({ length: 100 }, (_, i) => ({ [`f${i}`]: i, nested: { [`g${i}`]: [`s${i}`] } }));
    for (let i = 0; i < 50; i++) values.push(makePod(i));
    for (const v of values) ref.packr.pack(v, RESET_BUFFER_MODE);
    expect(ref.structures.length).toBeGreaterThan(64);
    for (const v of values) {
      const expected = bytes(ref.packr.pack(v, RESET_BUFFER_MODE));
      const got = fast.pack(v, ref.structures);
      expect(bytes(got)).toEqual(expected!);
      expect(ref.packr.unpack(got!)).toEqual(v);
    }
  });

  test("declines what msgpackr must write itself", () => {
    const ref = reference();
    const fast = new RecordPacker();
    ref.packr.pack({ a: 1 }, RESET_BUFFER_MODE);
    const inherited = Object.create({ extra: 1 }) as Record<string, unknown>;
    inherited.a = 1;
    class Thing {
      a = 1;
    }
    const nullProto = Object.assign(Object.create(null), { a: 1 });
    const declined: unknown[] = [
      { b: 1 }, // a shape never shared
      { a: new Date(0) }, { a: new Map([["k", 1]]) }, { a: new Set([1]) }, { a: new Uint8Array(2) }, { a: 10n },
      { a: () => 1 }, { a: nullProto }, { a: new Thing() }, { a: inherited }, "a string", 5, null,
    ];
    for (const v of declined) expect(fast.pack(v, ref.structures)).toBeUndefined();
    // and a known shape alone still goes
    expect(fast.pack({ a: 2 }, ref.structures)).toBeDefined();
  });

  test("reports no room, and declines values bigger than its scratch", () => {
    const ref = reference();
    const fast = new RecordPacker();
    const pod = makePod(1);
    ref.packr.pack(pod, RESET_BUFFER_MODE);
    const target = Buffer.alloc(256);
    expect(fast.packInto(pod, ref.structures, target, new DataView(target.buffer, target.byteOffset, 256), 0, 256)).toBe(NO_ROOM);
    expect(fast.packInto({ zzz: 1 }, ref.structures, target, new DataView(target.buffer, target.byteOffset, 256), 0, 256)).toBe(NOT_FAST);
    setScratchForTest(128);
    expect(fast.pack(pod, ref.structures)).toBeUndefined();
    setScratchForTest(undefined);
    expect(bytes(fast.pack(pod, ref.structures))).toEqual(bytes(ref.packr.pack(pod, RESET_BUFFER_MODE))!);
  });

  test("a value read while packing that packs again is left to msgpackr", () => {
    const ref = reference();
    const fast = new RecordPacker();
    ref.packr.pack({ a: 1 }, RESET_BUFFER_MODE);
    let inner: Uint8Array | undefined | null = null;
    const tricky = {
      get a() {
        inner = fast.pack({ a: 2 }, ref.structures);
        return 1;
      },
    };
    expect(bytes(fast.pack(tricky, ref.structures))).toEqual(bytes(ref.packr.pack({ a: 1 }, RESET_BUFFER_MODE))!);
    expect(inner).toBeUndefined();
  });
});

describe("ValueCodec with the fast writer", () => {
  test("encodeChecked gives msgpackr's bytes, with headroom, across slab chunks", () => {
    const codec = new ValueCodec("records");
    const reader = new ValueCodec("records");
    const pods = Array.from({ length: 600 }, (_, i) => makePod(i)); // > 256 KiB: several chunks
    for (const p of pods) codec.encodeChecked("k", p); // shapes shared by msgpackr
    for (const p of pods) {
      const out = codec.encodeChecked("k", p);
      expect(codec.hasHeadroom(out)).toBe(true);
      expect(out.byteOffset).toBeGreaterThanOrEqual(VALUE_HEADROOM);
      expect(codec.decode(out)).toEqual(p);
      // a second codec restored from the saved structures reads the same bytes
      expect(new ValueCodec("records", ValueCodec.structuresFromBytes(codec.structuresBytes())).decode(out)).toEqual(p);
    }
    expect(reader.decode(reader.encodeChecked("k", pods[0]))).toEqual(pods[0]);
    // a codec restored from the saved structures (a restart) writes the very same bytes
    const restored = new ValueCodec("records", ValueCodec.structuresFromBytes(codec.structuresBytes()));
    for (const p of pods.slice(0, 50)) expect(Array.from(restored.encodeChecked("k", p))).toEqual(Array.from(codec.encodeChecked("k", p)));
    expect(restored.takeDirty()).toBe(false);
  });

  test("values never overlap and are never rewritten", () => {
    const codec = new ValueCodec("records");
    const pods = Array.from({ length: 400 }, (_, i) => makePod(i));
    const outs = pods.map((p) => codec.encodeChecked("k", p));
    const copies = outs.map((o) => Array.from(o));
    for (const p of pods) codec.encodeChecked("k", p);
    outs.forEach((o, i) => expect(Array.from(o)).toEqual(copies[i]!));
  });

  test("the size limit holds on the fast path", () => {
    const codec = new ValueCodec("records");
    const v = { data: "x".repeat(2000) };
    codec.encodeChecked("k", v);
    expect(() => codec.encodeChecked("/registry/configmaps/big", v, 1000)).toThrow(ValueTooLargeError);
    // nothing was handed out by the failed call: the next value still decodes
    expect(codec.decode(codec.encodeChecked("k", { data: "ok" }))).toEqual({ data: "ok" });
  });

  test("the codec without slabs returns exact private copies", () => {
    const codec = new ValueCodec("records", undefined, { slab: false });
    const a = { data: "one" };
    codec.encodeChecked("k", a);
    const x = codec.encodeChecked("k", a);
    const y = codec.encodeChecked("k", { data: "two" });
    expect(codec.decode(x)).toEqual(a);
    expect(codec.decode(y)).toEqual({ data: "two" });
    expect(codec.decode(codec.encode(a))).toEqual(a);
  });
});

describe("shapes msgpackr does not share", () => {
  /** A pod whose managedFields name a volume unique to it, as the kube-api-access volume is. */
  function podWithUniqueKeys(i: number): Record<string, unknown> {
    const p = makePod(i) as Record<string, any>;
    const vol = `kube-api-access-${i.toString(36).padStart(5, "x")}`;
    p.metadata.managedFields = [
      { manager: "kubectl", operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:volumes": { ".": {}, [`k:{"name":"${vol}"}`]: { ".": {}, "f:name": {} } } } } },
    ];
    p.metadata.labels = { ...p.metadata.labels, [`example.com/run-${i}`]: "x" };
    return p;
  }

  /** The same codec with its fast writer never taking a value: what msgpackr alone stores. */
  function msgpackrOnly(): ValueCodec {
    const c = new ValueCodec("records", undefined, { slab: false });
    (c as unknown as { packFast: () => undefined }).packFast = () => undefined;
    return c;
  }

  test("are plain maps written by the fast writer, byte for byte as msgpackr writes them", () => {
    const codec = new ValueCodec("records", undefined, { slab: false });
    const slow = msgpackrOnly();
    // enough distinct shapes to use half the structure budget, after which data-keyed shapes stay unshared
    const values = Array.from({ length: 1500 }, (_, i) => podWithUniqueKeys(i));
    for (const v of values) expect(Array.from(codec.encode(v))).toEqual(Array.from(slow.encode(v)));
    expect(Array.from(codec.structuresBytes())).toEqual(Array.from(slow.structuresBytes()));
    // past that point the fast writer takes these values whole
    const fast = (codec as unknown as { fast: RecordPacker }).fast;
    const live = (codec as unknown as { packr: { structures: unknown[] } }).packr.structures;
    const late = podWithUniqueKeys(99_999);
    expect(fast.pack(late, live)).toBeDefined();
    const out = codec.encode(late);
    expect(Array.from(out)).toEqual(Array.from(slow.encode(late)));
    expect(codec.decode(out)).toEqual(late);
    // a reader restored from the saved structures reads it back as objects, not Maps
    expect(new ValueCodec("records", ValueCodec.structuresFromBytes(codec.structuresBytes())).decode(out)).toEqual(late);
  });
});

describe("values holding their encodings (util/encoding-cache.ts)", () => {
  /** A pod whose managedFields' set is frozen and holds its encodings, as createFieldsV1's shared sets do. */
  function podWithHeldSet(i: number, set: Record<string, unknown>): Record<string, unknown> {
    const p = makePod(i) as Record<string, any>;
    p.metadata.managedFields = [{ manager: "kubectl", operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: set }];
    return p;
  }
  const setText = () => ({ "f:metadata": { "f:labels": { ".": {}, "f:app": {} } }, "f:spec": { "f:containers": { 'k:{"name":"web"}': { ".": {}, "f:image": {}, "f:name": {} } } } });

  test("write the bytes an unheld copy writes, remembered once and reused", () => {
    const codec = new ValueCodec("records", undefined, { slab: false });
    const held = deepFreeze(holdEncodings(setText()));
    const plain = setText();
    codec.encodeChecked("k", podWithHeldSet(0, plain)); // shapes shared by msgpackr
    const first = codec.encodeChecked("k", podWithHeldSet(1, held));
    expect(Array.from(first)).toEqual(Array.from(codec.encodeChecked("k", podWithHeldSet(1, plain))));
    const remembered = encodingsOf(held)!.packed!;
    expect(remembered).toBeDefined();
    // values written in between overwrite the scratch buffer the first write used
    // (twice: msgpackr packs a shape it has not shared yet, in its own buffer)
    for (let i = 0; i < 2; i++) codec.encodeChecked("k", { data: "x".repeat(8000) });
    // the second write copies the remembered bytes (the holder keeps the same ones)
    const again = codec.encodeChecked("k", podWithHeldSet(2, held));
    expect(Array.from(again)).toEqual(Array.from(codec.encodeChecked("k", podWithHeldSet(2, plain))));
    expect(codec.decode(again)).toEqual(podWithHeldSet(2, plain));
    expect(encodingsOf(held)!.packed).toBe(remembered);
    // the holder is invisible to keys, JSON and clones
    expect(Object.keys(held)).toEqual(Object.keys(plain));
    expect(JSON.stringify(held)).toBe(JSON.stringify(plain));
    expect(structuredClone(held)).toEqual(plain);
  });

  test("are written again for another codec's structures", () => {
    const a = new ValueCodec("records", undefined, { slab: false });
    const b = new ValueCodec("records");
    const held = deepFreeze(holdEncodings(setText()));
    // b shares shapes in another order, so its record ids differ from a's
    b.encodeChecked("k", { other: 1, shape: 2 });
    for (const c of [a, b, a, b]) {
      c.encodeChecked("k", podWithHeldSet(0, setText()));
      const out = c.encodeChecked("k", podWithHeldSet(1, held));
      expect(c.decode(out)).toEqual(podWithHeldSet(1, setText()));
      expect(Array.from(out)).toEqual(Array.from(c.encodeChecked("k", podWithHeldSet(1, setText()))));
    }
  });

  test("a held value too big for the space left is retried whole, not cut", () => {
    const codec = new ValueCodec("records");
    const held = deepFreeze(holdEncodings(setText()));
    codec.encodeChecked("k", podWithHeldSet(0, setText()));
    // fill slab chunks so that some values land at a chunk's end
    for (let i = 0; i < 400; i++) {
      const out = codec.encodeChecked("k", podWithHeldSet(i, held));
      expect(codec.decode(out)).toEqual(podWithHeldSet(i, setText()));
    }
  });
});
