/** The shape of a subcommand: its flags and the function that runs the role. */
import type { FlagSpec, Parsed } from "./flags.ts";

export interface Command {
  name: string;
  summary: string;
  /** One-line usage after `kubun <name>`. */
  usage: string;
  flags: FlagSpec[];
  /** Returns the process exit code. */
  run(args: Parsed): Promise<number>;
}

/** Exit code for usage errors and roles that are not available. */
export const EXIT_USAGE = 2;

/** A role whose implementation has not landed yet: says so in one line, exits 2. */
export function notBuilt(name: string, summary: string, usage: string, flags: FlagSpec[]): Command {
  return {
    name,
    summary,
    usage,
    flags,
    run: async () => {
      process.stderr.write(`kubun ${name}: this role is not built yet\n`);
      return EXIT_USAGE;
    },
  };
}
