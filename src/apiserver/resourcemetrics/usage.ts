/**
 * Usage from two samples of one node or container, as metrics-server computes it: CPU is
 * the cumulative core-nanoseconds used between the samples divided by the seconds between
 * them (nanocores, printed like upstream's scaled Quantity: "123456789n", "250m"), memory
 * the latest working set (a BinarySI Quantity: "1234Ki", "2Mi", or plain bytes when not a
 * whole number of KiB); the window is the time between the samples.
 */
import { Quantity, Scale } from "../../api/quantity/index.ts";
import { goDuration } from "../protobuf/decode.ts";

/** One sample of a node or a container. Times are milliseconds since the epoch. */
export interface MetricsPoint {
  /** When the container started (0 for nodes: not compared). */
  startTime: number;
  /** When CPU was measured. */
  timestamp: number;
  /** CPU used since start, in core-nanoseconds. */
  cumulativeCpu: number;
  /** Working set, in bytes. */
  memory: number;
}

export interface ResourceUsage {
  cpu: string;
  memory: string;
}

export interface TimeInfo {
  /** End of the window (ms since the epoch). */
  timestamp: number;
  windowMs: number;
}

/** CPU as upstream's NewScaledQuantity(nanocores, Nano) prints it. */
export function cpuQuantity(nanocores: number): string {
  return Quantity.of(Math.max(0, Math.trunc(nanocores)), "DecimalSI", Scale.Nano).toString();
}

/** Memory as upstream's BinarySI Quantity of bytes prints it. */
export function memoryQuantity(bytes: number): string {
  return Quantity.of(Math.max(0, Math.trunc(bytes)), "BinarySI").toString();
}

/** metav1.Time: RFC 3339 in UTC, whole seconds. */
export function metaTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** metav1.Duration: Go's time.Duration.String() ("15.023s", "1m0.5s"). */
export function windowText(ms: number): string {
  return goDuration(Math.round(ms * 1e6));
}

/**
 * Usage over [prev, last], or undefined when the samples cannot be compared (a restart
 * between them, a counter that went back, no time between them).
 */
export function resourceUsage(last: MetricsPoint, prev: MetricsPoint): { usage: ResourceUsage; time: TimeInfo } | undefined {
  if (last.startTime < prev.startTime) return undefined;
  if (last.cumulativeCpu < prev.cumulativeCpu) return undefined;
  const windowMs = last.timestamp - prev.timestamp;
  if (windowMs <= 0) return undefined;
  // core-nanoseconds per second; multiplied first so that whole-millisecond windows divide exactly
  const nanocores = ((last.cumulativeCpu - prev.cumulativeCpu) * 1000) / windowMs;
  return { usage: { cpu: cpuQuantity(nanocores), memory: memoryQuantity(last.memory) }, time: { timestamp: last.timestamp, windowMs } };
}
