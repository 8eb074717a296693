/**
 * Controllers end to end through an in-process apiserver on the memory store: how long
 * a 1,000-replica Deployment takes until all its pods exist, how long the rollout of a
 * new template takes with pods marked ready as soon as they are created (a stand-in
 * kubelet writes Running/Ready through pods/status), and the ReplicaSet controller's
 * pod creation rate. Client rate limiting is off, so the figures measure the
 * controllers and the apiserver, not a QPS setting.
 * Prints one line per figure and rewrites the "Controllers" section of RESULTS.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Deployment, Pod } from "../src/api/types/index.ts";
import { startApiServer } from "../src/apiserver/index.ts";
import { SharedInformerFactory } from "../src/client/cache/index.ts";
import { isConflict } from "../src/client/errors.ts";
import { type Client, createClient } from "../src/client/rest/clientset.ts";
import { runControllerManager } from "../src/controllers/index.ts";
import { openMemoryStore } from "../src/storage/memory/index.ts";
import { setLogSink } from "../src/util/log.ts";
import { type Figure, report } from "./harness.ts";

setLogSink("silent");
const REPLICAS = 1000;

const dir = mkdtempSync(join(tmpdir(), "kubun-bench-ctrl-"));
const store = await openMemoryStore();
const server = await startApiServer({ dataDir: dir, store, port: 0, bindAddress: "127.0.0.1", version: { gitVersion: "v1.34.0" } });
await server.ready;
const mk = (): Client => createClient({ host: server.url, caData: server.caPem, certData: server.adminCertPem, keyData: server.adminKeyPem, qps: -1 });
const client = mk();
const cmClient = mk();
const manager = runControllerManager({ client: cmClient, informers: new SharedInformerFactory(cmClient), controllers: ["replicaset", "deployment"] });

const template = (app: string, image: string) => ({
  metadata: { labels: { app } },
  spec: {
    containers: [{ name: "c", image, imagePullPolicy: "IfNotPresent" as const, terminationMessagePolicy: "File" as const, terminationMessagePath: "/dev/termination-log" }],
    restartPolicy: "Always" as const,
    dnsPolicy: "ClusterFirst" as const,
    terminationGracePeriodSeconds: 30,
    schedulerName: "default-scheduler",
  },
});

/** Marks every new pod Running/Ready right away, as a very fast kubelet would. */
async function kubelet(signal: AbortSignal): Promise<void> {
  const kc = mk();
  const list = await kc.pods("bench").list();
  const watch = await kc.pods("bench").watch({ resourceVersion: list.metadata.resourceVersion ?? "0", signal });
  signal.addEventListener("abort", () => watch.stop(), { once: true });
  let n = 0;
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  // 16 status writers, as a handful of kubelets would keep connections open (not one per pod).
  const pending: Pod[] = [];
  const sleepers: (() => void)[] = [];
  const writers = Array.from({ length: 16 }, async () => {
    while (!signal.aborted) {
      const pod = pending.shift();
      if (!pod) {
        await new Promise<void>((r) => sleepers.push(r));
        continue;
      }
      await write(pod);
    }
  });
  void writers;
  const write = async (p: Pod): Promise<void> => {
    const ip = `10.1.${(++n >> 8) & 255}.${n & 255}`;
    try {
      await kc.pods("bench").updateStatus({ ...p, status: { phase: "Running", podIP: ip, podIPs: [{ ip }], conditions: [{ type: "Ready", status: "True", lastTransitionTime: now() }] } });
    } catch (err) {
      if (isConflict(err)) return write(await kc.pods("bench").get(p.metadata.name ?? ""));
    }
  };
  signal.addEventListener("abort", () => sleepers.splice(0).forEach((w) => w()), { once: true });
  try {
    for await (const ev of watch) {
      if (ev.type !== "ADDED" || (ev.object as Pod).metadata.labels?.app === "rs") continue;
      pending.push(ev.object as Pod);
      sleepers.shift()?.();
    }
  } catch {
    // stopped
  }
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 300_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await fn()) return (performance.now() - start) / 1000;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out: ${what}`);
    await Bun.sleep(5);
  }
}

// Observe through an informer of our own rather than polling lists of 1,000 pods.
const watchClient = mk();
const observer = new SharedInformerFactory(watchClient);
const podLister = observer.pods().lister();
const deployLister = observer.deployments().lister();
const observing = new AbortController();
observer.start(observing.signal);
await observer.waitForCacheSync(observing.signal);
const countPods = async (labels: Record<string, string>) => podLister.namespace("bench").list(labels).filter((p) => !p.metadata.deletionTimestamp).length;
const getDeployment = async () => deployLister.get("bench", "web")!;
const complete = (d: Deployment | undefined) => {
  const s = d?.status;
  if (!d) return false;
  return !!s && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && s.updatedReplicas === REPLICAS && s.replicas === REPLICAS && s.availableReplicas === REPLICAS && s.conditions?.some((c) => c.type === "Progressing" && c.reason === "NewReplicaSetAvailable") === true;
};

await client.namespaces().create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } });
const stopKubelet = new AbortController();
void kubelet(stopKubelet.signal);
await Bun.sleep(200);

const figures: Figure[] = [];

// 1. ReplicaSet: pods created per second (no kubelet involvement for this one).
let start = performance.now();
await client.replicaSets("bench").create({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "rs", namespace: "bench" }, spec: { replicas: REPLICAS, selector: { matchLabels: { app: "rs" } }, template: template("rs", "v1") } });
const rsSeconds = await until("rs pods", async () => (await countPods({ app: "rs" })) >= REPLICAS);
figures.push({ name: "ReplicaSet controller: pods created per second (1,000 replicas)", value: REPLICAS / rsSeconds, unit: "pods/s" });
await client.replicaSets("bench").patch("rs", { spec: { replicas: 0 } });
await until("rs drained", async () => (await countPods({ app: "rs" })) === 0);

// 2. Deployment of 1,000 replicas: until every pod exists, then until the rollout completes.
start = performance.now();
await client.deployments("bench").create({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "bench" },
  spec: { replicas: REPLICAS, selector: { matchLabels: { app: "web" } }, template: template("web", "v1"), strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } },
});
const podsExist = await until("deployment pods", async () => (await countPods({ app: "web" })) >= REPLICAS);
figures.push({ name: "Deployment 1,000 replicas: created until all pods exist", value: podsExist, unit: "s" });
await until("initial rollout", async () => complete(await getDeployment()));
figures.push({ name: "Deployment 1,000 replicas: created until rollout complete (pods ready at once)", value: (performance.now() - start) / 1000, unit: "s" });

// 3. A new template: until the rolling update (25%/25%) completes.
await client.deployments("bench").patch("web", { spec: { template: { spec: { containers: [{ name: "c", image: "v2" }] } } } }, { type: "strategic" });
const rollout = await until("rollout of v2", async () => {
  const d = await getDeployment();
  return complete(d) && d.metadata.annotations?.["deployment.kubernetes.io/revision"] === "2";
});
figures.push({ name: "Deployment 1,000 replicas: new template rolled out (25%/25%, pods ready at once)", value: rollout, unit: "s" });

stopKubelet.abort();
observing.abort();
watchClient.close();
await manager.stop();
client.close();
cmClient.close();
await server.stop();
await store.close();
rmSync(dir, { recursive: true, force: true });

report(
  "Controllers",
  figures,
  `In-process apiserver on the memory store, one controller manager (replicaset, deployment) and a stand-in kubelet in the same process; client QPS limiting off. Load average at the run: ${(await import("node:os")).loadavg()[0]!.toFixed(1)} (other work shares the 2 cores; repeated runs vary by up to 3x).`,
);
