/**
 * Compute resources in scheduler units: cpu in millicores, memory and ephemeral storage
 * in bytes, pods as a count, everything else (extended resources, hugepages) as scalars.
 */
import type { Container, Pod, ResourceList } from "../api-types.ts";
import { milliValue, value } from "../util/quantity.ts";

/** Used for scoring when a container requests no cpu (upstream DefaultMilliCPURequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Used for scoring when a container requests no memory (upstream DefaultMemoryRequest, 200 MiB). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function isScalarResourceName(name: string): boolean {
  return name.includes("/") || name.startsWith("hugepages-") || name.startsWith("attachable-volumes-");
}

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  scalar: Map<string, number> | null = null;

  static from(rl: ResourceList | undefined): Resource {
    const r = new Resource();
    if (rl) r.add(rl);
    return r;
  }

  add(rl: ResourceList): void {
    for (const name in rl) {
      const q = rl[name]!;
      switch (name) {
        case "cpu":
          this.milliCPU += milliValue(q);
          break;
        case "memory":
          this.memory += value(q);
          break;
        case "pods":
          this.allowedPodNumber += value(q);
          break;
        case "ephemeral-storage":
          this.ephemeralStorage += value(q);
          break;
        default:
          if (isScalarResourceName(name)) this.addScalar(name, value(q));
      }
    }
  }

  addResource(o: Resource, sign = 1): void {
    this.milliCPU += sign * o.milliCPU;
    this.memory += sign * o.memory;
    this.ephemeralStorage += sign * o.ephemeralStorage;
    this.allowedPodNumber += sign * o.allowedPodNumber;
    if (o.scalar) for (const [k, v] of o.scalar) this.addScalar(k, sign * v);
  }

  /** Component-wise maximum with a resource list (init containers). */
  setMax(o: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, o.milliCPU);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, o.ephemeralStorage);
    if (o.scalar) for (const [k, v] of o.scalar) this.setScalar(k, Math.max(this.getScalar(k), v));
  }

  addScalar(name: string, q: number): void {
    this.setScalar(name, this.getScalar(name) + q);
  }

  setScalar(name: string, q: number): void {
    (this.scalar ??= new Map()).set(name, q);
  }

  getScalar(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }

  /** The amount of a resource by its API name. */
  get(name: string): number {
    switch (name) {
      case "cpu":
        return this.milliCPU;
      case "memory":
        return this.memory;
      case "ephemeral-storage":
        return this.ephemeralStorage;
      case "pods":
        return this.allowedPodNumber;
      default:
        return this.getScalar(name);
    }
  }

  isZero(): boolean {
    if (this.milliCPU !== 0 || this.memory !== 0 || this.ephemeralStorage !== 0) return false;
    if (this.scalar) for (const v of this.scalar.values()) if (v !== 0) return false;
    return true;
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) r.scalar = new Map(this.scalar);
    return r;
  }
}

/** A pod's effective requests, plus the non-zero cpu and memory used for scoring. */
export interface PodResource {
  readonly requests: Resource;
  readonly non0CPU: number;
  readonly non0Mem: number;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = Resource.from(c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests;
    if (req?.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (req?.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * Pod requests as resourcehelper.PodRequests computes them: the sum of the app containers
 * and restartable (sidecar) init containers, at least the largest regular init container
 * plus the sidecars started before it, plus the pod overhead. Pod-level requests
 * (spec.resources) replace the container sum for the resources they name.
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const sum = new Resource();
  for (const c of pod.spec.containers ?? []) sum.addResource(containerRequests(c, nonZero));
  const sidecars = new Resource();
  const initMax = new Resource();
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === "Always") {
      sum.addResource(r);
      sidecars.addResource(r);
    } else {
      r.addResource(sidecars);
      initMax.setMax(r);
    }
  }
  sum.setMax(initMax);
  const podLevel = pod.spec.resources?.requests;
  if (podLevel) {
    const pl = Resource.from(podLevel);
    if (podLevel.cpu !== undefined) sum.milliCPU = pl.milliCPU;
    if (podLevel.memory !== undefined) sum.memory = pl.memory;
    if (podLevel["ephemeral-storage"] !== undefined) sum.ephemeralStorage = pl.ephemeralStorage;
  }
  if (pod.spec.overhead) sum.add(pod.spec.overhead);
  sum.allowedPodNumber = 0;
  return sum;
}

export function computePodResource(pod: Pod): PodResource {
  const requests = podRequests(pod, false);
  const non0 = podRequests(pod, true);
  return { requests, non0CPU: non0.milliCPU, non0Mem: non0.memory };
}
