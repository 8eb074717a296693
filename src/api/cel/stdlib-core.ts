/** CEL's standard functions: size, type conversions, string tests, timestamp/duration getters. */
import { CelEvalError } from "./errors.ts";
import { global, type Library, method } from "./functions.ts";
import { doubleToInt, doubleToUint, INT64_MAX, INT64_MIN, UINT64_MAX } from "./numbers.ts";
import { compileRe2 } from "./re2.ts";
import { codePointLength, utf8Decode, utf8Encode } from "./text.ts";
import { checkTimestamp, civilTime, type CivilTime, formatDuration, formatTimestamp, parseDuration, parseTimestamp } from "./time.ts";
import {
  type CelDuration,
  type CelList,
  type CelMap,
  type CelTimestamp,
  CelType,
  CelUint,
  type CelValue,
  formatDouble,
  typeName,
} from "./values.ts";

const conversionError = (from: CelValue, to: string): CelEvalError =>
  new CelEvalError(`type conversion error from '${typeName(from)}' to '${to}'`);

const size = [
  [["string"], (s: string) => BigInt(codePointLength(s))],
  [["bytes"], (b: Uint8Array) => BigInt(b.length)],
  [["list"], (l: CelList) => BigInt(l.size)],
  [["map"], (m: CelMap) => BigInt(m.size)],
] as const;

function stringToInt(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw conversionError(s, "int");
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) throw conversionError(s, "int");
  return v;
}

function stringToUint(s: string): CelUint {
  if (!/^\d+$/.test(s)) throw conversionError(s, "uint");
  const v = BigInt(s);
  if (v > UINT64_MAX) throw conversionError(s, "uint");
  return new CelUint(v);
}

/** Go's strconv.ParseFloat for decimal input, inf and nan. */
function stringToDouble(s: string): number {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw conversionError(s, "double");
  const d = Number(s);
  if (!Number.isFinite(d)) throw conversionError(s, "double");
  return d;
}

const GO_BOOLS: Record<string, boolean> = {
  "1": true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  "0": false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

function floorSeconds(nanos: bigint): bigint {
  const q = nanos / 1_000_000_000n;
  return nanos < 0n && q * 1_000_000_000n !== nanos ? q - 1n : q;
}

function timeGetter(get: (c: CivilTime) => number): ReturnType<typeof method> {
  return method(
    [0, 1],
    [["timestamp"], (t: CelTimestamp) => BigInt(get(civilTime(t)))],
    [["timestamp", "string"], (t: CelTimestamp, tz: string) => BigInt(get(civilTime(t, tz)))],
  );
}

function durationGetter(unit: bigint): [readonly ["duration"], (d: CelDuration) => bigint] {
  return [["duration"], (d: CelDuration) => d.nanos / unit];
}

export const CORE_LIBRARY: Library = {
  size: [global([1], ...size), method([0], ...size)],

  int: global(
    [1],
    [["int"], (v: bigint) => v],
    [
      ["uint"],
      (v: CelUint) => {
        if (v.value > INT64_MAX) throw new CelEvalError("integer overflow");
        return v.value;
      },
    ],
    [["double"], doubleToInt],
    [["string"], stringToInt],
    [["timestamp"], (t: CelTimestamp) => floorSeconds(t.nanos)],
    [["duration"], (d: CelDuration) => d.nanos],
  ),
  uint: global(
    [1],
    [["uint"], (v: CelUint) => v],
    [
      ["int"],
      (v: bigint) => {
        if (v < 0n) throw new CelEvalError("unsigned integer overflow");
        return new CelUint(v);
      },
    ],
    [["double"], doubleToUint],
    [["string"], stringToUint],
  ),
  double: global(
    [1],
    [["double"], (v: number) => v],
    [["int"], (v: bigint) => Number(v)],
    [["uint"], (v: CelUint) => Number(v.value)],
    [["string"], stringToDouble],
  ),
  string: global(
    [1],
    [["string"], (v: string) => v],
    [["bool"], (v: boolean) => String(v)],
    [["int"], (v: bigint) => v.toString()],
    [["uint"], (v: CelUint) => v.value.toString()],
    [["double"], formatDouble],
    [["bytes"], utf8Decode],
    [["timestamp"], formatTimestamp],
    [["duration"], formatDuration],
  ),
  bool: global(
    [1],
    [["bool"], (v: boolean) => v],
    [
      ["string"],
      (s: string) => {
        const b = GO_BOOLS[s];
        if (b === undefined) throw conversionError(s, "bool");
        return b;
      },
    ],
  ),
  bytes: global([1], [["bytes"], (v: Uint8Array) => v], [["string"], utf8Encode]),
  type: global([1], [["any"], (v: CelValue) => new CelType(typeName(v))]),
  dyn: global([1], [["any"], (v: CelValue) => v]),
  timestamp: global(
    [1],
    [["timestamp"], (t: CelTimestamp) => t],
    [["string"], parseTimestamp],
    [["int"], (s: bigint) => checkTimestamp(s * 1_000_000_000n)],
  ),
  duration: global([1], [["duration"], (d: CelDuration) => d], [["string"], parseDuration]),

  contains: method([1], [["string", "string"], (s: string, sub: string) => s.includes(sub)]),
  startsWith: method([1], [["string", "string"], (s: string, p: string) => s.startsWith(p)]),
  endsWith: method([1], [["string", "string"], (s: string, p: string) => s.endsWith(p)]),
  matches: [
    global([2], [["string", "string"], (s: string, re: string) => compileRe2(re).re.test(s)]),
    method([1], [["string", "string"], (s: string, re: string) => compileRe2(re).re.test(s)]),
  ],

  getFullYear: timeGetter((c) => c.year),
  getMonth: timeGetter((c) => c.month - 1),
  getDayOfYear: timeGetter((c) => c.yearDay - 1),
  getDayOfMonth: timeGetter((c) => c.day - 1),
  getDate: timeGetter((c) => c.day),
  getDayOfWeek: timeGetter((c) => c.weekday),
  getHours: [timeGetter((c) => c.hour), method([0], durationGetter(3_600_000_000_000n))],
  getMinutes: [timeGetter((c) => c.minute), method([0], durationGetter(60_000_000_000n))],
  getSeconds: [timeGetter((c) => c.second), method([0], durationGetter(1_000_000_000n))],
  getMilliseconds: [timeGetter((c) => c.millis), method([0], durationGetter(1_000_000n))],
};
