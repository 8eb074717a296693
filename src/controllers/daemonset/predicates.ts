/**
 * Whether a DaemonSet's pod belongs on a node (upstream NodeShouldRunDaemonPod): the
 * template's nodeName, nodeSelector and required node affinity must match, and the
 * node's NoSchedule/NoExecute taints must be tolerated (only NoExecute ones for a pod
 * already running there).
 */
import type { DaemonSet, Node, NodeSelectorRequirement, Pod, Toleration } from "../../api/types/index.ts";
import { getOwn } from "../../util/own-keys.ts";
import { toleratesAll, withTolerations } from "../helper/taints.ts";

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1 || !/^-?\d+$/.test(values[0]!)) return false;
      return r.operator === "Gt" ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
  }
  return false;
}

/** Required node affinity and nodeSelector of a pod spec against a node. */
export function nodeMatches(spec: NonNullable<Pod["spec"]> | undefined, node: Node): boolean {
  const name = node.metadata.name ?? "";
  if (spec?.nodeName && spec.nodeName !== name) return false;
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (getOwn(labels, k) !== v) return false;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && terms.length > 0) {
    const ok = terms.some((t) => {
      const exprs = t.matchExpressions ?? [];
      const fields = t.matchFields ?? [];
      if (exprs.length === 0 && fields.length === 0) return false;
      return exprs.every((r) => requirementMatches(r, getOwn(labels, r.key) as string | undefined)) && fields.every((r) => requirementMatches(r, r.key === "metadata.name" ? name : undefined));
    });
    if (!ok) return false;
  }
  return true;
}

/** The tolerations every daemon pod gets (upstream AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
  ];
  if (hostNetwork) t.push({ key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" });
  return t;
}

export interface NodeFit {
  /** A pod should be created here. */
  shouldRun: boolean;
  /** A pod already here may stay. */
  shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(ds: DaemonSet, node: Node): NodeFit {
  const spec = ds.spec?.template?.spec;
  if (!nodeMatches(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = withTolerations(spec?.tolerations, daemonTolerations(spec?.hostNetwork === true));
  const taints = node.spec?.taints ?? [];
  return {
    shouldRun: toleratesAll(tolerations, taints, ["NoSchedule", "NoExecute"]),
    shouldContinueRunning: toleratesAll(tolerations, taints, ["NoExecute"]),
  };
}
