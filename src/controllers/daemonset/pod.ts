/**
 * The pod a DaemonSet runs on one node: the template with the revision hash label, the
 * daemon tolerations, and required node affinity for exactly that node, so the
 * scheduler places it (upstream ReplaceDaemonSetPodNodeNameNodeAffinity).
 */
import type { Affinity, DaemonSet, Pod } from "../../api/types/index.ts";
import { newControllerRef } from "../helper/owner-refs.ts";
import { podFromTemplate } from "../helper/pod-template.ts";
import { withTolerations } from "../helper/taints.ts";
import { REVISION_HASH_LABEL } from "./decide.ts";
import { daemonTolerations } from "./predicates.ts";

export function withNodeAffinity(affinity: Affinity | undefined, node: string): Affinity {
  const req = { key: "metadata.name", operator: "In" as const, values: [node] };
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const next = terms.length > 0 ? terms.map((t) => ({ ...t, matchFields: [req] })) : [{ matchFields: [req] }];
  return { ...(affinity ?? {}), nodeAffinity: { ...(affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: next } } };
}

export function daemonPod(ds: DaemonSet, node: string, hash: string): Pod {
  const pod = podFromTemplate(ds.spec?.template, ds.metadata.name ?? "", ds.metadata.namespace ?? "", newControllerRef({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: ds.metadata }));
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [REVISION_HASH_LABEL]: hash };
  const spec = pod.spec!;
  spec.affinity = withNodeAffinity(spec.affinity, node);
  spec.tolerations = withTolerations(spec.tolerations, daemonTolerations(spec.hostNetwork === true));
  return pod;
}
