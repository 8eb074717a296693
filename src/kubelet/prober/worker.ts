/**
 * A probe worker for one probe of one container instance, as upstream's prober
 * worker: waits initialDelaySeconds from the container's start, probes every
 * periodSeconds, and reports a result only after successThreshold/failureThreshold
 * consecutive outcomes. Readiness starts as Failure, liveness as Success, startup as
 * Unknown; liveness and readiness wait until the startup probe has succeeded. A
 * reported liveness or startup Failure puts the worker on hold (the container is
 * about to be restarted and gets new workers). Every failed attempt is an Unhealthy
 * event, as upstream records them.
 */
import type { Probe } from "../api/types.ts";
import { type ProbeOutcome, type ProbeResult, type ProbeTarget, runProbe } from "./probe.ts";

export type ProbeType = "liveness" | "readiness" | "startup";

export interface ProbeWorkerDeps {
  /** Where to probe; undefined when the container is gone (the worker then stops). */
  target(): Omit<ProbeTarget, "timeoutSeconds"> | undefined;
  /** Whether the startup probe (if any) has succeeded; gates liveness and readiness. */
  started(): boolean;
  onResult(type: ProbeType, result: ProbeResult, outcome: ProbeOutcome): void;
  event(type: "Warning", reason: "Unhealthy", message: string): void;
  /** Test seam: run one probe attempt. */
  probe?: (p: Probe, t: ProbeTarget) => Promise<ProbeOutcome>;
}

const TITLE: Record<ProbeType, string> = { liveness: "Liveness", readiness: "Readiness", startup: "Startup" };

export function initialResult(type: ProbeType): ProbeResult {
  return type === "readiness" ? "Failure" : type === "liveness" ? "Success" : "Unknown";
}

export class ProbeWorker {
  result: ProbeResult;
  private lastOutcome: ProbeResult | undefined;
  private run = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private busy = false;

  constructor(
    readonly type: ProbeType,
    readonly spec: Probe,
    private readonly startedAtMs: number,
    private readonly deps: ProbeWorkerDeps,
  ) {
    this.result = initialResult(type);
  }

  get periodMs(): number {
    return Math.max(1, this.spec.periodSeconds ?? 10) * 1000;
  }

  start(): void {
    const firstAt = this.startedAtMs + (this.spec.initialDelaySeconds ?? 0) * 1000;
    this.schedule(Math.max(0, firstAt - Date.now()));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  /** One probing round; public for tests that drive time themselves. */
  async tick(): Promise<void> {
    if (this.stopped || this.busy) return;
    this.busy = true;
    try {
      await this.doProbe();
    } finally {
      this.busy = false;
    }
    this.schedule(this.periodMs);
  }

  private async doProbe(): Promise<void> {
    const target = this.deps.target();
    if (!target) {
      this.stop();
      return;
    }
    if (this.type !== "startup" && !this.deps.started()) return;
    const t: ProbeTarget = { ...target, timeoutSeconds: this.spec.timeoutSeconds ?? 1 };
    const outcome = await (this.deps.probe ?? runProbe)(this.spec, t);
    if (this.stopped) return;
    const observed: ProbeResult = outcome.result === "Success" ? "Success" : "Failure";
    if (observed === "Failure") {
      const verb = outcome.result === "Unknown" ? "errored" : "failed";
      this.deps.event("Warning", "Unhealthy", `${TITLE[this.type]} probe ${verb}: ${outcome.output}`.trimEnd());
    }
    this.run = this.lastOutcome === observed ? this.run + 1 : 1;
    this.lastOutcome = observed;
    const threshold = observed === "Success" ? (this.spec.successThreshold ?? 1) : (this.spec.failureThreshold ?? 3);
    if (this.run < threshold) return;
    const changed = this.result !== observed;
    this.result = observed;
    if (changed) this.deps.onResult(this.type, observed, outcome);
    if (observed === "Failure" && this.type !== "readiness") this.stop();
    if (observed === "Success" && this.type === "startup") this.stop();
  }
}
