/**
 * Command-line flag parsing with k3s/kubectl conventions: `--name value`, `--name=value`,
 * boolean `--name` / `--name=false`, repeatable string-list flags, and `-v N` verbosity.
 * Errors are one line and name the closest valid flag.
 */
import { closest } from "../util/closest.ts";

export type FlagType = "string" | "boolean" | "number" | "list";

export interface FlagSpec {
  name: string;
  type: FlagType;
  help: string;
  default?: string | boolean | number | string[];
  short?: string;
}

export type FlagValues = Record<string, string | boolean | number | string[] | undefined>;

export class UsageError extends Error {}

/** Flags every command accepts. */
export const COMMON_FLAGS: FlagSpec[] = [
  { name: "help", short: "h", type: "boolean", help: "Show help for this command" },
  { name: "v", type: "number", help: "Log verbosity (0 quiet .. 10 very verbose)", default: 0 },
];

export interface Parsed {
  flags: FlagValues;
  positional: string[];
}

function convert(spec: FlagSpec, raw: string): string | boolean | number {
  switch (spec.type) {
    case "boolean":
      if (raw === "true" || raw === "1") return true;
      if (raw === "false" || raw === "0") return false;
      throw new UsageError(`invalid value "${raw}" for --${spec.name}: want true or false`);
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`invalid value "${raw}" for --${spec.name}: want a number`);
      return n;
    }
    default:
      return raw;
  }
}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Parsed {
  const all = [...COMMON_FLAGS, ...specs];
  const byName = new Map<string, FlagSpec>();
  for (const s of all) {
    byName.set(s.name, s);
    if (s.short) byName.set(s.short, s);
  }
  const flags: FlagValues = {};
  for (const s of all) if (s.default !== undefined) flags[s.name] = Array.isArray(s.default) ? [...s.default] : s.default;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = byName.get(name);
    if (!spec) {
      const names = all.map((s) => s.name);
      const near = closest(name, names);
      throw new UsageError(`unknown flag: --${name}${near ? ` (did you mean --${near}?)` : ""}`);
    }
    let raw: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (raw === undefined) {
      if (spec.type === "boolean") raw = "true";
      else {
        raw = argv[++i];
        if (raw === undefined) throw new UsageError(`flag needs an argument: --${spec.name}`);
      }
    }
    if (spec.type === "list") {
      const prev = flags[spec.name];
      const list = Array.isArray(prev) && prev !== spec.default ? prev : [];
      list.push(...raw.split(",").filter((s) => s !== ""));
      flags[spec.name] = list;
    } else {
      flags[spec.name] = convert(spec, raw);
    }
  }
  return { flags, positional };
}

export function formatFlagHelp(specs: readonly FlagSpec[]): string {
  const rows = [...specs, ...COMMON_FLAGS].map((s) => {
    const left = `${s.short ? `-${s.short}, ` : "    "}--${s.name}${s.type === "boolean" ? "" : ` ${s.type === "list" ? "value[,value]" : s.type}`}`;
    const def = s.default !== undefined && s.default !== false && !(Array.isArray(s.default) && s.default.length === 0) ? ` (default ${String(s.default)})` : "";
    return `  ${left.padEnd(36)} ${s.help}${def}`;
  });
  return rows.join("\n");
}

export function str(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}

export function bool(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}

export function num(flags: FlagValues, name: string): number | undefined {
  const v = flags[name];
  return typeof v === "number" ? v : undefined;
}

export function list(flags: FlagValues, name: string): string[] {
  const v = flags[name];
  return Array.isArray(v) ? v : [];
}
