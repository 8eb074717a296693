/**
 * Content negotiation for responses: plain JSON, a meta.k8s.io Table (kubectl get), or
 * PartialObjectMetadata(List) (metadata-only clients such as the garbage collector).
 */
import { errors } from "./status.ts";

export type Rendering = "object" | "table" | "metadata";

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string): MediaRange[] {
  const out: MediaRange[] = [];
  for (const part of header.split(",")) {
    const [type, ...params] = part.split(";");
    if (!type) continue;
    const p: Record<string, string> = {};
    for (const kv of params) {
      const eq = kv.indexOf("=");
      if (eq > 0) p[kv.slice(0, eq).trim().toLowerCase()] = kv.slice(eq + 1).trim();
    }
    out.push({ type: type.trim().toLowerCase(), params: p });
  }
  return out;
}

const JSONISH = new Set(["application/json", "application/*", "*/*", "application/yaml"]);

/**
 * Picks how to render a GET/LIST/WATCH answer from the Accept header: the first acceptable
 * range wins. Table and PartialObjectMetadata are served in meta.k8s.io v1 (and v1beta1 as
 * an alias); an Accept that names only encodings we do not speak is 406.
 */
export function negotiateRendering(accept: string | null): Rendering {
  if (!accept) return "object";
  let sawOther = false;
  for (const r of parseAccept(accept)) {
    if (!JSONISH.has(r.type)) {
      sawOther = true;
      continue;
    }
    const as = r.params.as;
    if (!as) return "object";
    const g = r.params.g;
    const v = r.params.v;
    if (g !== "meta.k8s.io" || (v !== "v1" && v !== "v1beta1")) continue;
    if (as === "Table") return "table";
    if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") return "metadata";
  }
  if (sawOther) throw errors.notAcceptable(["application/json", "application/yaml"]);
  return "object";
}

/** True when the client wants protobuf and does not take JSON (openapi/v2 probing). */
export function wantsOnlyProtobuf(accept: string | null): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const proto = ranges.some((r) => r.type.includes("protobuf"));
  return proto && !ranges.some((r) => r.type === "application/json" || r.type === "*/*");
}
