/**
 * ServiceAccount (upstream plugin/pkg/admission/serviceaccount), for new pods: the pod runs
 * as its service account ("default" when it names none), takes the account's
 * imagePullSecrets when it has none, and, unless the pod or the account turns
 * automountServiceAccountToken off, every container and init container mounts a
 * `kube-api-access-xxxxx` projected volume at /var/run/secrets/kubernetes.io/serviceaccount
 * holding a bound token (the kubelet asks TokenRequest), the cluster CA (kube-root-ca.crt)
 * and the namespace. Mirror pods are left alone.
 *
 * A pod naming an account that exists neither in the cache nor in the store is refused
 * with upstream's 403 ("error looking up service account NS/NAME: serviceaccount "NAME" not
 * found"). Unlike upstream, a pod whose "default" account does not exist yet is admitted
 * (mounting as if the account allowed it) where upstream retries for a second or two and
 * then refuses: the kubelet's token request waits for the account, which the service
 * account controller creates moments after the namespace, and an apiserver run without
 * that controller still takes pods.
 */
import { errors } from "../../http/status.ts";
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin } from "../types.ts";

export const SERVICE_ACCOUNT_VOLUME_PREFIX = "kube-api-access-";
export const API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
/** Upstream's kube-api-access token lifetime (an hour and seven seconds marks it as such). */
export const API_TOKEN_EXPIRATION_SECONDS = 3607;
const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
// upstream's utilrand alphabet: no vowels, no look-alike digits
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

interface Mount {
  name?: string;
  mountPath?: string;
  readOnly?: boolean;
}
interface ContainerView {
  volumeMounts?: Mount[];
}
interface PodSpecView {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean | null;
  imagePullSecrets?: { name?: string }[];
  volumes?: { name?: string }[];
  containers?: ContainerView[];
  initContainers?: ContainerView[];
}
interface ServiceAccountView {
  automountServiceAccountToken?: boolean | null;
  imagePullSecrets?: { name?: string }[];
}

function randomSuffix(n = 5): string {
  let s = "";
  for (const b of crypto.getRandomValues(new Uint8Array(n))) s += NAME_ALPHABET[b % NAME_ALPHABET.length];
  return s;
}

/** The projected volume upstream's plugin adds (TokenVolumeSource). */
export function apiAccessVolume(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: API_TOKEN_EXPIRATION_SECONDS, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
      defaultMode: 420,
    },
  };
}

/** Mounts the token volume in every container without a mount at the token path; adds the volume when one did. */
export function mountServiceAccountToken(spec: PodSpecView): void {
  const existing = (spec.volumes ?? []).find((v) => v.name?.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX));
  const volumeName = existing?.name ?? SERVICE_ACCOUNT_VOLUME_PREFIX + randomSuffix();
  let needed = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === API_TOKEN_MOUNT_PATH)) continue;
    (c.volumeMounts ??= []).push({ name: volumeName, readOnly: true, mountPath: API_TOKEN_MOUNT_PATH });
    needed = true;
  }
  if (needed && !existing) (spec.volumes ??= []).push(apiAccessVolume(volumeName));
}

export const serviceAccount: MutatingPlugin = {
  name: "ServiceAccount",
  operations: ["CREATE"],
  admit(a: AdmissionAttributes, lookup: AdmissionLookup): void | Promise<void> {
    if (a.resource.group !== "" || a.resource.plural !== "pods" || a.subresource !== "" || !a.object) return;
    const annotations = (a.object["metadata"] as { annotations?: Record<string, string> } | undefined)?.annotations;
    if (annotations?.[MIRROR_ANNOTATION] !== undefined) return;
    const spec = (a.object["spec"] ??= {}) as PodSpecView;
    if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || "default";
    spec.serviceAccount = spec.serviceAccountName;
    const name = spec.serviceAccountName;
    const cached = lookup.get("", "serviceaccounts", a.namespace, name) as ServiceAccountView | undefined;
    // an absent "default" is admitted as it is (see above), without a store read per pod
    if (cached || name === "default") return runAs(spec, cached);
    // the cache may trail the store: ask it, as upstream's live lookup does
    return lookup.getLive("", "serviceaccounts", a.namespace, name).then((live) => {
      if (!live) throw errors.forbidden({ group: "", resource: "pods" }, a.name, `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`);
      runAs(spec, live as ServiceAccountView);
    });
  },
};

/** The account's pull secrets (when the pod has none) and, unless turned off, its token volume. */
function runAs(spec: PodSpecView, sa: ServiceAccountView | undefined): void {
  if ((spec.imagePullSecrets ?? []).length === 0 && (sa?.imagePullSecrets ?? []).length > 0) spec.imagePullSecrets = sa!.imagePullSecrets!.map((s) => ({ ...s }));
  const automount = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
  if (automount) mountServiceAccountToken(spec);
}
