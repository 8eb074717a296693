/**
 * `kubun ctl`: a kubectl-like client. Dispatches to get, apply, delete, describe,
 * logs, exec, api-resources and version; prints errors as kubectl does; exit code 0 on success, 1 when the
 * server or the cluster refused something, 2 for usage errors.
 */
import type { Command } from "../command.ts";
import type { FlagSpec, Parsed } from "../flags.ts";
import { type CtlFlag, parseCtlArgs } from "./args.ts";
import { APPLY_FLAGS, runApply } from "./cmd/apply.ts";
import { DELETE_FLAGS, runDelete } from "./cmd/delete.ts";
import { DESCRIBE_FLAGS, runDescribe } from "./cmd/describe.ts";
import { EXEC_FLAGS, runExec } from "./cmd/exec.ts";
import { GET_FLAGS, runGet } from "./cmd/get.ts";
import { API_RESOURCES_FLAGS, runApiResources, runVersion, VERSION_FLAGS } from "./cmd/info.ts";
import { LOGS_FLAGS, runLogs } from "./cmd/logs.ts";
import { EXIT_ERROR, errorText, exitCodeFor } from "./errors.ts";
import { type CtlIO, processIO } from "./io.ts";
import { Session } from "./session.ts";

/** Flags every ctl subcommand accepts. */
export const GLOBAL_FLAGS: CtlFlag[] = [
  { name: "kubeconfig", type: "string", help: "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)" },
  { name: "context", type: "string", help: "The kubeconfig context to use" },
  { name: "namespace", short: "n", type: "string", help: "The namespace (default: the context's, else default)" },
  { name: "help", short: "h", type: "boolean", help: "Show help" },
  { name: "v", short: "v", type: "number", help: "Log verbosity (accepted for kubectl compatibility)" },
];

interface Subcommand {
  name: string;
  usage: string;
  summary: string;
  flags: CtlFlag[];
  run(s: Session, args: string[], dashAt: number): Promise<void>;
}

const SUBCOMMANDS: Subcommand[] = [
  { name: "get", usage: "get TYPE[.GROUP][/NAME] [NAME...] [-o wide|yaml|json|name|jsonpath=...] [-l SELECTOR] [-A] [-w]", summary: "Display one or many resources", flags: GET_FLAGS, run: runGet },
  { name: "apply", usage: "apply -f FILE|DIR|- [-f ...] [--dry-run=server] [--force-conflicts]", summary: "Apply a configuration to resources (server-side apply)", flags: APPLY_FLAGS, run: runApply },
  { name: "delete", usage: "delete (TYPE NAME... | TYPE/NAME... | -f FILE | TYPE -l SELECTOR | TYPE --all)", summary: "Delete resources", flags: DELETE_FLAGS, run: runDelete },
  { name: "describe", usage: "describe TYPE [NAME...] | TYPE/NAME", summary: "Show details of a resource, with its events", flags: DESCRIBE_FLAGS, run: runDescribe },
  { name: "logs", usage: "logs POD|TYPE/NAME [-c CONTAINER] [-f] [--tail N] [-p]", summary: "Print the logs of a container in a pod", flags: LOGS_FLAGS, run: runLogs },
  { name: "exec", usage: "exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [ARG...]", summary: "Run a command in a container", flags: EXEC_FLAGS, run: runExec },
  { name: "api-resources", usage: "api-resources [-o wide|name] [--namespaced=true|false] [--api-group GROUP]", summary: "List the resource types ctl knows", flags: API_RESOURCES_FLAGS, run: runApiResources },
  { name: "version", usage: "version [--client]", summary: "Print the client and server versions", flags: VERSION_FLAGS, run: runVersion },
];

function helpText(sub?: Subcommand): string {
  const flagLines = (flags: CtlFlag[]) =>
    flags.map((f) => `  ${(f.short ? `-${f.short}, ` : "    ") + `--${f.name}${f.type === "boolean" ? "" : " " + (f.type === "strings" ? "value" : f.type)}`}`.padEnd(40) + f.help);
  if (!sub) {
    return [
      "kubun ctl: a kubectl-like client for kubun (and any Kubernetes API server)",
      "",
      "Usage: kubun ctl COMMAND [flags]",
      "",
      "Commands:",
      ...SUBCOMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
      "",
      "Global flags:",
      ...flagLines(GLOBAL_FLAGS),
      "",
      "Run 'kubun ctl COMMAND --help' for a command's flags.",
      "",
    ].join("\n");
  }
  return [sub.summary, "", `Usage: kubun ctl ${sub.usage}`, "", "Flags:", ...flagLines(sub.flags), "", "Global flags:", ...flagLines(GLOBAL_FLAGS), ""].join("\n");
}

/** The first positional argument (the subcommand), skipping global flags and their values. */
function findSubcommand(argv: readonly string[]): number {
  const withValue = new Set(["--kubeconfig", "--context", "--namespace", "-n", "--v", "-v"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") return -1;
    if (!a.startsWith("-") || a === "-") return i;
    if (withValue.has(a)) i++;
  }
  return -1;
}

/** Runs `kubun ctl ARGS...` with kubectl's argument conventions; returns the exit code. */
export async function runCtl(argv: readonly string[], io: CtlIO = processIO()): Promise<number> {
  const at = findSubcommand(argv);
  const name = at >= 0 ? argv[at]! : undefined;
  if (name === undefined || name === "help") {
    // kubectl alone prints its help, as `kubectl help` does
    io.out(helpText());
    return 0;
  }
  const sub = SUBCOMMANDS.find((c) => c.name === name);
  if (!sub) {
    io.err(`error: unknown command "${name}" for "kubun ctl"\nRun 'kubun ctl --help' for usage.\n`);
    return EXIT_ERROR;
  }
  const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  let session: Session | undefined;
  try {
    const args = parseCtlArgs(rest, [...GLOBAL_FLAGS, ...sub.flags]);
    if (args.flags.get("help") === true) {
      io.out(helpText(sub));
      return 0;
    }
    session = new Session(io, args);
    await sub.run(session, args.positional, args.dashAt);
    return session.exitCode;
  } catch (err) {
    if (session) {
      session.report(err);
      return session.exitCode;
    }
    io.err(errorText(err) + "\n");
    return exitCodeFor(err);
  } finally {
    session?.close();
  }
}

/**
 * Every ctl flag, so that `kubun ctl ...` survives the generic flag parser in main.ts.
 * Short letters mean the same in every subcommand except -f (--filename, and --follow
 * for logs), which is declared as --filename and mapped back for logs.
 */
function commandFlags(): FlagSpec[] {
  const seen = new Map<string, FlagSpec>();
  for (const f of [...GLOBAL_FLAGS, ...SUBCOMMANDS.flatMap((c) => c.flags)]) {
    if (f.name === "help" || f.name === "v" || seen.has(f.name)) continue;
    const spec: FlagSpec = { name: f.name, type: f.type === "boolean" ? "boolean" : f.type === "strings" ? "list" : "string", help: f.help };
    if (f.short && !(f.short === "f" && f.name === "follow")) spec.short = f.short;
    seen.set(f.name, spec);
  }
  return [...seen.values()];
}

/**
 * Rebuilds the argument list from the generic parse in main.ts: the subcommand, the
 * flags, then `--` and the other positional words (exec's command among them).
 */
export function argvFromParsed(p: Parsed): string[] {
  const [sub, ...words] = p.positional;
  const out: string[] = [];
  for (const [k, v] of Object.entries(p.flags)) {
    if (v === undefined || k === "help" || (k === "v" && v === 0)) continue;
    if (k === "filename" && sub === "logs") {
      // logs -f is --follow: the word the generic parser took as a file name is the pod
      out.push("--follow");
      words.unshift(...(Array.isArray(v) ? v : [String(v)]));
      continue;
    }
    if (Array.isArray(v)) for (const item of v) out.push(`--${k}=${item}`);
    else out.push(`--${k}=${String(v)}`);
  }
  if (p.flags.help === true) out.push("--help");
  return sub === undefined ? out : [sub, ...out, "--", ...words];
}

export const ctlCommand: Command = {
  name: "ctl",
  summary: "A kubectl-like client: get, apply, delete, describe, logs, exec",
  usage: "get|apply|delete|describe|logs|exec ... (run 'kubun ctl --help')",
  flags: commandFlags(),
  // main.ts parses flags generically; a caller that hands over the raw words instead
  // (flags {}, positional = argv) gets kubectl's full syntax (-it, -oyaml, logs -f).
  run: (parsed) => runCtl(Object.keys(parsed.flags).length === 0 ? parsed.positional : argvFromParsed(parsed)),
};

