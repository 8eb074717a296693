/** A minimal protobuf writer for building Kubernetes protobuf request bodies in tests. */

export type Part = number[];

const enc = new TextEncoder();

export function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

export const tag = (n: number, wireType: number): Part => varint(n * 8 + wireType);
/** A varint field (wire type 0). */
export const vint = (n: number, v: number | bigint | boolean): Part => [...tag(n, 0), ...varint(typeof v === "boolean" ? (v ? 1 : 0) : v)];
/** A length-delimited field (wire type 2). */
export const bytes = (n: number, b: number[] | Uint8Array): Part => [...tag(n, 2), ...varint(b.length), ...b];
export const str = (n: number, s: string): Part => bytes(n, enc.encode(s));
/** An embedded message. */
export const msg = (n: number, ...parts: Part[]): Part => bytes(n, parts.flat());
/** A map entry: key 1, value field as given. */
export const entry = (n: number, key: string, value: Part): Part => msg(n, str(1, key), value);
/** A string-to-string map entry. */
export const strEntry = (n: number, key: string, value: string): Part => entry(n, key, str(2, value));

/** The "k8s\0" envelope of a runtime.Unknown holding `raw` as apiVersion/kind. */
export function envelope(apiVersion: string, kind: string, raw: number[]): Uint8Array {
  return new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...msg(1, str(1, apiVersion), str(2, kind)), ...bytes(2, raw)]);
}
