/**
 * `kubun ctl` against an in-process apiserver (memory store): ctl() runs the command
 * exactly as the binary would, with its output captured, pointed at the server's
 * admin kubeconfig.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bufferIO, runCtl } from "../../../src/cli/ctl/index.ts";
import { startHarness, type Harness } from "../apiserver/harness.ts";

export interface CtlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CtlHarness {
  api: Harness;
  kubeconfig: string;
  /** A scratch folder for manifests (removed at stop). */
  dir: string;
  /** Runs `kubun ctl --kubeconfig <the server's> ARGS` (or opts.kubeconfig). */
  ctl(args: string[], opts?: { stdin?: string; signal?: AbortSignal; kubeconfig?: string }): Promise<CtlResult>;
  /** Writes a file under dir and returns its path. */
  file(name: string, text: string): string;
  stop(): Promise<void>;
}

export async function startCtlHarness(): Promise<CtlHarness> {
  const api = await startHarness();
  const kubeconfig = api.server.kubeconfigPath;
  const dir = mkdtempSync(join(tmpdir(), "kubun-ctl-test-"));
  return {
    api,
    kubeconfig,
    dir,
    async ctl(args, opts = {}) {
      const io = bufferIO(opts.stdin ?? "", opts.signal);
      const code = await runCtl(["--kubeconfig", opts.kubeconfig ?? kubeconfig, ...args], io);
      return { code, stdout: io.stdout, stderr: io.stderr };
    },
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async stop() {
      rmSync(dir, { recursive: true, force: true });
      await api.stop();
    },
  };
}

/** Creates an object through the API and fails loudly if the server refuses it. */
export async function create(h: CtlHarness, path: string, body: Record<string, unknown>): Promise<any> {
  const r = await h.api.call("POST", path, body);
  if (r.status !== 201) throw new Error(`POST ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Splits table output into rows of cells (runs of two or more spaces separate cells). */
export function rows(text: string): string[][] {
  return text
    .trimEnd()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split(/ {2,}/));
}
