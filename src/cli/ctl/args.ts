/**
 * kubectl-style argument parsing: flags anywhere among the arguments, `--name value`,
 * `--name=value`, `-n value`, `-nvalue`, `-n=value`, combined short booleans (`-it`),
 * repeatable flags (`-f a -f b`), and `--` ending the flags (exec's command follows it).
 */
import { closest } from "../../util/closest.ts";

export type CtlFlagType = "string" | "boolean" | "number" | "strings";

export interface CtlFlag {
  name: string;
  short?: string;
  type: CtlFlagType;
  help: string;
  default?: string | boolean | number;
}

export interface CtlArgs {
  /** Last value for string/number/boolean flags; every value for "strings" flags. */
  flags: Map<string, string | boolean | number | string[]>;
  positional: string[];
  /** Index in positional where `--` was seen (exec's command starts there); -1 when absent. */
  dashAt: number;
}

/** An error in how the command was called: one line, exit code 1 as kubectl's. */
export class CtlUsageError extends Error {}

function convert(flag: CtlFlag, raw: string): string | boolean | number {
  switch (flag.type) {
    case "boolean":
      if (raw === "true" || raw === "1" || raw === "t" || raw === "T" || raw === "TRUE" || raw === "True") return true;
      if (raw === "false" || raw === "0" || raw === "f" || raw === "F" || raw === "FALSE" || raw === "False") return false;
      throw new CtlUsageError(`invalid argument "${raw}" for "--${flag.name}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isInteger(n)) throw new CtlUsageError(`invalid argument "${raw}" for "--${flag.name}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return n;
    }
    default:
      return raw;
  }
}

export function parseCtlArgs(argv: readonly string[], specs: readonly CtlFlag[]): CtlArgs {
  const byLong = new Map<string, CtlFlag>();
  const byShort = new Map<string, CtlFlag>();
  for (const s of specs) {
    byLong.set(s.name, s);
    if (s.short) byShort.set(s.short, s);
  }
  const out: CtlArgs = { flags: new Map(), positional: [], dashAt: -1 };
  const set = (flag: CtlFlag, raw: string) => {
    if (flag.type === "strings") {
      const prev = out.flags.get(flag.name);
      const list = Array.isArray(prev) ? prev : [];
      list.push(raw);
      out.flags.set(flag.name, list);
    } else {
      out.flags.set(flag.name, convert(flag, raw));
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.dashAt = out.positional.length;
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      out.positional.push(arg);
      continue;
    }
    if (arg.startsWith("--")) {
      const body = arg.slice(2);
      const eq = body.indexOf("=");
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const flag = byLong.get(name);
      if (!flag) {
        const near = closest(name, [...byLong.keys()]);
        throw new CtlUsageError(`unknown flag: --${name}${near ? ` (did you mean --${near}?)` : ""}`);
      }
      if (eq >= 0) set(flag, body.slice(eq + 1));
      else if (flag.type === "boolean") set(flag, "true");
      else {
        const v = argv[++i];
        if (v === undefined) throw new CtlUsageError(`flag needs an argument: --${name}`);
        set(flag, v);
      }
      continue;
    }
    // short flags: -n value, -nvalue, -n=value, -it (booleans combined)
    const body = arg.slice(1);
    for (let j = 0; j < body.length; j++) {
      const ch = body[j]!;
      const flag = byShort.get(ch);
      if (!flag) throw new CtlUsageError(`unknown shorthand flag: '${ch}' in ${arg}`);
      if (flag.type === "boolean") {
        if (body[j + 1] === "=") {
          set(flag, body.slice(j + 2));
          break;
        }
        set(flag, "true");
        continue;
      }
      let rest = body.slice(j + 1);
      if (rest.startsWith("=")) rest = rest.slice(1);
      if (rest !== "") set(flag, rest);
      else {
        const v = argv[++i];
        if (v === undefined) throw new CtlUsageError(`flag needs an argument: '${ch}' in -${ch}`);
        set(flag, v);
      }
      break;
    }
  }
  return out;
}

export function flagString(a: CtlArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === "string" ? v : undefined;
}

export function flagStrings(a: CtlArgs, name: string): string[] {
  const v = a.flags.get(name);
  if (Array.isArray(v)) return v;
  return typeof v === "string" ? [v] : [];
}

export function flagBool(a: CtlArgs, name: string, dflt = false): boolean {
  const v = a.flags.get(name);
  return typeof v === "boolean" ? v : dflt;
}

export function flagNumber(a: CtlArgs, name: string): number | undefined {
  const v = a.flags.get(name);
  return typeof v === "number" ? v : undefined;
}
