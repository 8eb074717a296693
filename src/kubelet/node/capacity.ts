/**
 * Node capacity from the host and allocatable as upstream computes it:
 * capacity - kube-reserved - system-reserved - hard eviction thresholds
 * (memory.available<100Mi, nodefs.available<10%), pods=maxPods.
 */
import { statfsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { Quantity } from "../../api/quantity/index.ts";
import type { ResourceList } from "../api/types.ts";

export interface ReservedResources {
  cpu?: string;
  memory?: string;
  "ephemeral-storage"?: string;
  pid?: string;
}

export interface CapacityOptions {
  dataDir: string;
  maxPods?: number;
  kubeReserved?: ReservedResources;
  systemReserved?: ReservedResources;
  /** Hard eviction for memory (default 100Mi). */
  evictionMemory?: string;
  /** Test seams. */
  cpuCount?: number;
  memoryBytes?: number;
}

const ki = (bytes: number) => `${Math.floor(bytes / 1024)}Ki`;

export interface NodeResources {
  capacity: ResourceList;
  allocatable: ResourceList;
  /** For the kubepods cgroup and resourceFieldRef defaults. */
  allocatableMilliCpu: number;
  allocatableMemory: number;
}

function reserved(r: ReservedResources | undefined, key: keyof ReservedResources, milli: boolean): number {
  const v = r?.[key];
  if (v === undefined) return 0;
  const q = Quantity.parse(v);
  return milli ? q.milliValue() : q.value();
}

export function nodeResources(o: CapacityOptions): NodeResources {
  const cpuCount = o.cpuCount ?? cpus().length;
  const mem = o.memoryBytes ?? totalmem();
  let disk = 0;
  try {
    const st = statfsSync(o.dataDir);
    disk = Number(st.blocks) * Number(st.bsize);
  } catch {
    disk = 0;
  }
  const pods = o.maxPods ?? 110;
  const capacity: ResourceList = { cpu: String(cpuCount), memory: ki(mem), "ephemeral-storage": ki(disk), pods: String(pods), "hugepages-1Gi": "0", "hugepages-2Mi": "0" };
  const cpuMilli = Math.max(0, cpuCount * 1000 - reserved(o.kubeReserved, "cpu", true) - reserved(o.systemReserved, "cpu", true));
  const evict = Quantity.parse(o.evictionMemory ?? "100Mi").value();
  const memAlloc = Math.max(0, mem - reserved(o.kubeReserved, "memory", false) - reserved(o.systemReserved, "memory", false) - evict);
  const diskAlloc = Math.max(0, Math.floor(disk * 0.9) - reserved(o.kubeReserved, "ephemeral-storage", false) - reserved(o.systemReserved, "ephemeral-storage", false));
  const allocatable: ResourceList = {
    cpu: cpuMilli % 1000 === 0 ? String(cpuMilli / 1000) : `${cpuMilli}m`,
    memory: ki(memAlloc),
    "ephemeral-storage": String(diskAlloc),
    pods: String(pods),
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
  };
  return { capacity, allocatable, allocatableMilliCpu: cpuMilli, allocatableMemory: memAlloc };
}
