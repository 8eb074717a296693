/**
 * DefaultStorageClass and DefaultIngressClass (upstream's plugins, on by default): a
 * PersistentVolumeClaim created without spec.storageClassName gets the default
 * StorageClass, an Ingress without spec.ingressClassName (and without the legacy
 * kubernetes.io/ingress.class annotation) the default IngressClass. A class is the default
 * when its is-default-class annotation is exactly "true"; with several, the most recently
 * created one wins (then the name, as upstream's sort). An explicit empty storage class
 * ("") means none and is kept.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin } from "../types.ts";

const STORAGE_DEFAULT = "storageclass.kubernetes.io/is-default-class";
const STORAGE_DEFAULT_BETA = "storageclass.beta.kubernetes.io/is-default-class";
const INGRESS_DEFAULT = "ingressclass.kubernetes.io/is-default-class";
const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

/** The newest class marked default by one of `annotations`, as upstream picks among several. */
function newestDefault(classes: readonly KubeObject[], annotations: readonly string[]): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const c of classes) {
    const a = c.metadata.annotations ?? {};
    if (!annotations.some((k) => a[k] === "true")) continue;
    if (best === undefined) {
      best = c;
      continue;
    }
    const t = Date.parse(c.metadata.creationTimestamp ?? "") || 0;
    const bt = Date.parse(best.metadata.creationTimestamp ?? "") || 0;
    if (t > bt || (t === bt && (c.metadata.name ?? "") < (best.metadata.name ?? ""))) best = c;
  }
  return best;
}

const creates = (a: AdmissionAttributes, group: string, plural: string) => a.resource.group === group && a.resource.plural === plural && a.subresource === "" && a.object !== undefined;

export const defaultStorageClass: MutatingPlugin = {
  name: "DefaultStorageClass",
  operations: ["CREATE"],
  admit(a: AdmissionAttributes, lookup: AdmissionLookup): void {
    if (!creates(a, "", "persistentvolumeclaims")) return;
    const spec = (a.object!["spec"] ??= {}) as { storageClassName?: string | null };
    if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
    const def = newestDefault(lookup.list("storage.k8s.io", "storageclasses"), [STORAGE_DEFAULT, STORAGE_DEFAULT_BETA]);
    if (def) spec.storageClassName = def.metadata.name!;
  },
};

export const defaultIngressClass: MutatingPlugin = {
  name: "DefaultIngressClass",
  operations: ["CREATE"],
  admit(a: AdmissionAttributes, lookup: AdmissionLookup): void {
    if (!creates(a, "networking.k8s.io", "ingresses")) return;
    if (a.object!.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined) return;
    const spec = (a.object!["spec"] ??= {}) as { ingressClassName?: string | null };
    if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) return;
    const def = newestDefault(lookup.list("networking.k8s.io", "ingressclasses"), [INGRESS_DEFAULT]);
    if (def) spec.ingressClassName = def.metadata.name!;
  },
};
