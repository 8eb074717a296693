/**
 * Score kernels: pure functions over the node table, run by pool workers and usable
 * inline. Each computes out[i] for the nodes slots[from..to).
 */
import { resourceScore, type Strategy } from "../plugins/noderesources/scorers.ts";
import { STRIDE } from "./node-table.ts";

export type Kernel = (params: Float64Array, table: Float64Array, slots: Int32Array, from: number, to: number, out: Float64Array) => void;

/**
 * "resources": params = [strategy, nRes, (allocCol, requestedCol, weight, podRequest) x nRes,
 * nShape, u0, s0, ...] (see ResourceAllocationScorer.kernelSpec).
 */
const resources: Kernel = (params, table, slots, from, to, out) => {
  const strategy = params[0]! as Strategy;
  const n = params[1]!;
  const weights = new Float64Array(n);
  const allocCol = new Int32Array(n);
  const reqCol = new Int32Array(n);
  const podReq = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    allocCol[r] = params[2 + 4 * r]!;
    reqCol[r] = params[3 + 4 * r]!;
    weights[r] = params[4 + 4 * r]!;
    podReq[r] = params[5 + 4 * r]!;
  }
  const nShape = params[2 + 4 * n]!;
  const shape = nShape > 0 ? params.subarray(3 + 4 * n, 3 + 4 * n + 2 * nShape) : null;
  const req = new Float64Array(n);
  const alloc = new Float64Array(n);
  for (let i = from; i < to; i++) {
    const b = slots[i]! * STRIDE;
    for (let r = 0; r < n; r++) {
      const a = table[b + allocCol[r]!]!;
      alloc[r] = a;
      req[r] = a === 0 ? 0 : table[b + reqCol[r]!]! + podReq[r]!;
    }
    out[i] = resourceScore(strategy, weights, req, alloc, n, shape);
  }
};

export const KERNELS: Readonly<Record<string, Kernel>> = { resources };
