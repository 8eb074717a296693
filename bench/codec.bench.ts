/**
 * Value codec for the store: JSON vs @msgpack/msgpack vs msgpackr (standard maps, and
 * records with shared structures as lmdb-js uses them, inline records, and the store's own
 * ValueCodec), encode and decode of a ~2 KB Pod.
 * Prints one line per figure: `codec <variant> <encode|decode> <ns/op> <ops/s> <bytes>`.
 */
import { Decoder, Encoder } from "@msgpack/msgpack";
import { measure, do_not_optimize } from "mitata";
import { Packr } from "msgpackr";
import { ValueCodec } from "../src/storage/codec.ts";
import { makePod } from "../test/unit/storage/fixtures/pod.ts";

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

const codecs: Codec[] = [
  { name: "json", encode: (v) => te.encode(JSON.stringify(v)), decode: (b) => JSON.parse(td.decode(b)) },
  { name: "@msgpack/msgpack", encode: (v) => mpEncoder.encode(v), decode: (b) => mpDecoder.decode(b) },
  { name: "msgpackr-standard", encode: (v) => standard.pack(v), decode: (b) => standard.unpack(b) },
  { name: "msgpackr-records", encode: (v) => records.pack(v), decode: (b) => records.unpack(b) },
  { name: "store (ValueCodec)", encode: (v) => store.encode(v), decode: (b) => store.decode(b) },
  { name: "msgpackr-inline", encode: (v) => inline.pack(v), decode: (b) => inline.unpack(b) },
];

function line(codec: string, op: string, ns: number, bytes: number): void {
  console.log(`codec ${codec.padEnd(18)} ${op.padEnd(6)} ${ns.toFixed(0).padStart(6)} ns/op ${Math.round(1e9 / ns).toString().padStart(9)} ops/s ${bytes} bytes`);
}

for (const c of codecs) {
  const encoded = pods.map((p) => c.encode(p).slice());
  for (let i = 0; i < pods.length; i++) {
    const back = c.decode(encoded[i]!);
    if (JSON.stringify(back) !== JSON.stringify(pods[i])) throw new Error(`${c.name} does not round-trip`);
  }
  let i = 0;
  const enc = await measure(() => do_not_optimize(c.encode(pods[i++ & 63])));
  line(c.name, "encode", enc.p50, encoded[0]!.length);
  const dec = await measure(() => do_not_optimize(c.decode(encoded[i++ & 63]!)));
  line(c.name, "decode", dec.p50, encoded[0]!.length);
}
