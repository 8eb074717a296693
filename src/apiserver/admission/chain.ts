/** Runs the mutating plugins in order, then the validating ones, for the operations each handles. */
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin, ValidatingPlugin } from "./types.ts";

export class AdmissionChain {
  constructor(
    readonly mutating: readonly MutatingPlugin[],
    readonly validating: readonly ValidatingPlugin[],
    private readonly lookup: AdmissionLookup,
  ) {}

  async admit(a: AdmissionAttributes): Promise<void> {
    for (const p of this.mutating) if (p.operations.includes(a.operation)) await p.admit(a, this.lookup);
  }

  async validate(a: AdmissionAttributes): Promise<void> {
    for (const p of this.validating) if (p.operations.includes(a.operation)) await p.validate(a, this.lookup);
  }
}
