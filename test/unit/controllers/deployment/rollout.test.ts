import { describe, expect, test } from "bun:test";
import type { Deployment, Pod, ReplicaSet } from "../../../../src/api/types/index.ts";
import { SyncContext } from "../../../../src/controllers/deployment/ops.ts";
import { maxSurge, maxUnavailable } from "../../../../src/controllers/deployment/spec.ts";
import { syncDeployment } from "../../../../src/controllers/deployment/sync.ts";
import { deployment, FakeOps } from "./fake.ts";

function podsByRS(sets: ReplicaSet[]): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const rs of sets) m.set(rs.metadata.uid!, Array.from({ length: rs.status?.replicas ?? 0 }, (_, i) => ({ metadata: { name: `${rs.metadata.name}-${i}` }, status: { phase: "Running" } })));
  return m;
}

async function sync(ops: FakeOps): Promise<void> {
  const ctx = new SyncContext(ops.d, ops);
  await syncDeployment(ctx, ops.list(), podsByRS(ops.list()));
}

const sum = (sets: ReplicaSet[], f: (rs: ReplicaSet) => number) => sets.reduce((n, rs) => n + f(rs), 0);
const complete = (d: Deployment) => d.status?.conditions?.find((c) => c.type === "Progressing")?.reason === "NewReplicaSetAvailable" && d.status.updatedReplicas === d.spec!.replicas && d.status.availableReplicas === d.spec!.replicas && (d.status.replicas ?? 0) === d.spec!.replicas;

/** Runs syncs and settles until the rollout completes, checking the bounds after every step. */
async function runToCompletion(ops: FakeOps, readyPerStep: number, checkMinAvailable: boolean): Promise<number> {
  const desired = ops.d.spec!.replicas!;
  const surge = maxSurge(ops.d);
  const unavailable = maxUnavailable(ops.d);
  for (let step = 1; step <= 200; step++) {
    await sync(ops);
    const sets = ops.list();
    expect(sum(sets, (rs) => rs.spec!.replicas!)).toBeLessThanOrEqual(desired + surge);
    if (checkMinAvailable) expect(sum(sets, (rs) => rs.status?.availableReplicas ?? 0)).toBeGreaterThanOrEqual(desired - unavailable);
    ops.settle(readyPerStep);
    ops.time += 1000;
    if (complete(ops.d)) return step;
  }
  throw new Error(`rollout did not complete: ${JSON.stringify(ops.d.status)}`);
}

describe("rolling update simulation", () => {
  const cases: { name: string; replicas: number; surge: number | string; unavailable: number | string; readyPerStep: number }[] = [
    { name: "defaults 25%/25% of 10", replicas: 10, surge: "25%", unavailable: "25%", readyPerStep: 1 },
    { name: "surge only (1/0) of 5", replicas: 5, surge: 1, unavailable: 0, readyPerStep: 1 },
    { name: "unavailable only (0/1) of 5", replicas: 5, surge: 0, unavailable: 1, readyPerStep: 2 },
    { name: "100% surge of 7", replicas: 7, surge: "100%", unavailable: 0, readyPerStep: 3 },
    { name: "single replica", replicas: 1, surge: "25%", unavailable: "25%", readyPerStep: 1 },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const ops = new FakeOps(deployment({ replicas: c.replicas, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: c.surge, maxUnavailable: c.unavailable } } }));
      await runToCompletion(ops, Infinity, false);
      expect(ops.list()).toHaveLength(1);
      const first = ops.list()[0]!;
      expect(first.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
      expect(first.metadata.labels!["pod-template-hash"]).toBe(first.metadata.name!.slice(4));
      expect(first.spec!.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": first.metadata.name!.slice(4) });
      expect(ops.d.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("1");
      expect(ops.events[0]).toBe(`Normal ScalingReplicaSet Scaled up replica set ${first.metadata.name} from 0 to ${c.replicas}`);

      // change the template: a rolling update within the bounds
      ops.d = { ...ops.d, metadata: { ...ops.d.metadata, generation: 2 }, spec: { ...ops.d.spec!, template: { ...ops.d.spec!.template!, spec: { containers: [{ name: "c", image: "nginx:2" }] } } } };
      await runToCompletion(ops, c.readyPerStep, true);
      const sets = ops.list();
      const newRS = sets.find((rs) => rs.spec!.template!.spec!.containers[0]!.image === "nginx:2")!;
      const oldRS = sets.find((rs) => rs !== newRS)!;
      expect(newRS.spec!.replicas).toBe(c.replicas);
      expect(oldRS.spec!.replicas).toBe(0);
      expect(newRS.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
      expect(ops.d.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
      expect(ops.d.status!.conditions!.find((x) => x.type === "Available")!.status).toBe("True");
      expect(ops.events.some((e) => e.startsWith(`Normal ScalingReplicaSet Scaled down replica set ${oldRS.metadata.name} from`))).toBe(true);
    });
  }

  test("going back to the first template reuses its ReplicaSet with a new revision", async () => {
    const ops = new FakeOps(deployment({ replicas: 2 }));
    await runToCompletion(ops, Infinity, false);
    const first = ops.list()[0]!.metadata.name;
    const t1 = ops.d.spec!.template;
    ops.d = { ...ops.d, spec: { ...ops.d.spec!, template: { ...t1, spec: { containers: [{ name: "c", image: "nginx:2" }] } } } };
    await runToCompletion(ops, 1, true);
    ops.d = { ...ops.d, spec: { ...ops.d.spec!, template: t1 } };
    await runToCompletion(ops, 1, true);
    const back = ops.rs.get(first!)!;
    expect(back.spec!.replicas).toBe(2);
    expect(back.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
    expect(back.metadata.annotations!["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(ops.list()).toHaveLength(2);
  });

  test("revisionHistoryLimit removes old ReplicaSets once the rollout completes", async () => {
    const ops = new FakeOps(deployment({ replicas: 1, revisionHistoryLimit: 1 }));
    for (const image of ["a", "b", "c", "d"]) {
      ops.d = { ...ops.d, spec: { ...ops.d.spec!, template: { ...ops.d.spec!.template!, spec: { containers: [{ name: "c", image }] } } } };
      await runToCompletion(ops, Infinity, false);
      await sync(ops);
    }
    expect(ops.list().map((rs) => rs.spec!.template!.spec!.containers[0]!.image).sort()).toEqual(["c", "d"]);
  });

  test("scaling mid-rollout is proportional and stays within the surge", async () => {
    const ops = new FakeOps(deployment({ replicas: 10, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    await runToCompletion(ops, Infinity, false);
    ops.d = { ...ops.d, spec: { ...ops.d.spec!, template: { ...ops.d.spec!.template!, spec: { containers: [{ name: "c", image: "v2" }] } } } };
    await sync(ops);
    ops.settle(0);
    await sync(ops);
    ops.settle(0);
    const before = ops.list().map((rs) => rs.spec!.replicas!);
    expect(before.reduce((a, b) => a + b, 0)).toBe(13);
    ops.d = { ...ops.d, spec: { ...ops.d.spec!, replicas: 20 } };
    await sync(ops);
    expect(sum(ops.list(), (rs) => rs.spec!.replicas!)).toBe(23);
    expect(ops.list().every((rs) => rs.spec!.replicas! > 0)).toBe(true);
    expect(ops.list().every((rs) => rs.metadata.annotations!["deployment.kubernetes.io/desired-replicas"] === "20")).toBe(true);
  });
});

describe("Recreate", () => {
  test("old pods are gone before any new pod is created", async () => {
    const ops = new FakeOps(deployment({ replicas: 3, strategy: { type: "Recreate" } }));
    await runToCompletion(ops, Infinity, false);
    ops.d = { ...ops.d, spec: { ...ops.d.spec!, template: { ...ops.d.spec!.template!, spec: { containers: [{ name: "c", image: "v2" }] } } } };
    for (let i = 0; i < 20 && !(complete(ops.d) && ops.list().length === 2); i++) {
      await sync(ops);
      const sets = ops.list();
      const newRS = sets.find((rs) => rs.spec!.template!.spec!.containers[0]!.image === "v2");
      const oldRunning = sets.filter((rs) => rs !== newRS).reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
      if (newRS && newRS.spec!.replicas! > 0) expect(oldRunning).toBe(0);
      ops.settle();
    }
    expect(complete(ops.d)).toBe(true);
    expect(ops.list()).toHaveLength(2);
  });
});

describe("pause, rollback, selector", () => {
  test("a paused Deployment scales but does not roll out, and reports DeploymentPaused", async () => {
    const ops = new FakeOps(deployment({ replicas: 2 }));
    await runToCompletion(ops, Infinity, false);
    ops.d = { ...ops.d, spec: { ...ops.d.spec!, paused: true, replicas: 4, template: { ...ops.d.spec!.template!, spec: { containers: [{ name: "c", image: "v2" }] } } } };
    await sync(ops);
    expect(ops.list()).toHaveLength(1);
    expect(ops.list()[0]!.spec!.replicas).toBe(4);
    expect(ops.d.status!.conditions!.find((c) => c.type === "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    ops.d = { ...ops.d, spec: { ...ops.d.spec!, paused: false } };
    await sync(ops);
    expect(ops.progressReasons.slice(-3)).toEqual(["DeploymentPaused", "DeploymentResumed", "NewReplicaSetCreated"]);
    expect(ops.list()).toHaveLength(2);
  });

  test("the rollback annotation restores the previous template", async () => {
    const ops = new FakeOps(deployment({ replicas: 2, image: "v1" }));
    await runToCompletion(ops, Infinity, false);
    ops.d = { ...ops.d, spec: { ...ops.d.spec!, template: { ...ops.d.spec!.template!, spec: { containers: [{ name: "c", image: "v2" }] } } } };
    await runToCompletion(ops, Infinity, false);
    ops.d = { ...ops.d, metadata: { ...ops.d.metadata, annotations: { ...ops.d.metadata.annotations, "deprecated.deployment.rollback.to": "0" } } };
    await sync(ops);
    expect(ops.d.spec!.template.spec!.containers[0]!.image).toBe("v1");
    expect(ops.d.metadata.annotations!["deprecated.deployment.rollback.to"]).toBeUndefined();
    expect(ops.events).toContain('Normal DeploymentRollback Rolled back deployment "web" to revision 1');
    await runToCompletion(ops, Infinity, false);
    expect(ops.d.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
  });

  test("an empty selector only records a warning", async () => {
    const ops = new FakeOps({ ...deployment(), spec: { ...deployment().spec!, selector: {} } });
    await sync(ops);
    expect(ops.events).toEqual(["Warning SelectingAll This deployment is selecting all pods. A non-empty selector is required."]);
    expect(ops.list()).toHaveLength(0);
  });
});
