/** Parsers for cgroup v2 interface files. */
import type { CpuStat, MemoryEvents } from "../cgroup.ts";

/** "key value" lines (cpu.stat, memory.events, memory.stat) to a map. */
export function parseFlatKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined) out.set(k, Number(v));
  }
  return out;
}

export function parseCpuStat(text: string): CpuStat {
  const m = parseFlatKeyed(text);
  return {
    usageUsec: m.get("usage_usec") ?? 0,
    userUsec: m.get("user_usec") ?? 0,
    systemUsec: m.get("system_usec") ?? 0,
    nrPeriods: m.get("nr_periods") ?? 0,
    nrThrottled: m.get("nr_throttled") ?? 0,
    throttledUsec: m.get("throttled_usec") ?? 0,
  };
}

export function parseMemoryEvents(text: string): MemoryEvents {
  const m = parseFlatKeyed(text);
  return {
    low: m.get("low") ?? 0,
    high: m.get("high") ?? 0,
    max: m.get("max") ?? 0,
    oom: m.get("oom") ?? 0,
    oomKill: m.get("oom_kill") ?? 0,
  };
}

/** "max" or a number; null for "max". */
export function parseMaxOrNumber(text: string): number | null {
  const t = text.trim();
  return t === "max" ? null : Number(t);
}

/** cpu.max "quota period". */
export function parseCpuMax(text: string): { quota: number | null; period: number } {
  const [q, p] = text.trim().split(/\s+/);
  return { quota: q === "max" || q === undefined ? null : Number(q), period: Number(p ?? 100000) };
}
