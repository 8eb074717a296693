/**
 * Request bodies: size limit (upstream's 3 MiB), content types, JSON and YAML decoding.
 * Decoding errors are 400 BadRequest with the parser's message, as upstream's serializer.
 */
import { decodeProtobufBody, PROTOBUF_MEDIA_TYPE, ProtobufError } from "../protobuf/decode.ts";
import { errors } from "./status.ts";
import { jsonTooDeep, MAX_NESTING_DEPTH, TOO_DEEP, valueTooDeep } from "./nesting.ts";

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type BodyFormat = "json" | "yaml" | "protobuf";

export type PatchType = "json" | "merge" | "strategic" | "apply";

const PATCH_TYPES: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
  "application/apply-patch+cbor": "apply",
};

export const ACCEPTED_PATCH_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/apply-patch+yaml",
  "application/strategic-merge-patch+json",
] as const;

export function mediaType(contentType: string | null): string {
  if (!contentType) return "";
  const semi = contentType.indexOf(";");
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

export function patchTypeOf(contentType: string | null): PatchType {
  const mt = mediaType(contentType);
  const t = Object.hasOwn(PATCH_TYPES, mt) ? PATCH_TYPES[mt] : undefined;
  if (!t || mt === "application/apply-patch+cbor") throw errors.unsupportedMediaType(mt, ACCEPTED_PATCH_TYPES);
  return t;
}

function checkDeclaredLength(req: Request, limit: number): void {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw errors.tooLarge(limit);
}

/** Reads the body, enforcing the size limit before and after reading. */
export async function readBodyBytes(req: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  checkDeclaredLength(req, limit);
  const buf = await req.arrayBuffer();
  if (buf.byteLength > limit) throw errors.tooLarge(limit);
  return new Uint8Array(buf);
}

export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, limit));
}

/**
 * Reads and decodes an object body in the format its Content-Type names, as readBodyBytes
 * then decodeBody do, but JSON and YAML are read as text (no byte copy and no separate
 * UTF-8 decode: a create's body is the largest thing it reads).
 */
export async function readBodyDocument(req: Request, limit = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const contentType = req.headers.get("content-type");
  const format = bodyFormatOf(contentType);
  if (format === "protobuf") return decodeBody(await readBodyBytes(req, limit), contentType);
  checkDeclaredLength(req, limit);
  const text = await req.text();
  // a UTF-16 unit is at most 3 UTF-8 bytes: count the bytes only when that could pass the limit
  if (text.length * 3 > limit && Buffer.byteLength(text, "utf8") > limit) throw errors.tooLarge(limit);
  return decodeDocument(text, format);
}

/** Decodes a body in the format its Content-Type names (JSON, YAML or Kubernetes protobuf). */
export function decodeBody(bytes: Uint8Array, contentType: string | null): Record<string, unknown> {
  const format = bodyFormatOf(contentType);
  if (format === "protobuf") {
    try {
      return decodeProtobufBody(bytes);
    } catch (e) {
      if (e instanceof ProtobufError || e instanceof Error) throw errors.badRequest(`error decoding protobuf body: ${e.message}`);
      throw e;
    }
  }
  return decodeDocument(new TextDecoder().decode(bytes), format);
}

/** Decodes a JSON or YAML document into a plain object. */
export function decodeDocument(text: string, format: "json" | "yaml"): Record<string, unknown> {
  let value: unknown;
  if (format === "json") {
    if (jsonTooDeep(text)) throw errors.badRequest(`error decoding request body: ${TOO_DEEP}`);
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw errors.badRequest(`error decoding request body: ${(e as Error).message}`);
    }
  } else {
    value = parseYamlDocument(text);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw errors.badRequest(`the body of the request must be an object, got ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}`);
  }
  return value as Record<string, unknown>;
}

export function parseYamlDocument(text: string): unknown {
  // JSON is valid YAML and the common case (kubectl and helm send JSON as apply-patch+yaml).
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    if (jsonTooDeep(text)) throw errors.badRequest(`error decoding YAML: ${TOO_DEEP}`);
    try {
      return JSON.parse(text);
    } catch {
      // fall through to the YAML parser for flow-style YAML
    }
  }
  let value: unknown;
  try {
    value = Bun.YAML.parse(text);
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (text.length > 2 * MAX_NESTING_DEPTH && valueTooDeep(value)) throw errors.badRequest(`error decoding YAML: ${TOO_DEEP}`);
  if (Array.isArray(value) && /^---|\n---/.test(text)) throw errors.badRequest("error decoding YAML: expected a single document");
  return value;
}

/** The body format a create/update's Content-Type names (JSON when absent). */
export function bodyFormatOf(contentType: string | null): BodyFormat {
  const mt = mediaType(contentType);
  if (mt === "" || mt === "application/json" || mt === "*/*") return "json";
  if (mt === "application/yaml" || mt === "application/x-yaml" || mt === "text/yaml") return "yaml";
  if (mt === PROTOBUF_MEDIA_TYPE) return "protobuf";
  throw errors.unsupportedMediaType(mt, ["application/json", "application/yaml", PROTOBUF_MEDIA_TYPE]);
}
