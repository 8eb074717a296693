/**
 * The node table: per-node numbers the score kernels read, in a SharedArrayBuffer that
 * workers map once per table version instead of receiving copies per task. Rows are
 * written by Cache.updateSnapshot (through the snapshot's sink) at the start of a cycle,
 * never while a scoring task runs, so workers read a consistent table.
 */
import type { NodeRowSink } from "../cache/snapshot.ts";
import type { NodeInfo } from "../framework/node-info.ts";

/** Column order of a row; resource-allocation.ts TABLE_COLUMN refers to these indexes. */
export const COL = {
  allocCPU: 0,
  allocMem: 1,
  allocEph: 2,
  reqCPU: 3,
  reqMem: 4,
  reqEph: 5,
  nonZeroCPU: 6,
  nonZeroMem: 7,
  pods: 8,
  allowedPods: 9,
} as const;
export const STRIDE = 10;

export class NodeTable implements NodeRowSink {
  sab: SharedArrayBuffer;
  data: Float64Array;
  /** Bumped whenever the buffer is replaced (growth); workers remap on change. */
  version = 0;
  private capacity: number;
  private next = 0;
  private readonly freeSlots: number[] = [];

  constructor(initialRows = 1024) {
    this.capacity = initialRows;
    this.sab = new SharedArrayBuffer(initialRows * STRIDE * 8);
    this.data = new Float64Array(this.sab);
  }

  private allocate(): number {
    const s = this.freeSlots.pop();
    if (s !== undefined) return s;
    if (this.next === this.capacity) this.grow();
    return this.next++;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const sab = new SharedArrayBuffer(cap * STRIDE * 8);
    const data = new Float64Array(sab);
    data.set(this.data);
    this.sab = sab;
    this.data = data;
    this.capacity = cap;
    this.version++;
  }

  write(ni: NodeInfo): void {
    if (ni.slot < 0) ni.slot = this.allocate();
    const b = ni.slot * STRIDE;
    const d = this.data;
    d[b + COL.allocCPU] = ni.allocatable.milliCPU;
    d[b + COL.allocMem] = ni.allocatable.memory;
    d[b + COL.allocEph] = ni.allocatable.ephemeralStorage;
    d[b + COL.reqCPU] = ni.requested.milliCPU;
    d[b + COL.reqMem] = ni.requested.memory;
    d[b + COL.reqEph] = ni.requested.ephemeralStorage;
    d[b + COL.nonZeroCPU] = ni.nonZeroRequested.milliCPU;
    d[b + COL.nonZeroMem] = ni.nonZeroRequested.memory;
    d[b + COL.pods] = ni.pods.length;
    d[b + COL.allowedPods] = ni.allocatable.allowedPodNumber;
  }

  release(ni: NodeInfo): void {
    if (ni.slot < 0) return;
    this.freeSlots.push(ni.slot);
    ni.slot = -1;
  }
}
