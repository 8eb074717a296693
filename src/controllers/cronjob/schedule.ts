/**
 * Cron schedules as the CronJob controller reads them (robfig/cron's standard parser):
 * five fields (minute hour day-of-month month day-of-week) with lists, ranges, steps,
 * `*` and `?`, month and weekday names, and the @yearly/@annually/@monthly/@weekly/
 * @daily/@midnight/@hourly macros. When both day fields are restricted a day matches
 * either (as cron does). Times are evaluated in an IANA time zone (default UTC).
 */

export class ScheduleError extends Error {}

interface Field {
  min: number;
  max: number;
  names?: readonly string[];
}
const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  { min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];
const FIELD_NAMES = ["minute", "hour", "day-of-month", "month", "day-of-week"];

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

export interface Schedule {
  minutes: Set<number>;
  hours: Set<number>;
  doms: Set<number>;
  months: Set<number>;
  dows: Set<number>;
  /** True when the day-of-month / day-of-week field was `*` or `?`. */
  domStar: boolean;
  dowStar: boolean;
}

function value(s: string, f: Field, what: string): number {
  const lower = s.toLowerCase();
  const named = f.names?.indexOf(lower) ?? -1;
  if (named >= 0) return named + f.min;
  if (!/^\d+$/.test(s)) throw new ScheduleError(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  const n = Number(s);
  // day-of-week 7 is Sunday too
  if (what === "day-of-week" && n === 7) return 0;
  return n;
}

function parseField(expr: string, idx: number): { set: Set<number>; star: boolean } {
  const f = FIELDS[idx]!;
  const what = FIELD_NAMES[idx]!;
  const set = new Set<number>();
  let star = false;
  for (const part of expr.split(",")) {
    const [rangePart, stepPart, extra] = part.split("/");
    if (extra !== undefined) throw new ScheduleError(`too many slashes: ${part}`);
    let lo: number;
    let hi: number;
    if (rangePart === "*" || rangePart === "?") {
      lo = f.min;
      hi = f.max;
      if (stepPart === undefined) star = true;
    } else {
      const bounds = (rangePart ?? "").split("-");
      if (bounds.length > 2) throw new ScheduleError(`too many hyphens: ${part}`);
      lo = value(bounds[0]!, f, what);
      hi = bounds.length === 2 ? value(bounds[1]!, f, what) : stepPart !== undefined ? f.max : lo;
    }
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart)) throw new ScheduleError(`failed to parse int from ${stepPart}: strconv.Atoi: parsing "${stepPart}": invalid syntax`);
      step = Number(stepPart);
      if (step === 0) throw new ScheduleError(`step of range should be a positive number: ${part}`);
    }
    if (lo < f.min) throw new ScheduleError(`beginning of range (${lo}) below minimum (${f.min}): ${part}`);
    if (hi > f.max && !(what === "day-of-week" && hi === 7)) throw new ScheduleError(`end of range (${hi}) above maximum (${f.max}): ${part}`);
    if (lo > hi) throw new ScheduleError(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    for (let v = lo; v <= hi; v += step) set.add(what === "day-of-week" && v === 7 ? 0 : v);
  }
  return { set, star };
}

export function parseSchedule(spec: string): Schedule {
  let s = spec.trim();
  if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) throw new ScheduleError("CRON_TZ or TZ used in schedule; use spec.timeZone instead");
  if (s.startsWith("@")) {
    const m = MACROS[s.toLowerCase()];
    if (!m) throw new ScheduleError(`unrecognized descriptor: ${s}`);
    s = m;
  }
  const parts = s.split(/\s+/).filter((x) => x !== "");
  if (parts.length !== 5) throw new ScheduleError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(" ")}]`);
  const [mi, h, dom, mo, dow] = parts.map((p, i) => parseField(p, i)) as [ReturnType<typeof parseField>, ReturnType<typeof parseField>, ReturnType<typeof parseField>, ReturnType<typeof parseField>, ReturnType<typeof parseField>];
  return { minutes: mi.set, hours: h.set, doms: dom.set, months: mo.set, dows: dow.set, domStar: dom.star, dowStar: dow.star };
}

/** Validates an IANA time zone name; throws ScheduleError when unknown. */
export function checkTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    throw new ScheduleError(`unknown time zone ${tz}`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone. */
export function wallClock(ms: number, tz: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute") };
}

/** The instant a wall-clock minute denotes in tz; undefined when it does not exist (a DST gap). */
function instantOf(y: number, mo: number, d: number, h: number, mi: number, tz: string): number | undefined {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  for (const guess of [asUtc, asUtc - 86_400_000 / 2, asUtc + 86_400_000 / 2]) {
    const w = wallClock(guess, tz);
    const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(guess / 60_000) * 60_000;
    const candidate = asUtc - offset;
    const c = wallClock(candidate, tz);
    if (c.year === y && c.month === mo && c.day === d && c.hour === h && c.minute === mi) return candidate;
  }
  return undefined;
}

function dayMatches(s: Schedule, y: number, mo: number, d: number): boolean {
  const dow = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  const domOk = s.doms.has(d);
  const dowOk = s.dows.has(dow);
  if (s.domStar || s.dowStar) return domOk && dowOk;
  return domOk || dowOk;
}

/** The first scheduled instant strictly after `after`, within five years; undefined if none. */
export function nextTime(s: Schedule, after: number, tz = "UTC"): number | undefined {
  const start = Math.floor(after / 60_000) * 60_000 + 60_000;
  const w = wallClock(start, tz);
  let y = w.year;
  let mo = w.month;
  let d = w.day;
  let first = true;
  for (let days = 0; days < 366 * 5; days++) {
    const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (d > dim) {
      d = 1;
      mo++;
      if (mo > 12) {
        mo = 1;
        y++;
      }
    }
    if (s.months.has(mo) && dayMatches(s, y, mo, d)) {
      for (const h of [...s.hours].sort((a, b) => a - b)) {
        if (first && h < w.hour) continue;
        for (const mi of [...s.minutes].sort((a, b) => a - b)) {
          if (first && h === w.hour && mi < w.minute) continue;
          const t = instantOf(y, mo, d, h, mi, tz);
          if (t !== undefined && t >= start) return t;
        }
      }
    }
    first = false;
    d++;
  }
  return undefined;
}
