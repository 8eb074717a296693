import { describe, expect, test } from "bun:test";
import type { CronJob, Job } from "../../../../src/api/types/index.ts";
import { jobFor, jobName, jobsBeyondHistory, mostRecentScheduleTime, rfc3339In, untilNext } from "../../../../src/controllers/cronjob/decide.ts";
import { checkTimeZone, nextTime, parseSchedule } from "../../../../src/controllers/cronjob/schedule.ts";

const T = (s: string) => Date.parse(s);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("cron parsing and next times", () => {
  const cases: { spec: string; after: string; tz?: string; want: string }[] = [
    { spec: "*/15 * * * *", after: "2026-01-01T00:07:00Z", want: "2026-01-01T00:15:00.000Z" },
    { spec: "*/15 * * * *", after: "2026-01-01T00:15:00Z", want: "2026-01-01T00:30:00.000Z" },
    { spec: "0 9 * * 1-5", after: "2026-01-02T10:00:00Z", want: "2026-01-05T09:00:00.000Z" }, // Fri -> Mon
    { spec: "0 0 1 * *", after: "2026-01-15T00:00:00Z", want: "2026-02-01T00:00:00.000Z" },
    { spec: "@monthly", after: "2026-01-15T00:00:00Z", want: "2026-02-01T00:00:00.000Z" },
    { spec: "@hourly", after: "2026-01-01T05:59:59Z", want: "2026-01-01T06:00:00.000Z" },
    { spec: "@yearly", after: "2026-03-01T00:00:00Z", want: "2027-01-01T00:00:00.000Z" },
    { spec: "@weekly", after: "2026-01-01T00:00:00Z", want: "2026-01-04T00:00:00.000Z" }, // Sunday
    { spec: "30 4 1,15 * 5", after: "2026-01-01T05:00:00Z", want: "2026-01-02T04:30:00.000Z" }, // dom OR dow: Fri 2nd
    { spec: "0 12 * JAN-MAR SUN", after: "2026-03-30T00:00:00Z", want: "2027-01-03T12:00:00.000Z" },
    { spec: "0 0 29 2 *", after: "2026-01-01T00:00:00Z", want: "2028-02-29T00:00:00.000Z" },
    { spec: "0 9 * * *", after: "2026-01-01T00:00:00Z", tz: "America/New_York", want: "2026-01-01T14:00:00.000Z" },
    { spec: "0 9 * * *", after: "2026-07-01T00:00:00Z", tz: "America/New_York", want: "2026-07-01T13:00:00.000Z" },
    { spec: "30 2 * * *", after: "2026-03-08T00:00:00Z", tz: "America/New_York", want: "2026-03-09T06:30:00.000Z" }, // 02:30 does not exist on the 8th
    { spec: "0 0 * * 7", after: "2026-01-01T00:00:00Z", want: "2026-01-04T00:00:00.000Z" }, // 7 is Sunday
  ];
  for (const c of cases) test(`${c.spec} after ${c.after}${c.tz ? ` in ${c.tz}` : ""}`, () => expect(iso(nextTime(parseSchedule(c.spec), T(c.after), c.tz))).toBe(c.want));

  const bad: [string, string][] = [
    ["* * * *", "expected exactly 5 fields, found 4"],
    ["60 * * * *", "end of range (60) above maximum (59)"],
    ["*/0 * * * *", "step of range should be a positive number"],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1)"],
    ["@every 5m", "unrecognized descriptor"],
    ["TZ=UTC * * * * *", "CRON_TZ or TZ used in schedule"],
    ["a * * * *", "failed to parse int from a"],
  ];
  for (const [spec, msg] of bad) test(`rejects ${spec}`, () => expect(() => parseSchedule(spec)).toThrow(msg));
  test("time zones", () => {
    expect(() => checkTimeZone("Europe/Paris")).not.toThrow();
    expect(() => checkTimeZone("Mars/Olympus")).toThrow("unknown time zone Mars/Olympus");
  });
});

function cj(o: { schedule?: string; created?: string; last?: string; sds?: number } = {}): CronJob {
  return {
    metadata: { name: "tick", namespace: "ns", uid: "cj-uid", creationTimestamp: o.created ?? "2026-01-01T00:00:00Z" },
    spec: { schedule: o.schedule ?? "*/5 * * * *", jobTemplate: { metadata: { labels: { a: "b" } }, spec: { template: { spec: { containers: [{ name: "c", image: "i" }] } } } }, ...(o.sds !== undefined ? { startingDeadlineSeconds: o.sds } : {}) },
    status: o.last ? { lastScheduleTime: o.last } : {},
  };
}

describe("cronjob decisions", () => {
  test("the most recent unmet schedule time, with missed counts", () => {
    const s = parseSchedule("*/5 * * * *");
    expect(mostRecentScheduleTime(cj(), s, "UTC", T("2026-01-01T00:04:00Z")).scheduled).toBeUndefined();
    expect(iso(mostRecentScheduleTime(cj(), s, "UTC", T("2026-01-01T00:06:00Z")).scheduled)).toBe("2026-01-01T00:05:00.000Z");
    const many = mostRecentScheduleTime(cj(), s, "UTC", T("2026-01-02T00:01:00Z"));
    expect(iso(many.scheduled)).toBe("2026-01-02T00:00:00.000Z");
    expect(many.tooMany).toBe(true);
    expect(mostRecentScheduleTime(cj({ last: "2026-01-02T00:00:00Z" }), s, "UTC", T("2026-01-02T00:01:00Z")).scheduled).toBeUndefined();
    // a starting deadline bounds how far back we look
    const bounded = mostRecentScheduleTime(cj({ sds: 120 }), s, "UTC", T("2026-01-02T00:01:00Z"));
    expect(iso(bounded.scheduled)).toBe("2026-01-02T00:00:00.000Z");
    expect(bounded.tooMany).toBe(false);
    expect(untilNext(s, "UTC", T("2026-01-01T00:04:00Z"))).toBe(60_100);
  });
  test("jobs are named by the scheduled minute and annotated with the time in the zone", () => {
    const at = T("2026-01-01T14:00:00Z");
    expect(jobName(cj(), at)).toBe(`tick-${at / 60_000}`);
    const j = jobFor(cj(), at, "America/New_York");
    expect(j.metadata.annotations).toEqual({ "batch.kubernetes.io/cronjob-scheduled-timestamp": "2026-01-01T09:00:00-05:00" });
    expect(j.metadata.labels).toEqual({ a: "b" });
    expect(j.metadata.ownerReferences?.[0]).toMatchObject({ kind: "CronJob", name: "tick", uid: "cj-uid", controller: true });
    expect(rfc3339In(at, "UTC")).toBe("2026-01-01T14:00:00Z");
  });
  test("history limits keep the newest finished jobs", () => {
    const job = (name: string, type: "Complete" | "Failed" | undefined, start: string): Job => ({ metadata: { name }, status: { startTime: start, ...(type ? { conditions: [{ type, status: "True" }] } : {}) } });
    const jobs = [job("s1", "Complete", "2026-01-01T00:01:00Z"), job("s2", "Complete", "2026-01-01T00:02:00Z"), job("s3", "Complete", "2026-01-01T00:03:00Z"), job("s4", "Complete", "2026-01-01T00:04:00Z"), job("f1", "Failed", "2026-01-01T00:01:00Z"), job("f2", "Failed", "2026-01-01T00:02:00Z"), job("r", undefined, "2026-01-01T00:00:00Z")];
    expect(jobsBeyondHistory(cj(), jobs).map((j) => j.metadata.name)).toEqual(["s1", "f1"]);
  });
});
