/**
 * Runs the mutating plugins in order (a second time when one asks for reinvocation), then
 * the validating ones, for the operations each handles.
 */
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin, ValidatingPlugin } from "./types.ts";

export class AdmissionChain {
  constructor(
    readonly mutating: readonly MutatingPlugin[],
    readonly validating: readonly ValidatingPlugin[],
    private readonly lookup: AdmissionLookup,
  ) {}

  /** The mutating plugins, and all of them once more when one asked for it (at most once, as upstream). */
  async admit(a: AdmissionAttributes): Promise<void> {
    let again = false;
    let requested = false;
    a.reinvocation = {
      get again() {
        return again;
      },
      request: () => {
        if (!again) requested = true;
      },
      state: new Map(),
    };
    for (const p of this.mutating) if (p.operations.includes(a.operation)) await p.admit(a, this.lookup);
    if (!requested) return;
    again = true;
    for (const p of this.mutating) if (p.operations.includes(a.operation)) await p.admit(a, this.lookup);
  }

  async validate(a: AdmissionAttributes): Promise<void> {
    for (const p of this.validating) if (p.operations.includes(a.operation)) await p.validate(a, this.lookup);
  }
}
