/**
 * Encodings remembered on values that many objects share and nobody changes (createFieldsV1's
 * frozen FieldsV1 sets): a writer that meets such a value copies the bytes it wrote for it
 * before instead of walking it again (storage/record-packer.ts).
 *
 * The holder sits under a symbol and is not enumerable, so Object.keys, for-in, JSON and
 * structured clone never see it. It must be attached before the value is frozen; the holder
 * itself stays writable.
 */
export const ENCODINGS: unique symbol = Symbol("kubun.encodings");

export interface EncodingCache {
  /** msgpack bytes of the value, valid for the record structures `packedWith`. */
  packed?: Uint8Array;
  packedWith?: object;
}

/** Gives `value` (not yet frozen) a holder for its encodings; returns `value`. */
export function holdEncodings<T extends object>(value: T): T {
  Object.defineProperty(value, ENCODINGS, { value: {} satisfies EncodingCache, enumerable: false, writable: false, configurable: false });
  return value;
}

/** The holder of a value given one by holdEncodings. */
export function encodingsOf(value: object): EncodingCache | undefined {
  return (value as { [ENCODINGS]?: EncodingCache })[ENCODINGS];
}
