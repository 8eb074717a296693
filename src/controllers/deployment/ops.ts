/**
 * What a Deployment sync needs from the outside world, declared where it is consumed:
 * the controller implements it over the API client, unit tests over an in-memory fake.
 * Writes resolve with the stored object, or reject with the client's ApiError.
 */
import type { Deployment, ReplicaSet } from "../../api/types/index.ts";

export interface DeploymentOps {
  now(): number;
  createReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  /** Full update of a ReplicaSet (spec, annotations), guarded by its resourceVersion. */
  updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  deleteReplicaSet(rs: ReplicaSet): Promise<void>;
  /** The cached ReplicaSet of that name, if any (to resolve AlreadyExists). */
  cachedReplicaSet(namespace: string, name: string): ReplicaSet | undefined;
  updateDeployment(d: Deployment): Promise<Deployment>;
  updateDeploymentStatus(d: Deployment): Promise<Deployment>;
  event(d: Deployment, type: "Normal" | "Warning", reason: string, message: string): void;
  /** Look at the Deployment again after ms ("now": soon, rate limited). */
  requeue(d: Deployment, after: number | "now"): void;
}

/** One sync's state: the Deployment as last written, and the ops. */
export class SyncContext {
  constructor(
    public d: Deployment,
    readonly ops: DeploymentOps,
  ) {}

  async writeStatus(status: NonNullable<Deployment["status"]>): Promise<void> {
    this.d = await this.ops.updateDeploymentStatus({ ...this.d, status });
  }
}
