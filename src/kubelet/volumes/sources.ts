/**
 * The file sets of configMap, secret, downwardAPI and projected volumes: which keys
 * become which paths with which modes (items, defaultMode, per-item mode), and
 * upstream's error messages for missing objects and keys.
 */
import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, Pod, Secret, Volume, VolumeProjection } from "../api/types.ts";
import type { ObjectGetter } from "../container/env.ts";
import { fieldRefValue, type PodRuntimeInfo, resourceFieldValue } from "../container/fieldref.ts";
import type { ProjectedFile } from "./atomic-writer.ts";

export class VolumeSourceError extends Error {}

const enc = new TextEncoder();

function keyed(kind: "ConfigMap" | "Secret", all: Map<string, Uint8Array>, items: KeyToPath[] | undefined, mode: number, optional: boolean, out: Map<string, ProjectedFile>): void {
  if (!items || items.length === 0) {
    for (const [k, v] of all) out.set(k, { data: v, mode });
    return;
  }
  for (const it of items) {
    const v = all.get(it.key);
    if (v === undefined) {
      if (optional) continue;
      throw new VolumeSourceError(kind === "Secret" ? `references non-existent secret key: ${it.key}` : `configmap references non-existent config key: ${it.key}`);
    }
    out.set(it.path, { data: v, mode: it.mode ?? mode });
  }
}

function configMapData(cm: ConfigMap): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(cm.data ?? {})) m.set(k, enc.encode(v));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) m.set(k, new Uint8Array(Buffer.from(v, "base64")));
  return m;
}

function secretData(s: Secret): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(s.data ?? {})) m.set(k, new Uint8Array(Buffer.from(v, "base64")));
  for (const [k, v] of Object.entries(s.stringData ?? {})) if (!m.has(k)) m.set(k, enc.encode(v));
  return m;
}

async function configMapFiles(ns: string, src: { name?: string; items?: KeyToPath[]; optional?: boolean }, mode: number, get: ObjectGetter, out: Map<string, ProjectedFile>): Promise<void> {
  const name = src.name ?? "";
  const cm = await get.configMap(ns, name);
  if (!cm) {
    if (src.optional) return;
    throw new VolumeSourceError(`configmap "${name}" not found`);
  }
  keyed("ConfigMap", configMapData(cm), src.items, mode, src.optional === true, out);
}

async function secretFiles(ns: string, src: { name?: string; items?: KeyToPath[]; optional?: boolean }, mode: number, get: ObjectGetter, out: Map<string, ProjectedFile>): Promise<void> {
  const name = src.name ?? "";
  const s = await get.secret(ns, name);
  if (!s) {
    if (src.optional) return;
    throw new VolumeSourceError(`secret "${name}" not found`);
  }
  keyed("Secret", secretData(s), src.items, mode, src.optional === true, out);
}

function downwardFiles(pod: Pod, items: DownwardAPIVolumeFile[] | undefined, mode: number, info: PodRuntimeInfo, out: Map<string, ProjectedFile>): void {
  for (const it of items ?? []) {
    let v = "";
    if (it.fieldRef) v = fieldRefValue(it.fieldRef, pod, info, true);
    else if (it.resourceFieldRef) v = resourceFieldValue(it.resourceFieldRef, pod, undefined, info);
    out.set(it.path, { data: enc.encode(v), mode: it.mode ?? mode });
  }
}

/** Files of a configMap, secret, downwardAPI or projected volume; undefined for other kinds. */
export async function projectedFiles(pod: Pod, v: Volume, info: PodRuntimeInfo, get: ObjectGetter): Promise<Map<string, ProjectedFile> | undefined> {
  const ns = pod.metadata.namespace ?? "default";
  const out = new Map<string, ProjectedFile>();
  if (v.configMap) {
    await configMapFiles(ns, v.configMap, v.configMap.defaultMode ?? 0o644, get, out);
    return out;
  }
  if (v.secret) {
    await secretFiles(ns, { ...v.secret, ...(v.secret.secretName !== undefined ? { name: v.secret.secretName } : {}) }, v.secret.defaultMode ?? 0o644, get, out);
    return out;
  }
  if (v.downwardAPI) {
    downwardFiles(pod, v.downwardAPI.items, v.downwardAPI.defaultMode ?? 0o644, info, out);
    return out;
  }
  if (v.projected) {
    const mode = v.projected.defaultMode ?? 0o644;
    for (const s of v.projected.sources ?? ([] as VolumeProjection[])) {
      if (s.configMap) await configMapFiles(ns, s.configMap, mode, get, out);
      if (s.secret) await secretFiles(ns, s.secret, mode, get, out);
      if (s.downwardAPI) downwardFiles(pod, s.downwardAPI.items, mode, info, out);
      if (s.serviceAccountToken) {
        const t = s.serviceAccountToken;
        if (!get.serviceAccountToken) throw new VolumeSourceError("serviceAccountToken projections need the TokenRequest API, which this kubelet was not given");
        const token = await get.serviceAccountToken(ns, pod.spec.serviceAccountName ?? "default", { audience: t.audience, expirationSeconds: t.expirationSeconds ?? 3600, podName: pod.metadata.name ?? "", podUid: pod.metadata.uid ?? "" });
        out.set(t.path, { data: enc.encode(token), mode });
      }
    }
    return out;
  }
  return undefined;
}
