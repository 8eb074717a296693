/**
 * Pods from templates (upstream GetPodFromTemplate): labels, annotations and finalizers
 * of the template, generateName "<owner>-", the owner's controller reference, and a
 * deep copy of the template's spec.
 */
import type { OwnerReference } from "../../api/meta/types.ts";
import type { Pod, PodTemplateSpec } from "../../api/types/index.ts";

/** A DNS-1123 subdomain prefix check close to ValidatePodName(prefix, true). */
function validGenerateNamePrefix(prefix: string): boolean {
  const base = prefix.endsWith("-") ? prefix.slice(0, -1) : prefix;
  return base.length > 0 && base.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(base);
}

/** "<name>-" when that is a valid generateName prefix, else the name itself (upstream getPodsPrefix). */
export function podNamePrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return validGenerateNamePrefix(prefix) ? prefix : controllerName;
}

export function podFromTemplate(template: PodTemplateSpec | undefined, ownerName: string, namespace: string, controllerRef?: OwnerReference): Pod {
  const tmeta = template?.metadata ?? {};
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { generateName: podNamePrefix(ownerName), namespace },
    spec: structuredClone(template?.spec ?? { containers: [] }),
  };
  if (tmeta.labels) pod.metadata.labels = { ...tmeta.labels };
  if (tmeta.annotations) pod.metadata.annotations = { ...tmeta.annotations };
  if (tmeta.finalizers) pod.metadata.finalizers = [...tmeta.finalizers];
  if (controllerRef) pod.metadata.ownerReferences = [{ ...controllerRef }];
  return pod;
}
