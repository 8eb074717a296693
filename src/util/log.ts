/**
 * Structured logging: one line per event, `<time> <LEVEL> <component> message key=value...`,
 * written to stderr. Verbosity follows klog: info at level 0 always shows, debug(msg, v)
 * shows when the process verbosity (`-v N`) is at least v.
 */

export type Level = "ERROR" | "WARN" | "INFO" | "DEBUG";
export type Fields = Record<string, unknown>;

interface LogConfig {
  verbosity: number;
  sink: (line: string) => void;
  quiet: boolean;
}

const config: LogConfig = {
  verbosity: 0,
  sink: (line) => process.stderr.write(line + "\n"),
  quiet: false,
};

export function setVerbosity(v: number): void {
  config.verbosity = v;
}

export function verbosity(): number {
  return config.verbosity;
}

/** True when output is silenced (setLogSink("silent")). */
export function quiet(): boolean {
  return config.quiet;
}

/** Redirects output (tests) or silences it entirely. */
export function setLogSink(sink: ((line: string) => void) | "silent"): void {
  if (sink === "silent") config.quiet = true;
  else {
    config.quiet = false;
    config.sink = sink;
  }
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === "string") return /[\s"=]/.test(v) || v === "" ? JSON.stringify(v) : v;
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) return String(v);
  return JSON.stringify(v);
}

export function formatLine(level: Level, component: string, msg: string, fields?: Fields): string {
  let line = `${new Date().toISOString()} ${level.padEnd(5)} ${component} ${msg}`;
  if (fields) for (const [k, v] of Object.entries(fields)) line += ` ${k}=${formatValue(v)}`;
  return line;
}

export interface Logger {
  error(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  /** Shown when verbosity >= v (default 2). */
  debug(msg: string, fields?: Fields, v?: number): void;
  child(sub: string): Logger;
}

export function logger(component: string): Logger {
  const emit = (level: Level, msg: string, fields?: Fields) => {
    if (!config.quiet) config.sink(formatLine(level, component, msg, fields));
  };
  return {
    error: (m, f) => emit("ERROR", m, f),
    warn: (m, f) => emit("WARN", m, f),
    info: (m, f) => emit("INFO", m, f),
    debug: (m, f, v = 2) => {
      if (config.verbosity >= v) emit("DEBUG", m, f);
    },
    child: (sub) => logger(`${component}/${sub}`),
  };
}
