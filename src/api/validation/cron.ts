/**
 * Standard 5-field cron schedules as robfig/cron v3 ParseStandard reads them (what the
 * CronJob controller uses), with its error messages; plus the next activation time.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

export class CronError extends Error {
  override name = "CronError";
}

/** A parsed schedule: the allowed values of each field, and whether dom/dow were "*". */
export interface CronSchedule {
  minute: ReadonlySet<number>;
  hour: ReadonlySet<number>;
  dom: ReadonlySet<number>;
  month: ReadonlySet<number>;
  dow: ReadonlySet<number>;
  domStar: boolean;
  dowStar: boolean;
  /** Set for "@every <duration>": a fixed interval in milliseconds. */
  everyMs?: number;
  /** IANA zone from a CRON_TZ=/TZ= prefix. */
  timeZone?: string;
}

function mustParseInt(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr)) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Readonly<Record<string, number>>): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined && Object.hasOwn(names as object, expr.toLowerCase()) ? named : mustParseInt(expr);
}

function parseRange(expr: string, b: Bounds, out: Set<number>): boolean {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = (rangeAndStep[0] as string).split("-");
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0] as string, b.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] as string, b.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] as string);
    if (lowAndHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) out.add(v);
  return star;
}

function parseField(field: string, b: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of field.split(",")) star = parseRange(part, b, values) || star;
  return { values, star };
}

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** Go's time.ParseDuration, in milliseconds; undefined when invalid. */
function parseGoDuration(s: string): number | undefined {
  const m = /^[+-]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m && s !== "0") return undefined;
  let total = 0;
  for (const part of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * (DURATION_UNITS[part[2] as string] as number);
  return s.startsWith("-") ? -total : total;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses a schedule; throws CronError with robfig/cron's message. */
export function parseCronSchedule(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronError("empty spec string");
  let timeZone: string | undefined;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const i = spec.indexOf(" ");
    const eq = spec.indexOf("=");
    const tz = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    if (!validTimeZone(tz)) throw new CronError(`provided bad location ${tz}: unknown time zone ${tz}`);
    timeZone = tz;
    spec = i < 0 ? "" : spec.slice(i).trim();
  }
  if (spec.startsWith("@")) {
    if (spec.startsWith("@every ")) {
      const d = spec.slice("@every ".length);
      const ms = parseGoDuration(d);
      if (ms === undefined) throw new CronError(`failed to parse duration ${spec}: time: invalid duration "${d}"`);
      const all = (b: Bounds) => new Set(Array.from({ length: b.max - b.min + 1 }, (_, k) => b.min + k));
      return {
        minute: all(FIELDS[0] as Bounds),
        hour: all(FIELDS[1] as Bounds),
        dom: all(FIELDS[2] as Bounds),
        month: all(FIELDS[3] as Bounds),
        dow: all(FIELDS[4] as Bounds),
        domStar: true,
        dowStar: true,
        everyMs: Math.max(ms, 1000),
        ...(timeZone ? { timeZone } : {}),
      };
    }
    const expanded = DESCRIPTORS[spec];
    if (expanded === undefined || !Object.hasOwn(DESCRIPTORS, spec)) throw new CronError(`unrecognized descriptor: ${spec}`);
    spec = expanded;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  const [minute, hour, dom, month, dow] = fields.map((f, i) => parseField(f, FIELDS[i] as Bounds)) as [
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
    ReturnType<typeof parseField>,
  ];
  return {
    minute: minute.values,
    hour: hour.values,
    dom: dom.values,
    month: month.values,
    dow: dow.values,
    domStar: dom.star,
    dowStar: dow.star,
    ...(timeZone ? { timeZone } : {}),
  };
}

/** Wall-clock parts of an instant in a zone (UTC when none). */
function partsIn(t: Date, tz: string | undefined): { y: number; mo: number; d: number; h: number; mi: number; dow: number } {
  if (!tz) return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), dow: t.getUTCDay() };
  const f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short" });
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  return { y: Number(p["year"]), mo: Number(p["month"]), d: Number(p["day"]), h: Number(p["hour"]), mi: Number(p["minute"]), dow: DAYS[(p["weekday"] ?? "").toLowerCase()] ?? 0 };
}

function dayMatches(s: CronSchedule, dom: number, dow: number): boolean {
  const domOk = s.dom.has(dom);
  const dowOk = s.dow.has(dow);
  // robfig: when either field is "*", both must match; otherwise either may.
  return s.domStar || s.dowStar ? domOk && dowOk : domOk || dowOk;
}

/**
 * The first activation strictly after `after`, in the schedule's zone (or `timeZone`, or
 * UTC); undefined when none within five years.
 */
export function nextCronTime(s: CronSchedule, after: Date, timeZone?: string): Date | undefined {
  if (s.everyMs !== undefined) return new Date(Math.floor(after.getTime() / 1000) * 1000 + s.everyMs);
  const tz = s.timeZone ?? timeZone;
  let t = Math.floor(after.getTime() / 60000) * 60000 + 60000;
  const limit = after.getTime() + 5 * 366 * 24 * 3600 * 1000;
  while (t <= limit) {
    const p = partsIn(new Date(t), tz);
    if (!s.month.has(p.mo) || !dayMatches(s, p.d, p.dow)) {
      t += (24 * 60 - (p.h * 60 + p.mi)) * 60000;
      continue;
    }
    if (!s.hour.has(p.h)) {
      t += (60 - p.mi) * 60000;
      continue;
    }
    if (s.minute.has(p.mi)) return new Date(t);
    t += 60000;
  }
  return undefined;
}
