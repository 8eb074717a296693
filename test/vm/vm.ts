/**
 * Test helper for the VM tier: boots a real cgroup v2 Linux node in qemu (TCG) through
 * scripts/vm/run.sh, runs a guest script there as root, and returns its output and exit
 * status. See scripts/vm/run.sh for what the guest has (busybox, util-linux, iproute2,
 * dist/kubun at /usr/local/bin/kubun, /vm/out shared back to the host).
 *
 * Guest scripts report figures as lines `@key=value`; `values` collects them (the last
 * one wins). Nothing here skips: a missing qemu or kernel is an error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary, REPO_ROOT } from "../helpers/binary.ts";

export const RUN_SH = join(REPO_ROOT, "scripts", "vm", "run.sh");
export const PREPARE_SH = join(REPO_ROOT, "scripts", "vm", "prepare.sh");

export interface VmOptions {
  /** Guest script body, run by busybox sh as root in /root. */
  script: string;
  /** Guest path -> host path, copied into the initramfs (writable in the guest). */
  files?: Record<string, string>;
  /** Guest folder -> host folder, mounted read-only over 9p. */
  shares?: Record<string, string>;
  /** Share dist/kubun into the guest (default true; builds it when missing). */
  kubun?: boolean;
  timeoutSec?: number;
  memMb?: number;
  cpus?: number;
  /** Keep the output folder (console, output, /vm/out files) after the run. */
  keep?: boolean;
}

export interface VmResult {
  /** The guest script's exit code; 124 when the VM timed out, 125 when it gave no result. */
  code: number;
  /** The guest script's stdout and stderr. */
  output: string;
  /** The kernel console (ttyS0). */
  console: string;
  /** run.sh's own messages. */
  harness: string;
  /** Wall time of the VM, boot to power-off. */
  seconds: number;
  /** `@key=value` lines of the output. */
  values: Record<string, string>;
  /** Folder with output.log, console.log and files/ (the guest's /vm/out); removed unless keep. */
  outDir: string;
}

let prepared: Promise<void> | undefined;

/** Runs scripts/vm/prepare.sh once per process (installs qemu, fetches the kernel, builds the base initramfs). */
export function prepareVm(): Promise<void> {
  prepared ??= (async () => {
    const p = Bun.spawn(["bash", PREPARE_SH], { cwd: REPO_ROOT, stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    if (code !== 0) throw new Error(`scripts/vm/prepare.sh failed (exit ${code}):\n${out}${err}`);
  })();
  return prepared;
}

export function parseValues(output: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of output.split("\n")) {
    const m = /^@([A-Za-z0-9_.-]+)=(.*)$/.exec(line);
    if (m) values[m[1]!] = m[2]!;
  }
  return values;
}

export async function runVm(opts: VmOptions): Promise<VmResult> {
  await prepareVm();
  const kubun = opts.kubun ?? true;
  if (kubun) await ensureBinary();
  const dir = mkdtempSync(join(tmpdir(), "kubun-vm-"));
  const scriptPath = join(dir, "guest.sh");
  writeFileSync(scriptPath, opts.script);
  const outDir = join(dir, "out");
  const args = ["bash", RUN_SH, "--out", outDir, "--timeout", String(opts.timeoutSec ?? 240)];
  if (opts.memMb !== undefined) args.push("--mem", String(opts.memMb));
  if (opts.cpus !== undefined) args.push("--cpus", String(opts.cpus));
  if (!kubun) args.push("--no-kubun");
  for (const [guest, host] of Object.entries(opts.files ?? {})) args.push("--file", `${host}:${guest}`);
  for (const [guest, host] of Object.entries(opts.shares ?? {})) args.push("--share", `${host}:${guest}`);
  args.push(scriptPath);
  const p = Bun.spawn(args, { cwd: REPO_ROOT, stdout: "pipe", stderr: "pipe" });
  const [, harness, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  const read = (f: string): string => {
    try {
      return readFileSync(join(outDir, f), "utf8");
    } catch {
      return "";
    }
  };
  const output = read("output.log")
    .replaceAll("\r", "")
    .split("\n")
    .filter((l) => !l.startsWith("@@KUBUN-VM-EXIT "))
    .join("\n");
  const result: VmResult = {
    code,
    output,
    console: read("console.log").replaceAll("\r", ""),
    harness,
    seconds: Number(read("seconds").trim()) || 0,
    values: parseValues(output),
    outDir,
  };
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  return result;
}

/** A readable account of a run for failure messages. */
export function describeRun(r: VmResult): string {
  const tail = (s: string, n: number): string => s.split("\n").slice(-n).join("\n");
  return [
    `guest exit ${r.code} after ${r.seconds}s`,
    "--- guest output (tail) ---",
    tail(r.output, 60),
    "--- kernel console (tail) ---",
    tail(r.console, 20),
    "--- harness ---",
    tail(r.harness, 20),
  ].join("\n");
}
