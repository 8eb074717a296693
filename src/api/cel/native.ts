/** CEL results as plain JavaScript values. */
import { addrString } from "./netip.ts";
import { CelCIDR, CelIP } from "./stdlib-ip.ts";
import { CelUrl } from "./stdlib-url.ts";
import { formatDuration, formatTimestamp } from "./time.ts";
import { CelDuration, CelList, CelMap, CelOptional, CelTimestamp, CelType, CelUint, type CelValue, displayValue } from "./values.ts";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * bool, string, null and double as themselves; int and uint as numbers when safe integers,
 * else bigints; bytes as Uint8Array; lists as arrays; maps as objects (non-string keys
 * printed); timestamps (RFC 3339) and durations ("1.5s") as strings, as string() prints them;
 * types as their names; an optional as its value, or null when empty; IPs, CIDRs and URLs as
 * strings.
 */
export function toNative(v: CelValue): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "number") return v;
  if (typeof v === "bigint") return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
  if (v instanceof CelUint) return v.value <= MAX_SAFE ? Number(v.value) : v.value;
  if (v instanceof Uint8Array) return v;
  if (v instanceof CelList) return v.toArray().map(toNative);
  if (v instanceof CelMap) {
    return Object.fromEntries(Array.from(v.entries(), ([k, x]) => [typeof k === "string" ? k : displayValue(k), toNative(x)]));
  }
  if (v instanceof CelTimestamp) return formatTimestamp(v);
  if (v instanceof CelDuration) return formatDuration(v);
  if (v instanceof CelType) return v.name;
  if (v instanceof CelOptional) return v.value === undefined ? null : toNative(v.value);
  if (v instanceof CelIP) return addrString(v.addr);
  if (v instanceof CelCIDR) return `${addrString(v.prefix.addr)}/${v.prefix.bits}`;
  if (v instanceof CelUrl) return v.raw;
  return displayValue(v);
}
