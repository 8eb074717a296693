/**
 * An in-process apiserver on the memory store and admin clients for it, for controller
 * integration tests. Pods are marked Running/Ready through the status subresource
 * (no kubelet runs here).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pod } from "../../../src/api/types/index.ts";
import { type ApiServer, startApiServer } from "../../../src/apiserver/index.ts";
import { SharedInformerFactory } from "../../../src/client/cache/index.ts";
import { isConflict, isNotFound } from "../../../src/client/errors.ts";
import { type Client, createClient } from "../../../src/client/rest/clientset.ts";
import { openMemoryStore } from "../../../src/storage/memory/index.ts";
import { setLogSink } from "../../../src/util/log.ts";

export interface TestCluster {
  server: ApiServer;
  /** A fresh client (each controller manager instance should have its own). */
  newClient(): Client;
  client: Client;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  if (!process.env.KUBUN_TEST_LOGS) setLogSink("silent");
  const dir = mkdtempSync(join(tmpdir(), "kubun-ctrl-"));
  const store = await openMemoryStore();
  const server = await startApiServer({ dataDir: dir, store, port: 0, bindAddress: "127.0.0.1", version: { gitVersion: "v1.34.0" } });
  await server.ready;
  const clients: Client[] = [];
  const newClient = () => {
    const c = createClient({ host: server.url, caData: server.caPem, certData: server.adminCertPem, keyData: server.adminKeyPem, qps: -1 });
    clients.push(c);
    return c;
  };
  const client = newClient();
  return {
    server,
    newClient,
    client,
    async stop() {
      for (const c of clients) c.close();
      await server.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function newInformers(client: Client): SharedInformerFactory {
  return new SharedInformerFactory(client);
}

/** Polls until fn returns a value other than undefined/false, or throws after timeoutMs. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await Bun.sleep(everyMs);
  }
}

/** Marks a pod Running and Ready (with a pod IP) through the status subresource, as a kubelet would. */
export async function markPodReady(client: Client, pod: Pod, ip = "10.0.0.1"): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  for (let attempt = 0; attempt < 10; attempt++) {
    const cur = attempt === 0 ? pod : await client.pods(pod.metadata.namespace).get(pod.metadata.name ?? "");
    try {
      await client.pods(pod.metadata.namespace).updateStatus({
        ...cur,
        status: {
          ...(cur.status ?? {}),
          phase: "Running",
          podIP: ip,
          podIPs: [{ ip }],
          conditions: [
            { type: "Ready", status: "True", lastTransitionTime: now },
            { type: "ContainersReady", status: "True", lastTransitionTime: now },
          ],
        },
      });
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isConflict(err)) throw err;
    }
  }
}

/** A pod template with every field the API requires after defaulting spelled out. */
export function podTemplate(labels: Record<string, string>, image = "busybox"): { metadata: { labels: Record<string, string> }; spec: NonNullable<Pod["spec"]> } {
  return {
    metadata: { labels },
    spec: {
      containers: [{ name: "c", image, imagePullPolicy: "IfNotPresent", terminationMessagePolicy: "File", terminationMessagePath: "/dev/termination-log" }],
      restartPolicy: "Always",
      dnsPolicy: "ClusterFirst",
      terminationGracePeriodSeconds: 30,
      schedulerName: "default-scheduler",
    },
  };
}
