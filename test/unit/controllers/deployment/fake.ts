/** An in-memory DeploymentOps: ReplicaSets and the Deployment as a tiny apiserver would store them. */
import type { Deployment, ReplicaSet } from "../../../../src/api/types/index.ts";
import { ApiError } from "../../../../src/client/errors.ts";
import type { DeploymentOps } from "../../../../src/controllers/deployment/ops.ts";
import { jsonEqual } from "../../../../src/controllers/helper/hash.ts";

export class FakeOps implements DeploymentOps {
  time = Date.parse("2026-01-01T00:00:00Z");
  rs = new Map<string, ReplicaSet>();
  events: string[] = [];
  requeues: (number | "now")[] = [];
  /** Every distinct Progressing reason written, in order. */
  progressReasons: string[] = [];
  private seq = 0;
  constructor(public d: Deployment) {}

  now(): number {
    return this.time;
  }
  async createReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    const name = rs.metadata.name!;
    if (this.rs.has(name)) throw new ApiError({ metadata: {}, status: "Failure", reason: "AlreadyExists", code: 409, message: `replicasets.apps "${name}" already exists` });
    const stored: ReplicaSet = { ...rs, metadata: { ...rs.metadata, uid: `uid-${name}`, generation: 1, resourceVersion: String(++this.seq), creationTimestamp: new Date(this.time + this.seq).toISOString() }, status: { replicas: 0 } };
    this.rs.set(name, stored);
    return stored;
  }
  async updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    const cur = this.rs.get(rs.metadata.name!);
    if (!cur) throw new ApiError({ metadata: {}, status: "Failure", reason: "NotFound", code: 404 });
    const generation = (cur.metadata.generation ?? 1) + (jsonEqual(cur.spec, rs.spec) ? 0 : 1);
    const stored: ReplicaSet = { ...rs, metadata: { ...rs.metadata, generation, resourceVersion: String(++this.seq) }, status: cur.status ?? { replicas: 0 } };
    this.rs.set(rs.metadata.name!, stored);
    return stored;
  }
  async deleteReplicaSet(rs: ReplicaSet): Promise<void> {
    this.rs.delete(rs.metadata.name!);
  }
  cachedReplicaSet(_ns: string, name: string): ReplicaSet | undefined {
    return this.rs.get(name);
  }
  async updateDeployment(d: Deployment): Promise<Deployment> {
    const generation = (this.d.metadata.generation ?? 1) + (jsonEqual(this.d.spec, d.spec) ? 0 : 1);
    this.d = { ...d, metadata: { ...d.metadata, generation }, ...(this.d.status ? { status: this.d.status } : {}) };
    return this.d;
  }
  async updateDeploymentStatus(d: Deployment): Promise<Deployment> {
    const reason = d.status?.conditions?.find((c) => c.type === "Progressing")?.reason;
    if (reason && this.progressReasons.at(-1) !== reason) this.progressReasons.push(reason);
    this.d = { ...this.d, ...(d.status ? { status: d.status } : {}) };
    return this.d;
  }
  event(_d: Deployment, type: string, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }
  requeue(_d: Deployment, after: number | "now"): void {
    this.requeues.push(after);
  }

  list(): ReplicaSet[] {
    return [...this.rs.values()];
  }

  /**
   * What the ReplicaSet controller and kubelet would do: every ReplicaSet converges to
   * spec.replicas pods; scale-down is immediate, and up to `readyPerStep` new pods per
   * ReplicaSet become ready and available per step.
   */
  settle(readyPerStep = Infinity): void {
    for (const [name, rs] of this.rs) {
      const want = rs.spec?.replicas ?? 1;
      const prevAvail = rs.status?.availableReplicas ?? 0;
      const avail = Math.min(want, prevAvail + (want > prevAvail ? readyPerStep : 0), want);
      this.rs.set(name, { ...rs, status: { replicas: want, readyReplicas: avail, availableReplicas: avail, observedGeneration: rs.metadata.generation ?? 1 } });
    }
  }
}

export function deployment(over: { replicas?: number; image?: string; strategy?: Deployment["spec"] extends infer S ? S extends { strategy?: infer T } ? T : never : never; paused?: boolean; revisionHistoryLimit?: number; progressDeadlineSeconds?: number; annotations?: Record<string, string> } = {}): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "ns", uid: "d-uid", generation: 1, ...(over.annotations ? { annotations: over.annotations } : {}) },
    spec: {
      replicas: over.replicas ?? 3,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: over.image ?? "nginx:1" }] } },
      ...(over.strategy ? { strategy: over.strategy } : {}),
      ...(over.paused !== undefined ? { paused: over.paused } : {}),
      ...(over.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: over.revisionHistoryLimit } : {}),
      ...(over.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: over.progressDeadlineSeconds } : {}),
    },
  };
}
