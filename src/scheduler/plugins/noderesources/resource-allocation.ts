/**
 * The resource allocation scorer shared by NodeResourcesFit and
 * NodeResourcesBalancedAllocation: per configured resource, the node's allocatable and
 * requested amount with the incoming pod added, then a strategy from scorers.ts.
 * Also builds the pool kernel spec (cpu, memory and ephemeral-storage only).
 */
import type { KernelSpec } from "../../framework/interfaces.ts";
import type { NodeInfo } from "../../framework/node-info.ts";
import type { PodInfo } from "../../framework/pod-info.ts";
import { resourceScore, Strategy } from "./scorers.ts";

export interface ResourceSpec {
  name: string;
  weight: number;
}

/** Node table columns (pool/node-table.ts) for the resources kernels understand. */
export const TABLE_COLUMN: Record<string, { alloc: number; requested: number; nonZero: number }> = {
  cpu: { alloc: 0, requested: 3, nonZero: 6 },
  memory: { alloc: 1, requested: 4, nonZero: 7 },
  "ephemeral-storage": { alloc: 2, requested: 5, nonZero: 5 },
};

export class ResourceAllocationScorer {
  readonly weights: Float64Array;
  private readonly req: Float64Array;
  private readonly alloc: Float64Array;
  /** Resource kinds: 0 cpu, 1 memory, 2 ephemeral-storage, 3 scalar. */
  private readonly kinds: Uint8Array;

  constructor(
    readonly strategy: Strategy,
    readonly resources: readonly ResourceSpec[],
    /** Balanced uses actual requests; Fit uses non-zero requests for cpu and memory. */
    readonly useRequested: boolean,
    /** RequestedToCapacityRatio shape as [u0, s0, ...], scores scaled to 0..100. */
    readonly shape: Float64Array | null = null,
  ) {
    this.weights = Float64Array.from(resources, (r) => r.weight);
    this.req = new Float64Array(resources.length);
    this.alloc = new Float64Array(resources.length);
    this.kinds = Uint8Array.from(resources, (r) => (r.name === "cpu" ? 0 : r.name === "memory" ? 1 : r.name === "ephemeral-storage" ? 2 : 3));
  }

  /** The incoming pod's request per configured resource. */
  podRequests(pi: PodInfo): number[] {
    const r = pi.resource;
    return this.resources.map(({ name }) => {
      if (!this.useRequested && name === "cpu") return r.non0CPU;
      if (!this.useRequested && name === "memory") return r.non0Mem;
      return r.requests.get(name);
    });
  }

  score(nodeInfo: NodeInfo, podReq: readonly number[]): number {
    const n = this.resources.length;
    const useRequested = this.useRequested;
    for (let i = 0; i < n; i++) {
      let a = 0;
      let q = 0;
      switch (this.kinds[i]) {
        case 0:
          a = nodeInfo.allocCPU;
          q = (useRequested ? nodeInfo.reqCPU : nodeInfo.nonZeroCPU) + podReq[i]!;
          break;
        case 1:
          a = nodeInfo.allocMem;
          q = (useRequested ? nodeInfo.reqMem : nodeInfo.nonZeroMem) + podReq[i]!;
          break;
        case 2:
          a = nodeInfo.allocEph;
          q = nodeInfo.reqEph + podReq[i]!;
          break;
        default:
          if (podReq[i] !== 0) {
            const name = this.resources[i]!.name;
            a = nodeInfo.allocatable.getScalar(name);
            q = nodeInfo.requested.getScalar(name) + podReq[i]!;
          }
      }
      if (a === 0) q = 0;
      this.alloc[i] = a;
      this.req[i] = q;
    }
    return resourceScore(this.strategy, this.weights, this.req, this.alloc, n, this.shape);
  }

  /**
   * Kernel params: [strategy, nRes, (allocColumn, requestedColumn, weight, podRequest) x nRes,
   * nShapePoints, u0, s0, ...]. Null when a resource with a non-zero request has no column.
   */
  kernelSpec(podReq: readonly number[]): KernelSpec | null {
    const cols: number[] = [];
    for (let i = 0; i < this.resources.length; i++) {
      const { name, weight } = this.resources[i]!;
      const c = TABLE_COLUMN[name];
      if (!c) {
        if (podReq[i] !== 0) return null;
        continue; // a scalar the pod does not request is skipped by the inline scorer too
      }
      cols.push(c.alloc, this.useRequested ? c.requested : c.nonZero, weight, podReq[i]!);
    }
    const shape = this.shape ?? new Float64Array(0);
    const params = new Float64Array(2 + cols.length + 1 + shape.length);
    params[0] = this.strategy;
    params[1] = cols.length / 4;
    params.set(cols, 2);
    params[2 + cols.length] = shape.length / 2;
    params.set(shape, 3 + cols.length);
    return { kernel: "resources", params };
  }
}

export { Strategy };
