/**
 * Static pods from <dataDir>/agent/pod-manifests: one pod per YAML or JSON file,
 * named <name>-<nodeName>, with a uid derived from the file's content and the node
 * (so an edit makes a new pod), the config.hash/source/seen annotations, defaults
 * applied as the API server would, and mirror pods posted to the API for visibility.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultPod } from "../api/defaults/pod.ts";
import type { Pod } from "./api/types.ts";

export const CONFIG_MIRROR = "kubernetes.io/config.mirror";
export const CONFIG_HASH = "kubernetes.io/config.hash";
export const CONFIG_SOURCE = "kubernetes.io/config.source";
export const CONFIG_SEEN = "kubernetes.io/config.seen";

export function isMirrorPod(p: Pod): boolean {
  return p.metadata.annotations?.[CONFIG_MIRROR] !== undefined;
}

export function isStaticPod(p: Pod): boolean {
  const src = p.metadata.annotations?.[CONFIG_SOURCE];
  return src !== undefined && src !== "api";
}

export interface StaticPodsResult {
  pods: Pod[];
  errors: string[];
}

export function readStaticPods(dir: string, nodeName: string): StaticPodsResult {
  const out: StaticPodsResult = { pods: [], errors: [] };
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) {
    if (f.startsWith(".") || !/\.(ya?ml|json)$/.test(f)) continue;
    const path = join(dir, f);
    try {
      const text = readFileSync(path, "utf8");
      const doc = (f.endsWith(".json") ? JSON.parse(text) : Bun.YAML.parse(text)) as Pod | Pod[];
      const pod = Array.isArray(doc) ? doc[0] : doc;
      if (!pod || (pod as { kind?: string }).kind !== "Pod" || !pod.metadata?.name) throw new Error("not a Pod with a name");
      out.pods.push(prepareStaticPod(pod, nodeName, text));
    } catch (e) {
      out.errors.push(`${path}: ${(e as Error).message}`);
    }
  }
  return out;
}

export function prepareStaticPod(pod: Pod, nodeName: string, source: string): Pod {
  const p = structuredClone(pod);
  p.metadata.namespace ??= "default";
  p.metadata.name = `${p.metadata.name}-${nodeName}`;
  const uid = createHash("md5").update(nodeName).update(source).digest("hex");
  p.metadata.uid = uid;
  p.metadata.annotations = { ...(p.metadata.annotations ?? {}), [CONFIG_HASH]: uid, [CONFIG_SOURCE]: "file", [CONFIG_SEEN]: new Date().toISOString() };
  p.spec.nodeName = nodeName;
  p.spec.tolerations = [...(p.spec.tolerations ?? []), { operator: "Exists", effect: "NoExecute" }];
  defaultPod(p as unknown as Record<string, unknown>);
  p.status = { phase: "Pending" };
  return p;
}

/** The mirror pod of a static pod, as posted to the API. */
export function mirrorPodOf(p: Pod, nodeName: string, nodeUid: string | undefined): Pod {
  const annotations = { ...(p.metadata.annotations ?? {}), [CONFIG_MIRROR]: p.metadata.uid ?? "" };
  const { uid: _uid, resourceVersion: _rv, ...meta } = p.metadata;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...meta, annotations, ...(nodeUid ? { ownerReferences: [{ apiVersion: "v1", kind: "Node", name: nodeName, uid: nodeUid, controller: true }] } : {}) },
    spec: p.spec,
  };
}
