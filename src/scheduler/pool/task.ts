/** The message a scoring task carries to a pool worker. Buffers are shared, never copied. */
export interface ScoreTask {
  table: SharedArrayBuffer;
  /** Int32 node slots of this cycle's nodes. */
  slots: SharedArrayBuffer;
  /** Float64 results: spec k, node i at k * stride + i. */
  out: SharedArrayBuffer;
  stride: number;
  kernels: string[];
  params: Float64Array[];
  from: number;
  to: number;
}
