/** Reading container resources as numbers: milli-CPU and bytes. */
import { Quantity } from "../../api/quantity/index.ts";
import type { Container, Pod, ResourceList } from "../api/types.ts";

export function quantityMilli(v: string | number | undefined): number {
  return v === undefined ? 0 : Quantity.parse(v).milliValue();
}

export function quantityValue(v: string | number | undefined): number {
  return v === undefined ? 0 : Quantity.parse(v).value();
}

/** Requests with upstream's defaulting applied: a missing request equals its limit. */
export function effectiveRequests(c: Container): ResourceList {
  const out: ResourceList = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
  return out;
}

export interface ContainerNumbers {
  cpuRequestMilli: number;
  cpuLimitMilli: number;
  memoryRequest: number;
  memoryLimit: number;
  hasCpuLimit: boolean;
  hasMemoryLimit: boolean;
}

export function containerNumbers(c: Container): ContainerNumbers {
  const req = effectiveRequests(c);
  const lim = c.resources?.limits ?? {};
  return {
    cpuRequestMilli: quantityMilli(req["cpu"]),
    cpuLimitMilli: quantityMilli(lim["cpu"]),
    memoryRequest: quantityValue(req["memory"]),
    memoryLimit: quantityValue(lim["memory"]),
    hasCpuLimit: lim["cpu"] !== undefined && quantityMilli(lim["cpu"]) > 0,
    hasMemoryLimit: lim["memory"] !== undefined && quantityValue(lim["memory"]) > 0,
  };
}

/**
 * Pod-level totals as upstream's PodRequests/PodLimits: the sum over app containers
 * (and restartable init containers), at least the largest single init container.
 */
export function podTotals(pod: Pod): { cpuRequestMilli: number; cpuLimitMilli: number; memoryRequest: number; memoryLimit: number } {
  let cpuReq = 0,
    cpuLim = 0,
    memReq = 0,
    memLim = 0;
  for (const c of pod.spec.containers) {
    const n = containerNumbers(c);
    cpuReq += n.cpuRequestMilli;
    cpuLim += n.cpuLimitMilli;
    memReq += n.memoryRequest;
    memLim += n.memoryLimit;
  }
  let sideReq = 0,
    sideLim = 0,
    sideMemReq = 0,
    sideMemLim = 0;
  for (const c of pod.spec.initContainers ?? []) {
    const n = containerNumbers(c);
    if (c.restartPolicy === "Always") {
      sideReq += n.cpuRequestMilli;
      sideLim += n.cpuLimitMilli;
      sideMemReq += n.memoryRequest;
      sideMemLim += n.memoryLimit;
      continue;
    }
    cpuReq = Math.max(cpuReq, n.cpuRequestMilli + sideReq);
    cpuLim = Math.max(cpuLim, n.cpuLimitMilli + sideLim);
    memReq = Math.max(memReq, n.memoryRequest + sideMemReq);
    memLim = Math.max(memLim, n.memoryLimit + sideMemLim);
  }
  return { cpuRequestMilli: cpuReq + sideReq, cpuLimitMilli: cpuLim + sideLim, memoryRequest: memReq + sideMemReq, memoryLimit: memLim + sideMemLim };
}
