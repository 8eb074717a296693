import { describe, expect, test } from "bun:test";
import type { Job, Pod } from "../../../../src/api/types/index.ts";
import { countUncounted, recordFinished } from "../../../../src/controllers/job/accounting.ts";
import { nextBackoff, remainingBackoff } from "../../../../src/controllers/job/backoff.ts";
import { planJob } from "../../../../src/controllers/job/decide.ts";
import { firstPendingIndexes, formatIndexes, parseIndexes } from "../../../../src/controllers/job/indexes.ts";
import { matchPodFailurePolicy } from "../../../../src/controllers/job/pod-failure-policy.ts";
import { jobPod } from "../../../../src/controllers/job/pod-template.ts";

const NOW = Date.parse("2026-01-01T00:10:00Z");
type Spec = NonNullable<Job["spec"]>;

function job(spec: Partial<Spec> = {}, status: Job["status"] = {}): Job {
  return {
    metadata: { name: "pi", namespace: "ns", uid: "job-uid" },
    spec: { completions: 3, parallelism: 2, backoffLimit: 6, selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "job-uid" } }, template: { spec: { containers: [{ name: "c", image: "i" }], restartPolicy: "Never" } }, ...spec },
    status,
  };
}
function pod(name: string, o: { phase?: "Pending" | "Running" | "Succeeded" | "Failed"; finalizer?: boolean; deleting?: boolean; index?: number; exitCode?: number; ready?: boolean } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: "ns",
      uid: `uid-${name}`,
      creationTimestamp: "2026-01-01T00:00:00Z",
      ...(o.finalizer !== false ? { finalizers: ["batch.kubernetes.io/job-tracking"] } : {}),
      ...(o.deleting ? { deletionTimestamp: "2026-01-01T00:05:00Z" } : {}),
      ...(o.index !== undefined ? { annotations: { "batch.kubernetes.io/job-completion-index": String(o.index) } } : {}),
    },
    spec: { containers: [{ name: "c" }] },
    status: {
      phase: o.phase ?? "Running",
      ...(o.exitCode !== undefined ? { containerStatuses: [{ name: "c", ready: false, restartCount: 0, image: "i", imageID: "", state: { terminated: { exitCode: o.exitCode, finishedAt: "2026-01-01T00:09:00Z" } } }] } : {}),
      ...(o.ready ? { conditions: [{ type: "Ready", status: "True" }] } : {}),
    },
  };
}
const names = (ps: Pod[]) => ps.map((p) => p.metadata.name);

describe("indexes", () => {
  test("format and parse intervals", () => {
    expect(formatIndexes([5, 0, 1, 2, 7, 8])).toBe("0-2,5,7-8");
    expect([...parseIndexes("0-2,5,7-8")]).toEqual([0, 1, 2, 5, 7, 8]);
    expect([...parseIndexes("0-9", 3)]).toEqual([0, 1, 2]);
    expect(firstPendingIndexes(2, 5, new Set([0]), new Set([1]))).toEqual([2, 3]);
  });
});

describe("backoff", () => {
  test("10 s doubling per failure since the last success, capped at 10 minutes", () => {
    const r1 = nextBackoff(undefined, 0, 1, NOW);
    expect(remainingBackoff(r1, NOW)).toBe(10_000);
    expect(remainingBackoff(r1, NOW + 4_000)).toBe(6_000);
    const r3 = nextBackoff(nextBackoff(r1, 0, 1, NOW), 0, 1, NOW);
    expect(remainingBackoff(r3, NOW)).toBe(40_000);
    expect(remainingBackoff({ failuresAfterLastSuccess: 30, lastFailureTime: NOW }, NOW)).toBe(600_000);
    expect(remainingBackoff(nextBackoff(r3, 1, 0, NOW), NOW)).toBe(0);
  });
});

describe("pod failure policy", () => {
  const policy = (rules: NonNullable<Spec["podFailurePolicy"]>["rules"]) => job({ podFailurePolicy: { rules } });
  test("exit codes and conditions, first match wins", () => {
    const j = policy([
      { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
      { action: "FailJob", onExitCodes: { operator: "In", values: [42] } },
      { action: "Count", onExitCodes: { operator: "NotIn", values: [42] } },
    ]);
    expect(matchPodFailurePolicy(j, pod("a", { phase: "Failed", exitCode: 42 }))).toEqual({ action: "FailJob", message: "Container c for pod ns/a failed with exit code 42 matching FailJob rule at index 1" });
    expect(matchPodFailurePolicy(j, pod("b", { phase: "Failed", exitCode: 1 }))?.action).toBe("Count");
    const disrupted = { ...pod("c", { phase: "Failed", exitCode: 42 }), status: { phase: "Failed" as const, conditions: [{ type: "DisruptionTarget", status: "True" }] } };
    expect(matchPodFailurePolicy(j, disrupted)).toEqual({ action: "Ignore", message: "Pod ns/c has condition DisruptionTarget matching Ignore rule at index 0" });
    expect(matchPodFailurePolicy(job(), pod("d", { phase: "Failed", exitCode: 1 }))).toBeUndefined();
  });
});

describe("accounting", () => {
  test("finished pods are recorded as uncounted first, then counted once their finalizer is gone", () => {
    const j = job();
    const pods = [pod("ok", { phase: "Succeeded" }), pod("bad", { phase: "Failed", exitCode: 1 }), pod("run"), pod("gone", { deleting: true }), pod("old", { phase: "Succeeded", finalizer: false })];
    const acc = recordFinished(j, pods, NOW);
    expect(names(acc.toRemove)).toEqual(["ok", "bad", "gone"]);
    expect(acc.status.uncountedTerminatedPods).toEqual({ succeeded: ["uid-ok"], failed: ["uid-bad", "uid-gone"] });
    const counted = countUncounted(j, acc.status, new Set(["uid-gone"]));
    expect(counted).toMatchObject({ newSucceeded: 1, newFailed: 1 });
    expect(counted.status).toMatchObject({ succeeded: 1, failed: 1, uncountedTerminatedPods: { succeeded: [], failed: ["uid-gone"] } });
    // recording again changes nothing
    expect(recordFinished({ ...j, status: acc.status }, pods, NOW).changed).toBe(false);
  });
  test("Indexed jobs record completed indexes; FailJob sets the FailureTarget; Ignore is not counted", () => {
    const j = job({ completionMode: "Indexed", podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [3] } }, { action: "Ignore", onExitCodes: { operator: "In", values: [9] } }] } });
    const acc = recordFinished(j, [pod("i0", { phase: "Succeeded", index: 0 }), pod("i2", { phase: "Succeeded", index: 2 }), pod("f", { phase: "Failed", exitCode: 3 }), pod("ign", { phase: "Failed", exitCode: 9 })], NOW);
    expect(acc.status.completedIndexes).toBe("0,2");
    expect(acc.status.uncountedTerminatedPods).toEqual({ succeeded: ["uid-i0", "uid-i2"], failed: ["uid-f"] });
    expect(acc.status.conditions).toEqual([{ type: "FailureTarget", status: "True", reason: "PodFailurePolicy", message: "Container c for pod ns/f failed with exit code 3 matching FailJob rule at index 0", lastProbeTime: "2026-01-01T00:10:00Z", lastTransitionTime: "2026-01-01T00:10:00Z" }]);
    expect(acc.toRemove).toHaveLength(4);
    expect(countUncounted(j, acc.status, new Set()).status.succeeded).toBe(2);
  });
});

describe("planJob", () => {
  test("creates up to parallelism, capped by the completions left", () => {
    expect(planJob(job(), [], NOW, 0).create).toEqual({ count: 2 });
    expect(planJob(job({}, { succeeded: 2 }), [], NOW, 0).create).toEqual({ count: 1 });
    expect(planJob(job({ completions: undefined as never, parallelism: 3 }), [], NOW, 0).create).toEqual({ count: 3 });
  });
  test("waits out the backoff before replacing pods", () => {
    const p = planJob(job({}, { failed: 1 }), [], NOW, 7_000);
    expect(p.create.count).toBe(0);
    expect(p.requeueAfterMs).toBe(7_000);
  });
  test("too many active pods: delete the pending and not ready first", () => {
    const p = planJob(job({ parallelism: 1 }), [pod("ready", { ready: true }), pod("pending", { phase: "Pending" })], NOW, 0);
    expect(names(p.delete)).toEqual(["pending"]);
  });
  test("success: SuccessCriteriaMet while pods run, then Complete with completionTime", () => {
    const p1 = planJob(job({}, { succeeded: 3 }), [pod("extra")], NOW, 0);
    expect(names(p1.delete)).toEqual(["extra"]);
    expect(p1.status.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([["SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"]]);
    const p2 = planJob({ ...job(), status: p1.status }, [], NOW, 0);
    expect(p2.status.conditions?.map((c) => c.type)).toEqual(["SuccessCriteriaMet", "Complete"]);
    expect(p2.status.completionTime).toBe("2026-01-01T00:10:00Z");
    expect(p2.events).toEqual([{ type: "Normal", reason: "Completed", message: "Job completed" }]);
  });
  test("backoffLimit exceeded: FailureTarget, pods deleted, then Failed", () => {
    const p1 = planJob(job({ backoffLimit: 1 }, { failed: 2 }), [pod("r")], NOW, 0);
    expect(names(p1.delete)).toEqual(["r"]);
    expect(p1.status.conditions?.map((c) => [c.type, c.reason, c.message])).toEqual([["FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"]]);
    const p2 = planJob({ ...job({ backoffLimit: 1 }), status: p1.status }, [], NOW, 0);
    expect(p2.status.conditions?.map((c) => c.type)).toEqual(["FailureTarget", "Failed"]);
    expect(p2.events[0]).toEqual({ type: "Warning", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
  });
  test("activeDeadlineSeconds: requeue before, DeadlineExceeded after", () => {
    const start = new Date(NOW - 30_000).toISOString().replace(/\.\d+Z$/, "Z");
    expect(planJob(job({ activeDeadlineSeconds: 60 }, { startTime: start }), [pod("a"), pod("b")], NOW, 0).requeueAfterMs).toBe(30_001);
    const late = planJob(job({ activeDeadlineSeconds: 10 }, { startTime: start }), [pod("a")], NOW, 0);
    expect(late.status.conditions?.[0]).toMatchObject({ type: "FailureTarget", reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" });
  });
  test("suspend deletes pods and says so; resume restarts the clock", () => {
    const s = planJob(job({ suspend: true }), [pod("a")], NOW, 0);
    expect(names(s.delete)).toEqual(["a"]);
    expect(s.status.conditions?.[0]).toMatchObject({ type: "Suspended", status: "True", reason: "JobSuspended", message: "Job suspended" });
    const r = planJob({ ...job(), status: s.status }, [], NOW + 5000, 0);
    expect(r.status.conditions?.[0]).toMatchObject({ type: "Suspended", status: "False", reason: "JobResumed", message: "Job resumed" });
    expect(r.status.startTime).toBe("2026-01-01T00:10:05Z");
    expect(r.create.count).toBe(2);
  });
  test("Indexed: pending indexes are created, duplicates deleted", () => {
    const j = job({ completionMode: "Indexed", completions: 4, parallelism: 3 }, { completedIndexes: "0" });
    const p = planJob(j, [pod("a", { index: 1 }), pod("b", { index: 1 })], NOW, 0);
    expect(names(p.delete)).toEqual(["b"]);
    const p2 = planJob(j, [pod("a", { index: 1 })], NOW, 0);
    expect(p2.create).toEqual({ count: 2, indexes: [2, 3] });
  });
});

describe("job pods", () => {
  test("tracking finalizer, controller reference, and the completion index of Indexed jobs", () => {
    const p = jobPod(job({ completionMode: "Indexed" }), 2);
    expect(p.metadata.generateName).toBe("pi-2-");
    expect(p.metadata.finalizers).toEqual(["batch.kubernetes.io/job-tracking"]);
    expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Job", name: "pi", uid: "job-uid", controller: true, blockOwnerDeletion: true });
    expect(p.metadata.annotations).toEqual({ "batch.kubernetes.io/job-completion-index": "2" });
    expect(p.metadata.labels).toEqual({ "batch.kubernetes.io/job-completion-index": "2" });
    expect(p.spec?.hostname).toBe("pi-2");
    expect(p.spec?.containers[0]?.env).toEqual([{ name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
    expect(jobPod(job()).metadata.generateName).toBe("pi-");
  });
});
