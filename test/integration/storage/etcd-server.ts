/**
 * Starts a private etcd (Debian's etcd-server, /usr/bin/etcd) on loopback with a temp
 * data dir and free ports, for tests that need a real etcd. Fails loudly, never skips,
 * when etcd is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ETCD_BIN = process.env.KUBUN_ETCD_BIN ?? "/usr/bin/etcd";

export interface EtcdServer {
  /** `etcd://127.0.0.1:PORT`, for openStore's endpoint. */
  endpoint: string;
  /** `http://127.0.0.1:PORT`. */
  clientUrl: string;
  dataDir: string;
  /** Process id of the etcd server (for resident-memory figures). */
  pid: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
    return res.ok && ((await res.json()) as { health?: string }).health === "true";
  } catch {
    return false;
  }
}

export async function startEtcd(opts: { timeoutMs?: number } = {}): Promise<EtcdServer> {
  if (!existsSync(ETCD_BIN)) {
    throw new Error(`etcd is not installed at ${ETCD_BIN}: install Debian's etcd-server (apt-get install -y etcd-server etcd-client)`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "kubun-etcd-"));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  let output = "";
  const proc = Bun.spawn(
    [
      ETCD_BIN,
      "--name", "kubun-test",
      "--data-dir", dataDir,
      "--listen-client-urls", clientUrl,
      "--advertise-client-urls", clientUrl,
      "--listen-peer-urls", peerUrl,
      "--initial-advertise-peer-urls", peerUrl,
      "--initial-cluster", `kubun-test=${peerUrl}`,
      "--heartbeat-interval", "20",
      "--election-timeout", "200",
      "--log-level", "warn",
    ],
    { stdout: "pipe", stderr: "pipe", env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.env.ETCD_UNSUPPORTED_ARCH ?? "" } },
  );
  const drain = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) output = (output + new TextDecoder().decode(chunk)).slice(-4000);
  };
  void drain(proc.stdout);
  void drain(proc.stderr);
  // Never leave an etcd behind when the test process ends without calling stop().
  const onExit = () => proc.kill("SIGKILL");
  process.once("exit", onExit);
  const stop = async () => {
    process.off("exit", onExit);
    proc.kill("SIGTERM");
    const exited = await Promise.race([proc.exited.then(() => true), Bun.sleep(3000).then(() => false)]);
    if (!exited) {
      proc.kill("SIGKILL");
      await proc.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  while (!(await healthy(clientUrl))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy (exit ${proc.exitCode}):\n${output}`);
    }
    await Bun.sleep(50);
  }
  return { endpoint: `etcd://127.0.0.1:${clientPort}`, clientUrl, dataDir, pid: proc.pid, stop };
}
