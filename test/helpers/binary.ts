/** The compiled dist/kubun for tests that drive the executable; built once if missing. */
import { existsSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dir, "..", "..");
export const BINARY = join(REPO_ROOT, "dist", "kubun");

let building: Promise<string> | undefined;

export function ensureBinary(): Promise<string> {
  if (existsSync(BINARY)) return Promise.resolve(BINARY);
  building ??= (async () => {
    const p = Bun.spawn(["bun", "scripts/build.ts"], { cwd: REPO_ROOT, stdout: "inherit", stderr: "inherit" });
    if ((await p.exited) !== 0) throw new Error("building dist/kubun failed");
    return BINARY;
  })();
  return building;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the binary to completion with the given arguments. */
export async function runKubun(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  const bin = await ensureBinary();
  const p = Bun.spawn([bin, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, ...opts.env }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}
