import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { CronJob, Job } from "../../../src/api/types/index.ts";
import { CronJobController } from "../../../src/controllers/cronjob/controller.ts";
import { nullRecorder } from "../../../src/controllers/helper/context.ts";
import { eventually, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
const stop = new AbortController();
/** The controller's clock runs ahead, so "* * * * *" is due without waiting a minute. */
let skewMs = 0;

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  const informers = newInformers(client);
  const c = new CronJobController({ client, informers, recorder: nullRecorder, now: () => Date.now() + skewMs });
  informers.start(stop.signal);
  void c.run(1, stop.signal);
});
afterAll(async () => {
  stop.abort();
  await cluster.stop();
});

describe("CronJob controller through the API", () => {
  test("creates the job of a due schedule time once, tracks it, and records its success", async () => {
    const t = podTemplate({ app: "tick" });
    const cj: CronJob = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "tick", namespace: "default" },
      spec: { schedule: "* * * * *", concurrencyPolicy: "Forbid", jobTemplate: { spec: { template: { ...t, spec: { ...t.spec, restartPolicy: "Never" } } } } },
    };
    await cluster.client.cronJobs("default").create(cj);
    skewMs = 61_000;
    await cluster.client.cronJobs("default").patch("tick", { metadata: { annotations: { poke: "1" } } });
    const withActive = await eventually("a job is active", async () => {
      const c = await cluster.client.cronJobs("default").get("tick");
      return (c.status?.active ?? []).length === 1 ? c : undefined;
    });
    const jobs = (await cluster.client.jobs("default").list()).items;
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    const minutes = Math.floor(Date.parse(withActive.status!.lastScheduleTime!) / 60_000);
    expect(job.metadata.name).toBe(`tick-${minutes}`);
    expect(job.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe(withActive.status!.lastScheduleTime!);
    expect(withActive.status!.active![0]).toMatchObject({ kind: "Job", name: job.metadata.name, uid: job.metadata.uid });

    // poking again in the same minute creates nothing new (Forbid, and the name is taken)
    await cluster.client.cronJobs("default").patch("tick", { metadata: { annotations: { poke: "2" } } });
    await Bun.sleep(300);
    expect((await cluster.client.jobs("default").list()).items).toHaveLength(1);

    // the job completes: the CronJob notices
    const done = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const fresh: Job = await cluster.client.jobs("default").get(job.metadata.name!);
    await cluster.client.jobs("default").updateStatus({ ...fresh, status: { startTime: done, completionTime: done, succeeded: 1, conditions: [{ type: "SuccessCriteriaMet", status: "True" }, { type: "Complete", status: "True" }] } });
    const after = await eventually("success recorded", async () => {
      const c = await cluster.client.cronJobs("default").get("tick");
      return (c.status?.active ?? []).length === 0 && c.status?.lastSuccessfulTime ? c : undefined;
    });
    expect(after.status?.lastSuccessfulTime).toBe(done);
  });
});
