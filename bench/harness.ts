/**
 * The benchmark harness: every bench file collects figures (from mitata runs or its own
 * measurements), prints one line per figure, and rewrites its own section of
 * bench/RESULTS.md with the machine and date, leaving other sections as they are.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { run } from "mitata";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Optional target, e.g. ">= 50000" — printed beside the figure. */
  target?: string;
}

export const RESULTS_FILE = join(import.meta.dir, "RESULTS.md");

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown cpu";
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}/${process.arch}, Bun ${Bun.version}`;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en-US");
  return v.toPrecision(3);
}

export function formatFigure(section: string, f: Figure): string {
  return `${section}: ${f.name} = ${fmt(f.value)} ${f.unit}${f.target ? ` (target ${f.target})` : ""}`;
}

/** Runs the mitata benchmarks registered so far; one figure (ops/s from the mean) per bench. */
export async function runMitata(): Promise<Figure[]> {
  const { benchmarks } = await run({ format: "quiet", throw: true });
  const figures: Figure[] = [];
  for (const b of benchmarks) {
    for (const r of b.runs) {
      const stats = r.stats;
      if (!stats) continue;
      figures.push({ name: r.name, value: 1e9 / stats.avg, unit: "ops/s" });
      figures.push({ name: `${r.name} p99`, value: stats.p99 / 1e3, unit: "µs" });
    }
  }
  return figures;
}

/** Replaces (or appends) `## <section>` in RESULTS.md. */
export function writeSection(section: string, figures: Figure[], notes = "", file = RESULTS_FILE): void {
  const header = "# Benchmark results\n\nEach section is rewritten by its bench file (`bun bench/<name>.bench.ts`).\n";
  const current = existsSync(file) ? readFileSync(file, "utf8") : header;
  const body = [
    `## ${section}`,
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    "",
    "| figure | value | unit | target |",
    "| --- | --- | --- | --- |",
    ...figures.map((f) => `| ${f.name} | ${fmt(f.value)} | ${f.unit} | ${f.target ?? ""} |`),
    ...(notes ? ["", notes.trim()] : []),
    "",
  ].join("\n");
  const re = new RegExp(`^## ${section.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, "m");
  const next = re.test(current) ? current.replace(re, body + "\n") : `${current.trimEnd()}\n\n${body}`;
  writeFileSync(file, next.trimEnd() + "\n");
}

/** Prints every figure as one line and records the section. */
export function report(section: string, figures: Figure[], notes = ""): void {
  for (const f of figures) console.log(formatFigure(section, f));
  if (process.env.KUBUN_BENCH_NO_WRITE !== "1") writeSection(section, figures, notes);
}

/** p-th percentile (0..100) of an unsorted sample. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return NaN;
  const s = [...sample].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Resident set size in MiB. */
export function rssMiB(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}
