/**
 * Pods held at Permit: each waits until every plugin that returned Wait allows it, one
 * rejects it, or a plugin's timeout passes (rejection).
 */
import type { Pod } from "../api-types.ts";
import { podKey } from "./pod-info.ts";
import { Code, type Result, Status } from "./status.ts";

export class WaitingPod {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private resolve!: (s: Result) => void;
  readonly done: Promise<Result>;
  private settled = false;

  constructor(
    readonly pod: Pod,
    timeouts: Map<string, number>,
    private readonly onSettled: () => void,
  ) {
    this.done = new Promise((r) => (this.resolve = r));
    for (const [plugin, ms] of timeouts) {
      const t = setTimeout(() => this.reject(plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`), ms);
      this.pending.set(plugin, t);
    }
  }

  get uid(): string {
    return podKey(this.pod);
  }

  pendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  allow(plugin: string): void {
    const t = this.pending.get(plugin);
    if (t === undefined || this.settled) return;
    clearTimeout(t);
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.settle(null);
  }

  reject(plugin: string, msg: string): void {
    if (this.settled) return;
    this.settle(new Status(Code.Unschedulable, [msg]).withPlugin(plugin));
  }

  private settle(s: Result): void {
    this.settled = true;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.onSettled();
    this.resolve(s);
  }
}
