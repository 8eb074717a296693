/**
 * Starts the compiled `dist/kubun server` on a free port in a temporary data dir, the way a
 * user does, and gives tests the real kubectl and helm pointed at it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary, REPO_ROOT, type RunResult } from "./binary.ts";
import { freePort } from "./ports.ts";

export const TOOLS = join(REPO_ROOT, ".cache", "tools");

export interface Cluster {
  dir: string;
  dataDir: string;
  port: number;
  url: string;
  kubeconfig: string;
  /** Combined stderr of the server so far (for failure messages). */
  logs(): string;
  kubectl(args: string[], opts?: { stdin?: string; timeoutMs?: number }): Promise<RunResult>;
  helm(args: string[], opts?: { timeoutMs?: number }): Promise<RunResult>;
  /** SIGTERM, then wait for a clean exit; returns the exit code. Removes the data unless keepData. */
  stop(opts?: { keepData?: boolean }): Promise<number>;
}

async function runTool(cmd: string[], env: Record<string, string>, stdin: string | undefined, timeoutMs: number): Promise<RunResult> {
  const p = Bun.spawn(cmd, { env: { ...process.env, ...env }, stdin: stdin === undefined ? "ignore" : new Blob([stdin]), stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

export interface StartOptions {
  readyTimeoutMs?: number;
  /** Reuse a stopped cluster's folder and port (a restart). */
  dir?: string;
  port?: number;
}

export async function startCluster(extraArgs: string[] = [], opts: StartOptions = {}): Promise<Cluster> {
  const bin = await ensureBinary();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "kubun-cluster-"));
  const dataDir = join(dir, "data");
  const kubeconfig = join(dir, "kubeconfig.yaml");
  const port = opts.port ?? (await freePort());
  const agentArgs = extraArgs.includes("--disable-agent") ? [] : ["--kubelet-arg", `port=${await freePort()}`];
  const proc = Bun.spawn([bin, "server", "--data-dir", dataDir, "--https-listen-port", String(port), "--bind-address", "127.0.0.1", "--write-kubeconfig", kubeconfig, ...agentArgs, ...extraArgs], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, TMPDIR: dir },
  });
  let log = "";
  const drain = async (s: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    for await (const chunk of s) log += dec.decode(chunk, { stream: true });
  };
  void drain(proc.stdout);
  void drain(proc.stderr);
  const url = `https://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`kubun server exited with ${proc.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${url}/readyz`, { tls: { rejectUnauthorized: false } });
      if (res.status === 200 && (await Bun.file(kubeconfig).exists())) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`kubun server not ready within timeout:\n${log}`);
    }
    await Bun.sleep(100);
  }
  const cacheDir = join(dir, "kube-cache");
  const toolEnv = { KUBECONFIG: kubeconfig, HOME: dir, HELM_CACHE_HOME: join(dir, "helm-cache"), HELM_CONFIG_HOME: join(dir, "helm-config"), HELM_DATA_HOME: join(dir, "helm-data") };
  return {
    dir,
    dataDir,
    port,
    url,
    kubeconfig,
    logs: () => log,
    kubectl: (args, o = {}) => runTool([join(TOOLS, "kubectl"), "--cache-dir", cacheDir, ...args], toolEnv, o.stdin, o.timeoutMs ?? 60_000),
    helm: (args, o = {}) => runTool([join(TOOLS, "helm"), ...args], toolEnv, undefined, o.timeoutMs ?? 120_000),
    stop: async (o = {}) => {
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      const code = await proc.exited;
      clearTimeout(timer);
      // Like k3s, a stopping server leaves its pods running; a test's pods must not outlive it.
      if (!o.keepData) {
        Bun.spawnSync(["pkill", "-KILL", "-f", join(dataDir, "agent", "containers")]);
        rmSync(dir, { recursive: true, force: true });
      }
      return code;
    },
  };
}
