/**
 * Value codec for the store: JSON vs @msgpack/msgpack vs msgpackr (standard maps, and
 * records with shared structures as lmdb-js uses them, inline records, and the store's own
 * ValueCodec as the LMDB store calls it: encodeChecked into its slab, decodeRange), encode
 * and decode of a ~2 KB Pod, each to or from bytes. Every figure is the median of
 * KUBUN_BENCH_REPEAT (default 3) mitata runs.
 * Prints one line per figure and rewrites the "Storage: codec" section of RESULTS.md.
 */
import { Decoder, Encoder } from "@msgpack/msgpack";
import { loadavg } from "node:os";
import { measure, do_not_optimize } from "mitata";
import { Packr } from "msgpackr";
import { ValueCodec } from "../src/storage/codec.ts";
import { makePod } from "../test/unit/storage/fixtures/pod.ts";
import { report, type Figure } from "./harness.ts";

const pods = Array.from({ length: 64 }, (_, i) => makePod(i));
const te = new TextEncoder();
const td = new TextDecoder();

const mpEncoder = new Encoder();
const mpDecoder = new Decoder();
const standard = new Packr({ useRecords: false, moreTypes: false });
let shared: object[] = [];
const records = new Packr({
  structures: shared,
  maxSharedStructures: 64,
  getStructures: () => shared,
  saveStructures: (s: object[]) => {
    shared = s;
  },
});

const inline = new Packr({ useRecords: true });
const store = new ValueCodec("records");

interface Codec {
  name: string;
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}

const scratch = new Uint8Array(1 << 16);
const codecs: Codec[] = [
  { name: "json", encode: (v) => te.encode(JSON.stringify(v)), decode: (b) => JSON.parse(td.decode(b)) },
  {
    name: "json (encodeInto a reused buffer)",
    encode: (v) => scratch.subarray(0, te.encodeInto(JSON.stringify(v), scratch).written),
    decode: (b) => JSON.parse(td.decode(b)),
  },
  { name: "@msgpack/msgpack", encode: (v) => mpEncoder.encode(v), decode: (b) => mpDecoder.decode(b) },
  { name: "msgpackr-standard", encode: (v) => standard.pack(v), decode: (b) => standard.unpack(b) },
  { name: "msgpackr-records", encode: (v) => records.pack(v), decode: (b) => records.unpack(b) },
  { name: "store (ValueCodec)", encode: (v) => store.encodeChecked("k", v), decode: (b) => store.decodeRange(b, 0, b.length) },
  { name: "msgpackr-inline", encode: (v) => inline.pack(v), decode: (b) => inline.unpack(b) },
];

const figures: Figure[] = [];
const ROUNDS = Math.max(1, Number(process.env.KUBUN_BENCH_REPEAT ?? 3));
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

for (const c of codecs) {
  const encoded = pods.map((p) => c.encode(p).slice());
  for (let i = 0; i < pods.length; i++) {
    const back = c.decode(encoded[i]!);
    if (JSON.stringify(back) !== JSON.stringify(pods[i])) throw new Error(`${c.name} does not round-trip`);
  }
  let i = 0;
  const enc: number[] = [];
  const dec: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    enc.push((await measure(() => do_not_optimize(c.encode(pods[i++ & 63])))).avg / 1000);
    dec.push((await measure(() => do_not_optimize(c.decode(encoded[i++ & 63]!)))).avg / 1000);
  }
  figures.push({ name: `${c.name} encode`, value: median(enc), unit: "µs" });
  figures.push({ name: `${c.name} decode`, value: median(dec), unit: "µs" });
  figures.push({ name: `${c.name} size`, value: encoded[0]!.length, unit: "bytes" });
}
report(
  "Storage: codec",
  figures,
  `2 KB Pod-like object (JSON 2.2 KB); medians of ${ROUNDS} runs; load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} at the end. The store uses msgpackr records with shared structures ("store (ValueCodec)": once a shape is shared, its own record writer, src/storage/record-packer.ts, writes the same bytes as msgpackr-records, straight into the value's slab); see docs/decisions.md, Storage.`,
);
