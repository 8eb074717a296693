/**
 * The result of running a plugin: a code plus human-readable reasons. `null` stands for
 * Success everywhere in the framework, so the hot path allocates nothing.
 */

export const Code = {
  Success: 0,
  /** An internal error; the pod is retried with backoff. */
  Error: 1,
  /** The pod does not fit now; preemption may help. */
  Unschedulable: 2,
  /** The pod does not fit and preemption on this node would not help. */
  UnschedulableAndUnresolvable: 3,
  /** A Permit plugin wants the pod to wait. */
  Wait: 4,
  /** The plugin has nothing to do for this pod (PreFilter, PreScore, Bind). */
  Skip: 5,
  /** The pod waits for something outside the scheduler (like Unschedulable, no preemption). */
  Pending: 6,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

const CODE_NAMES = ["Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip", "Pending"];

export class Status {
  /** The plugin that produced this status; set by the framework. */
  plugin = "";
  readonly reasons: string[];

  constructor(
    readonly code: Code,
    reasons: string[] = [],
    readonly error?: Error,
  ) {
    this.reasons = reasons;
  }

  message(): string {
    return this.reasons.join(", ");
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  /** Unschedulable, UnschedulableAndUnresolvable or Pending. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }

  withPlugin(name: string): this {
    this.plugin = name;
    return this;
  }

  toString(): string {
    return `${CODE_NAMES[this.code]}: ${this.message()}`;
  }
}

export type Result = Status | null;

export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

export function asStatus(err: unknown): Status {
  const e = err instanceof Error ? err : new Error(String(err));
  return new Status(Code.Error, [e.message], e);
}

export function isSuccess(s: Result | undefined): boolean {
  return s === null || s === undefined || s.code === Code.Success;
}

export function codeOf(s: Result | undefined): Code {
  return s === null || s === undefined ? Code.Success : s.code;
}

export function codeName(c: Code): string {
  return CODE_NAMES[c] ?? "Unknown";
}
