/** Downward API values: fieldRef and resourceFieldRef, shared by env and volumes. */
import { Quantity } from "../../api/quantity/index.ts";
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from "../api/types.ts";

export interface PodRuntimeInfo {
  podIP?: string;
  podIPs?: string[];
  hostIP?: string;
  hostIPs?: string[];
  nodeName: string;
  /** Node allocatable, used when a container sets no limit (upstream behaviour). */
  allocatable: { cpu: string; memory: string; "ephemeral-storage"?: string };
}

export class FieldRefError extends Error {}

function mapLines(m: Record<string, string> | undefined): string {
  // upstream FormatMap: sorted key="escaped value" lines
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join("\n");
}

const SUBSCRIPT = /^metadata\.(labels|annotations)\['(.+)'\]$/;

export function fieldRefValue(sel: ObjectFieldSelector, pod: Pod, info: PodRuntimeInfo, forVolume = false): string {
  const p = sel.fieldPath;
  const m = SUBSCRIPT.exec(p);
  if (m) {
    const map = m[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[m[2]!] ?? "";
  }
  switch (p) {
    case "metadata.name":
      return pod.metadata.name ?? "";
    case "metadata.namespace":
      return pod.metadata.namespace ?? "";
    case "metadata.uid":
      return pod.metadata.uid ?? "";
    case "metadata.labels":
      if (forVolume) return mapLines(pod.metadata.labels);
      break;
    case "metadata.annotations":
      if (forVolume) return mapLines(pod.metadata.annotations);
      break;
    case "spec.nodeName":
      return pod.spec.nodeName ?? info.nodeName;
    case "spec.serviceAccountName":
      return pod.spec.serviceAccountName ?? "";
    case "status.hostIP":
      return info.hostIP ?? "";
    case "status.hostIPs":
      return (info.hostIPs ?? (info.hostIP ? [info.hostIP] : [])).join(",");
    case "status.podIP":
      return info.podIP ?? "";
    case "status.podIPs":
      return (info.podIPs ?? (info.podIP ? [info.podIP] : [])).join(",");
  }
  throw new FieldRefError(`unsupported fieldPath: ${p}`);
}

/** resourceFieldRef: the container's limit or request, divided by the divisor and rounded up. */
export function resourceFieldValue(sel: ResourceFieldSelector, pod: Pod, container: Container | undefined, info: PodRuntimeInfo): string {
  const c = sel.containerName ? [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((x) => x.name === sel.containerName) : container;
  if (!c) throw new FieldRefError(`container ${sel.containerName ?? ""} not found`);
  const [kind, resource] = sel.resource.split(/\.(.*)/s) as [string, string];
  if ((kind !== "limits" && kind !== "requests") || !resource) throw new FieldRefError(`unsupported container resource : ${sel.resource}`);
  let q = kind === "limits" ? c.resources?.limits?.[resource] : (c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource]);
  if (q === undefined && kind === "limits") q = info.allocatable[resource as keyof PodRuntimeInfo["allocatable"]];
  if (q === undefined) q = 0;
  const divisor = Quantity.parse(sel.divisor ?? 1);
  const value = Quantity.parse(q);
  if (resource === "cpu") {
    const d = divisor.milliValue() || 1000;
    return String(Math.ceil(value.milliValue() / d));
  }
  const d = divisor.value() || 1;
  return String(Math.ceil(value.value() / d));
}
