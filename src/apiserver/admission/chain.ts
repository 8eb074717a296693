/**
 * Runs the mutating plugins in order (a second time when one asks for reinvocation), then
 * the validating ones, for the operations each handles.
 */
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin, Reinvocation, ValidatingPlugin } from "./types.ts";

/** One request's reinvocation context: one small object per request, its state map made on first use. */
class Rounds implements Reinvocation {
  again = false;
  requested = false;
  private map: Map<string, unknown> | undefined;

  request(): void {
    if (!this.again) this.requested = true;
  }

  get state(): Map<string, unknown> {
    return (this.map ??= new Map());
  }
}

export class AdmissionChain {
  constructor(
    readonly mutating: readonly MutatingPlugin[],
    readonly validating: readonly ValidatingPlugin[],
    private readonly lookup: AdmissionLookup,
  ) {}

  /** The mutating plugins, and all of them once more when one asked for it (at most once, as upstream). */
  async admit(a: AdmissionAttributes): Promise<void> {
    const rounds = new Rounds();
    a.reinvocation = rounds;
    for (const p of this.mutating) if (p.operations.includes(a.operation)) await p.admit(a, this.lookup);
    if (!rounds.requested) return;
    rounds.again = true;
    for (const p of this.mutating) if (p.operations.includes(a.operation)) await p.admit(a, this.lookup);
  }

  async validate(a: AdmissionAttributes): Promise<void> {
    for (const p of this.validating) if (p.operations.includes(a.operation)) await p.validate(a, this.lookup);
  }
}
