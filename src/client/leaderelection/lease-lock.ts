/** A ResourceLock on a coordination.k8s.io/v1 Lease (resourcelock.LeaseLock). */
import type { Lease } from "../../api/types/index.ts";
import { isNotFound } from "../errors.ts";
import type { ResourceClient } from "../rest/resource-client.ts";
import type { LeaderElectionRecord, ResourceLock } from "./resource-lock.ts";

export interface LeaseLockOptions {
  /** Leases of this namespace (typically kube-system). */
  namespace: string;
  name: string;
  identity: string;
  /** Labels put on the Lease when this candidate creates it. */
  labels?: Record<string, string>;
}

type LeaseSpec = NonNullable<Lease["spec"]>;

function recordFromSpec(spec: LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? "",
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: spec?.acquireTime ?? "",
    renewTime: spec?.renewTime ?? "",
    leaderTransitions: spec?.leaseTransitions ?? 0,
  };
}

function specFromRecord(r: LeaderElectionRecord): LeaseSpec {
  const spec: LeaseSpec = { holderIdentity: r.holderIdentity, leaseDurationSeconds: r.leaseDurationSeconds, leaseTransitions: r.leaderTransitions };
  if (r.acquireTime) spec.acquireTime = r.acquireTime;
  if (r.renewTime) spec.renewTime = r.renewTime;
  return spec;
}

export class LeaseLock implements ResourceLock {
  private lease: Lease | undefined;
  private readonly client: ResourceClient<Lease>;

  constructor(
    leases: ResourceClient<Lease>,
    private readonly opts: LeaseLockOptions,
  ) {
    this.client = leases.namespace(opts.namespace);
  }

  identity(): string {
    return this.opts.identity;
  }

  describe(): string {
    return `${this.opts.namespace}/${this.opts.name}`;
  }

  async get(signal?: AbortSignal): Promise<{ record: LeaderElectionRecord; raw: string } | undefined> {
    try {
      this.lease = await this.client.get(this.opts.name, signal ? { signal } : {});
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const record = recordFromSpec(this.lease.spec);
    return { record, raw: JSON.stringify(record) };
  }

  async create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    const lease: Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.opts.name, namespace: this.opts.namespace, ...(this.opts.labels ? { labels: this.opts.labels } : {}) },
      spec: specFromRecord(record),
    };
    this.lease = await this.client.create(lease, signal ? { signal } : {});
  }

  async update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    if (!this.lease) throw new Error("lease not initialized, call get or create first");
    const next: Lease = { ...this.lease, spec: specFromRecord(record) };
    this.lease = await this.client.update(next, signal ? { signal } : {});
  }
}
