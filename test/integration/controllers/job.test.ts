import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Job, Pod } from "../../../src/api/types/index.ts";
import { isConflict, isNotFound } from "../../../src/client/errors.ts";
import type { Client } from "../../../src/client/rest/clientset.ts";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { eventually, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
let manager: ControllerManager;
const NS = "default";

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  manager = runControllerManager({ client, informers: newInformers(client), controllers: ["job", "ttl-after-finished", "garbagecollector"] });
});
afterAll(async () => {
  await manager.stop();
  await cluster.stop();
});

/**
 * A stand-in kubelet for one job: finishes each of its pods with the phase outcome() picks.
 * Resolves once its watch is open; pods that already exist when it lists are finished too,
 * so no pod is missed however late the list is answered.
 */
async function runPods(client: Client, jobName: string, outcome: (pod: Pod) => "Succeeded" | "Failed", maxActive: { value: number }): Promise<() => void> {
  const ctl = new AbortController();
  const live = new Set<string>();
  const labelSelector = { "batch.kubernetes.io/job-name": jobName };
  const seen = (type: string, pod: Pod) => {
    const running = type !== "DELETED" && !pod.metadata.deletionTimestamp && pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed";
    if (running) live.add(pod.metadata.name!);
    else live.delete(pod.metadata.name!);
    maxActive.value = Math.max(maxActive.value, live.size);
    if (type === "ADDED" && running) setTimeout(() => void finish(client, pod, outcome(pod)), 30);
  };
  const list = await client.pods(NS).list({ labelSelector });
  const watch = await client.pods(NS).watch({ labelSelector, resourceVersion: list.metadata.resourceVersion!, signal: ctl.signal });
  ctl.signal.addEventListener("abort", () => watch.stop(), { once: true });
  for (const pod of list.items) seen("ADDED", pod);
  void (async () => {
    try {
      for await (const ev of watch) seen(ev.type, ev.object as Pod);
    } catch {
      // stopped
    }
  })();
  return () => ctl.abort();
}

/** The job once it has condition type; on timeout the error shows the job's last status. */
function waitForCondition(name: string, type: string): Promise<Job> {
  return eventually(`job ${name} ${type}`, async () => {
    const j = await cluster.client.jobs(NS).get(name);
    if (conditions(j).includes(type)) return j;
    throw new Error(`status ${JSON.stringify(j.status ?? {})}`);
  });
}

async function finish(client: Client, pod: Pod, phase: "Succeeded" | "Failed"): Promise<void> {
  for (let i = 0; i < 10; i++) {
    try {
      const cur = i === 0 ? pod : await client.pods(NS).get(pod.metadata.name!);
      await client.pods(NS).updateStatus({
        ...cur,
        status: { phase, containerStatuses: [{ name: "c", ready: false, restartCount: 0, image: "busybox", imageID: "", state: { terminated: { exitCode: phase === "Succeeded" ? 0 : 1, finishedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z") } } }] },
      });
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      // A conflict is retried at once with a fresh read; anything else after a pause.
      if (!isConflict(err)) await Bun.sleep(50);
    }
  }
}

function job(name: string, spec: Partial<NonNullable<Job["spec"]>>): Job {
  const template = podTemplate({ app: name });
  return { apiVersion: "batch/v1", kind: "Job", metadata: { name, namespace: NS }, spec: { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } }, ...spec } };
}
const conditions = (j: Job) => (j.status?.conditions ?? []).filter((c) => c.status === "True").map((c) => c.type);

describe("Job controller through the API", () => {
  test("completions with parallelism: never more than parallelism active, Complete after SuccessCriteriaMet", async () => {
    const max = { value: 0 };
    const stop = await runPods(cluster.client, "three", () => "Succeeded", max);
    await cluster.client.jobs(NS).create(job("three", { completions: 3, parallelism: 2 }));
    const done = await waitForCondition("three", "Complete");
    stop();
    expect(conditions(done)).toEqual(["SuccessCriteriaMet", "Complete"]);
    expect(done.status).toMatchObject({ succeeded: 3, failed: 0, active: 0 });
    expect(done.status?.completionTime).toBeDefined();
    expect(done.status?.startTime).toBeDefined();
    expect(max.value).toBeLessThanOrEqual(2);
    const pods = (await cluster.client.pods(NS).list({ labelSelector: { "batch.kubernetes.io/job-name": "three" } })).items;
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => !(p.metadata.finalizers ?? []).includes("batch.kubernetes.io/job-tracking"))).toBe(true);
    const events = (await cluster.client.events(NS).list({ fieldSelector: "involvedObject.name=three" })).items;
    expect(events.some((e) => e.reason === "Completed" && e.message === "Job completed")).toBe(true);
  });

  test("backoffLimit exceeded fails the job with BackoffLimitExceeded", async () => {
    const stop = await runPods(cluster.client, "fails", () => "Failed", { value: 0 });
    await cluster.client.jobs(NS).create(job("fails", { completions: 2, parallelism: 2, backoffLimit: 1 }));
    const failed = await waitForCondition("fails", "Failed");
    stop();
    expect(conditions(failed)).toEqual(["FailureTarget", "Failed"]);
    expect(failed.status?.conditions?.find((c) => c.type === "Failed")).toMatchObject({ reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
    expect(failed.status?.failed).toBe(2);
  });

  test("Indexed jobs complete every index; ttlSecondsAfterFinished deletes the job and its pods", async () => {
    const stop = await runPods(cluster.client, "indexed", () => "Succeeded", { value: 0 });
    await cluster.client.jobs(NS).create(job("indexed", { completions: 3, parallelism: 3, completionMode: "Indexed", ttlSecondsAfterFinished: 1 }));
    const done = await waitForCondition("indexed", "Complete");
    expect(done.status?.completedIndexes).toBe("0-2");
    expect(done.status?.succeeded).toBe(3);
    const pods = (await cluster.client.pods(NS).list({ labelSelector: { "batch.kubernetes.io/job-name": "indexed" } })).items;
    expect(pods.map((p) => p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"]).sort()).toEqual(["0", "1", "2"]);
    expect(pods.map((p) => p.spec?.hostname).sort()).toEqual(["indexed-0", "indexed-1", "indexed-2"]);
    await eventually("job deleted by ttl", async () => !(await cluster.client.jobs(NS).list()).items.some((j) => j.metadata.name === "indexed"), 15_000);
    await eventually("pods deleted", async () => (await cluster.client.pods(NS).list({ labelSelector: { "batch.kubernetes.io/job-name": "indexed" } })).items.length === 0);
    stop();
  });
});
