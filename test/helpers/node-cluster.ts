/**
 * A single-node cluster for end-to-end tests of the kubelet: a busybox image (built at test
 * time from Debian's busybox-static) is dropped into <data-dir>/agent/images so the agent
 * imports it at start, then the compiled server runs with its agent until the node is Ready.
 */
import { afterAll, beforeAll } from "bun:test";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../integration/kubelet/fixtures/busybox-image.ts";
import type { RunResult } from "./binary.ts";
import { startCluster, type Cluster } from "./cluster.ts";

export const BUSYBOX_IMAGE = "busybox:1.36";

export async function startNodeCluster(extraArgs: string[] = []): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "kubun-node-"));
  mkdirSync(join(dir, "data", "agent", "images"), { recursive: true });
  await buildBusyboxImage(join(dir, "data", "agent", "images", "busybox.tar"), { name: BUSYBOX_IMAGE, format: "oci" });
  const c = await startCluster(extraArgs, { dir });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await c.kubectl(["get", "nodes", "-o", "jsonpath={.items[*].status.conditions[?(@.type=='Ready')].status}"]);
    if (r.stdout === "True") return c;
    if (Date.now() > deadline) {
      await c.stop();
      throw new Error(`node never Ready: ${r.stdout} ${r.stderr}\n${c.logs()}`);
    }
    await Bun.sleep(250);
  }
}

/** The command's stdout; a failure throws with its output and the server log's tail. */
export async function succeed(c: Cluster, p: Promise<RunResult>): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}\nserver log tail:\n${c.logs().slice(-3000)}`);
  return r.stdout;
}

/**
 * One node cluster for a whole test file: started before its tests (handed to `set`),
 * stopped after them. Returns `succeed` bound to that cluster.
 */
export function useNodeCluster(set: (c: Cluster) => void): (p: Promise<RunResult>) => Promise<string> {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startNodeCluster();
    set(cluster);
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return (p) => succeed(cluster!, p);
}
