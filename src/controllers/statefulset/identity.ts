/**
 * StatefulSet pod identity (upstream stateful_set_utils): `<set>-<ordinal>` names,
 * hostname and subdomain, the pod-name / pod-index / controller-revision-hash labels,
 * and one PersistentVolumeClaim per volumeClaimTemplate named `<claim>-<set>-<ordinal>`.
 */
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, StatefulSet } from "../../api/types/index.ts";
import { newControllerRef } from "../helper/owner-refs.ts";
import { podFromTemplate } from "../helper/pod-template.ts";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const REVISION_LABEL = "controller-revision-hash";

export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** The ordinal encoded in a pod's name when it belongs to set by name, else undefined. */
export function ordinalOf(set: StatefulSet, pod: Pod): number | undefined {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? "";
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export function claimName(claimTemplate: string, set: StatefulSet, ordinal: number): string {
  return `${claimTemplate}-${set.metadata.name}-${ordinal}`;
}

/** The PVCs a pod of set at ordinal uses (upstream getPersistentVolumeClaims). */
export function claimsFor(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  const selectorLabels = set.spec?.selector.matchLabels ?? {};
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: claimName(t.metadata.name ?? "", set, ordinal),
      namespace: set.metadata.namespace ?? "",
      labels: { ...(t.metadata.labels ?? {}), ...selectorLabels },
      ...(t.metadata.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
    },
    spec: structuredClone(t.spec ?? {}),
  }));
}

/** The pod of set at ordinal from template, labelled with revision. */
export function newStatefulPod(set: StatefulSet, template: PodTemplateSpec | undefined, ordinal: number, revision: string): Pod {
  const name = podName(set, ordinal);
  const pod = podFromTemplate(template, set.metadata.name ?? "", set.metadata.namespace ?? "", newControllerRef({ apiVersion: "apps/v1", kind: "StatefulSet", metadata: set.metadata }));
  delete pod.metadata.generateName;
  pod.metadata.name = name;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision };
  const spec = pod.spec!;
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const claims = set.spec?.volumeClaimTemplates ?? [];
  if (claims.length > 0) {
    const names = new Set(claims.map((c) => c.metadata.name));
    const volumes = (spec.volumes ?? []).filter((v) => !names.has(v.name));
    for (const c of claims) volumes.push({ name: c.metadata.name ?? "", persistentVolumeClaim: { claimName: claimName(c.metadata.name ?? "", set, ordinal) } });
    spec.volumes = volumes;
  }
  return pod;
}

export function podRevision(pod: Pod): string | undefined {
  return pod.metadata.labels?.[REVISION_LABEL];
}
