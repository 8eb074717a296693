/** Timestamps (RFC 3339, years 0001-9999) and durations (Go time.ParseDuration syntax). */
import { CelEvalError } from "./errors.ts";
import { checkInt } from "./numbers.ts";
import { CelDuration, CelTimestamp } from "./values.ts";

const NANOS = 1_000_000_000n;
/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z in Unix seconds. */
const MIN_UNIX = -62135596800n;
const MAX_UNIX = 253402300799n;

export function checkTimestamp(nanos: bigint): CelTimestamp {
  const sec = nanos >= 0n ? nanos / NANOS : -((-nanos + NANOS - 1n) / NANOS);
  if (sec < MIN_UNIX || sec > MAX_UNIX) throw new CelEvalError("timestamp overflow");
  return new CelTimestamp(nanos);
}

export function checkDuration(nanos: bigint): CelDuration {
  return new CelDuration(checkInt(nanos));
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses RFC 3339 as Go's time.Parse(time.RFC3339) does. */
export function parseTimestamp(s: string): CelTimestamp {
  const m = RFC3339.exec(s);
  if (m === null) throw new CelEvalError(`timestamp(${JSON.stringify(s)}): cannot parse as RFC 3339`);
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || se > 59) {
    throw new CelEvalError(`timestamp(${JSON.stringify(s)}): value out of range`);
  }
  let offsetMin = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) throw new CelEvalError(`timestamp(${JSON.stringify(s)}): time zone offset out of range`);
    offsetMin = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, se, 0);
  const sec = BigInt(date.getTime() / 1000 - offsetMin * 60);
  // Go accepts any number of fraction digits and keeps nanoseconds.
  const frac = BigInt((m[7] ?? "").slice(0, 9).padEnd(9, "0"));
  return checkTimestamp(sec * NANOS + frac);
}

function daysInMonth(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number;
}

/** Splits nanoseconds into floor seconds and the non-negative remainder. */
function splitNanos(nanos: bigint): { sec: bigint; nano: bigint } {
  let sec = nanos / NANOS;
  let nano = nanos % NANOS;
  if (nano < 0n) {
    sec -= 1n;
    nano += NANOS;
  }
  return { sec, nano };
}

/** RFC 3339 with trimmed nanoseconds, in UTC (Go's time.RFC3339Nano). */
export function formatTimestamp(t: CelTimestamp): string {
  const { sec, nano } = splitNanos(t.nanos);
  // Years 0001-9999 print with four digits: 2001-02-03T04:05:06.000Z
  const base = new Date(Number(sec) * 1000).toISOString().slice(0, 19);
  const frac = nano === 0n ? "" : "." + nano.toString().padStart(9, "0").replace(/0+$/, "");
  return `${base}${frac}Z`;
}

/** Seconds with the fraction Go's FormatFloat(d.Seconds(), 'f', -1) prints, plus "s". */
export function formatDuration(d: CelDuration): string {
  const neg = d.nanos < 0n;
  const a = neg ? -d.nanos : d.nanos;
  const frac = a % NANOS;
  const fs = frac === 0n ? "" : "." + frac.toString().padStart(9, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${a / NANOS}${fs}s`;
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  "µs": 1000n,
  "μs": 1000n,
  ms: 1_000_000n,
  s: NANOS,
  m: 60n * NANOS,
  h: 3600n * NANOS,
};

/** Go's time.ParseDuration: "300ms", "-1.5h", "2h45m", "0". */
export function parseDuration(s: string): CelDuration {
  const bad = (): CelEvalError => new CelEvalError(`time: invalid duration ${JSON.stringify(s)}`);
  let i = 0;
  let neg = false;
  if (s[0] === "-" || s[0] === "+") {
    neg = s[0] === "-";
    i++;
  }
  if (s.slice(i) === "0") return new CelDuration(0n);
  if (i === s.length) throw bad();
  let total = 0n;
  const re = /(\d*)(?:\.(\d*))?([a-zµμ]+)/y;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (m === null) throw bad();
    const [, whole = "", frac = "", unitName = ""] = m;
    if (whole === "" && frac === "") throw bad();
    const unit = UNITS[unitName];
    if (unit === undefined) throw new CelEvalError(`time: unknown unit ${JSON.stringify(unitName)} in duration ${JSON.stringify(s)}`);
    total += BigInt(whole || "0") * unit;
    if (frac !== "") total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    if (total > 1n << 63n) throw bad();
    i = re.lastIndex;
  }
  total = neg ? -total : total;
  if (total > (1n << 63n) - 1n) throw bad();
  return new CelDuration(total);
}

/** Civil fields of a timestamp in a time zone: "UTC", an IANA name, or "[+-]HH:MM". */
export interface CivilTime {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number;
  minute: number;
  second: number;
  millis: number;
  weekday: number; // 0 = Sunday
  yearDay: number; // 1-366
}

export function civilTime(t: CelTimestamp, tz?: string): CivilTime {
  const { sec, nano } = splitNanos(t.nanos);
  const ms = Number(sec) * 1000;
  const local = new Date(ms + zoneOffsetMinutes(tz, ms) * 60_000);
  const yearStart = new Date(0);
  yearStart.setUTCFullYear(local.getUTCFullYear(), 0, 1);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millis: Number(nano / 1_000_000n),
    weekday: local.getUTCDay(),
    yearDay: Math.floor((local.getTime() - yearStart.getTime()) / 86_400_000) + 1,
  };
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMinutes(tz: string | undefined, ms: number): number {
  if (tz === undefined || tz === "UTC" || tz === "Z") return 0;
  const colon = tz.indexOf(":");
  if (colon >= 0) {
    const hr = Number(tz.slice(0, colon));
    const min = Number(tz.slice(colon + 1));
    if (!/^[+-]?\d+$/.test(tz.slice(0, colon)) || !/^\d+$/.test(tz.slice(colon + 1))) {
      throw new CelEvalError(`invalid timezone offset: ${tz}`);
    }
    if (min < 0 || min > 59) throw new CelEvalError(`timezone offset minutes out of range [0, 59]: ${tz}`);
    return tz.startsWith("-") ? hr * 60 - min : hr * 60 + min;
  }
  let f = zoneFormatters.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: tz,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        era: "short",
      });
    } catch {
      throw new CelEvalError(`unknown time zone ${tz}`);
    }
    zoneFormatters.set(tz, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === "BC" || parts.era === "B") year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  d.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return Math.round((d.getTime() - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}
