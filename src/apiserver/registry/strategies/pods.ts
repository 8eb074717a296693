/** Pods: status starts Pending with a QoS class, deletion is graceful once scheduled. */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import { genericStrategy, type Strategy } from "../strategy.ts";

interface Resources {
  requests?: Record<string, unknown>;
  limits?: Record<string, unknown>;
}
interface Container {
  resources?: Resources;
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  nodeName?: string;
  terminationGracePeriodSeconds?: number;
}

const DEFAULT_GRACE = 30;

/** Upstream's QoS: BestEffort without requests/limits, Guaranteed when limits equal requests for cpu and memory everywhere. */
export function qosClass(spec: PodSpec): "Guaranteed" | "Burstable" | "BestEffort" {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ["cpu", "memory"]) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed && all.length > 0 ? "Guaranteed" : "Burstable";
}

/**
 * pods/ephemeralcontainers (upstream dropNonEphemeralContainerUpdates): everything but
 * spec.ephemeralContainers comes from the stored pod, metadata included (managedFields
 * aside, which the write records).
 */
export function ephemeralContainersUpdate(body: KubeObject, old: KubeObject): KubeObject {
  const out: KubeObject = { ...old, metadata: { ...old.metadata } };
  const spec: Record<string, unknown> = { ...((old["spec"] ?? {}) as Record<string, unknown>) };
  const next = (body["spec"] as { ephemeralContainers?: unknown } | undefined)?.ephemeralContainers;
  if (next === undefined || next === null) delete spec["ephemeralContainers"];
  else spec["ephemeralContainers"] = next;
  out["spec"] = spec;
  if (body.metadata?.managedFields) out.metadata.managedFields = body.metadata.managedFields;
  return out;
}

export function podStrategy(ri: ResourceInfo): Strategy {
  const base = genericStrategy(ri);
  return {
    ...base,
    prepareForCreate(obj: KubeObject) {
      obj["status"] = { phase: "Pending", qosClass: qosClass((obj["spec"] ?? {}) as PodSpec) };
    },
    returnDeletedObject: true,
    specSubresources: { ephemeralcontainers: ephemeralContainersUpdate },
    gracePeriod(obj, requested) {
      const spec = (obj["spec"] ?? {}) as PodSpec;
      const phase = (obj["status"] as { phase?: string } | undefined)?.phase;
      if (!spec.nodeName || phase === "Succeeded" || phase === "Failed") return 0;
      const g = requested ?? spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE;
      return Math.max(0, g);
    },
  };
}
