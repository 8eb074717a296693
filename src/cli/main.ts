/**
 * The kubun executable: one binary whose subcommands are the cluster's roles.
 * Usage errors print one line naming the closest valid choice and exit 2.
 */
import { closest } from "../util/closest.ts";
import { setVerbosity } from "../util/log.ts";
import { guardObjectPrototype } from "../util/prototype-guard.ts";
import { EXIT_USAGE, type Command } from "./command.ts";
import { formatFlagHelp, num, parseFlags, UsageError } from "./flags.ts";
import { COMMANDS } from "./commands/index.ts";

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    "kubun: a Kubernetes-compatible cluster in one executable",
    "",
    "Usage: kubun <command> [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    "",
    "Run 'kubun <command> --help' for a command's flags.",
  ].join("\n");
}

function commandHelp(c: Command): string {
  return [`${c.summary}`, "", `Usage: kubun ${c.name} ${c.usage}`, "", "Flags:", formatFlagHelp(c.flags)].join("\n");
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(topHelp() + "\n");
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === "--version") return main(["version"]);
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    const near = closest(name, COMMANDS.map((c) => c.name));
    process.stderr.write(`kubun: unknown command "${name}"${near ? ` (did you mean "${near}"?)` : ""}; run 'kubun --help'\n`);
    return EXIT_USAGE;
  }
  try {
    // ctl takes kubectl's whole syntax (-it, -oyaml, -nfoo, args after --) and parses it itself.
    if (cmd.name === "ctl" && !rest.includes("--help") && !rest.includes("-h")) return await cmd.run({ flags: {}, positional: [...rest] });
    const parsed = parseFlags(rest, cmd.flags);
    if (parsed.flags.help === true) {
      process.stdout.write(commandHelp(cmd) + "\n");
      return 0;
    }
    setVerbosity(num(parsed.flags, "v") ?? 0);
    return await cmd.run(parsed);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kubun ${cmd.name}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`kubun ${cmd.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (import.meta.main) {
  guardObjectPrototype();
  const code = await main(process.argv.slice(2));
  process.exit(code);
}
