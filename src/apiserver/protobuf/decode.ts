/**
 * Decoding of Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf,
 * which client-go's typed clients send: kubectl create, helm's release Secrets, typed
 * DeleteOptions) into the JSON form the rest of the server works with.
 *
 * Envelope: the magic bytes "k8s\0", then a runtime.Unknown message holding the TypeMeta
 * (apiVersion, kind) and the raw bytes of the object's own message. Messages are decoded by
 * field number from schema.generated.ts; a handful of types have JSON forms of their own
 * (Time, MicroTime, Duration, Quantity, IntOrString, RawExtension, FieldsV1).
 */
import { setOwn } from "../../util/own-keys.ts";
import { PROTO_MESSAGES } from "./schema.generated.ts";
import { ProtoReader } from "./wire.ts";

export const PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

interface Field {
  name: string;
  card: "o" | "r" | "m";
  type: string;
  /** Map value type. */
  valueType?: string;
  /** Go: the field's JSON is merged into the parent (embedded struct). */
  inline: boolean;
  /** Go: a zero value is left out of JSON (omitempty on a non-pointer). */
  omitZero: boolean;
}

const parsed = new Map<string, Map<number, Field>>();

function fieldsOf(message: string): Map<number, Field> {
  let m = parsed.get(message);
  if (m) return m;
  const spec = PROTO_MESSAGES[message];
  if (spec === undefined) throw new ProtobufError(`no protobuf schema for ${message}`);
  m = new Map();
  if (spec !== "") {
    for (const f of spec.split(";")) {
      const [num, name, card, type, flags = ""] = f.split(":") as [string, string, Field["card"], string, string?];
      const field: Field = { name, card, type, inline: flags.includes("i"), omitZero: flags.includes("e") && !flags.includes("p") };
      if (card === "m") {
        const [k, v] = type.split(",") as [string, string];
        field.type = k;
        field.valueType = v;
      }
      m.set(Number(num), field);
    }
  }
  parsed.set(message, m);
  return m;
}

export class ProtobufError extends Error {
  override name = "ProtobufError";
}

const utf8 = new TextDecoder();

const SCALAR = new Set(["string", "int32", "int64", "bool", "bytes", "double", "float", "uint32", "uint64"]);

function readScalar(r: ProtoReader, type: string, wireType: number): unknown {
  switch (type) {
    case "string": {
      const [s, e] = r.lengthDelimited();
      return utf8.decode(r.buf.subarray(s, e));
    }
    case "bytes": {
      const [s, e] = r.lengthDelimited();
      return Buffer.from(r.buf.subarray(s, e)).toString("base64");
    }
    case "bool":
      return r.varint() !== 0;
    case "int32": {
      const v = r.varint();
      return v > 0x7fffffff ? v - 2 ** 32 : v;
    }
    case "double":
      return wireType === 1 ? r.fixed64() : r.varint();
    case "float":
      return wireType === 5 ? r.fixed32() : r.varint();
    default:
      return r.varint();
  }
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

function rfc3339(seconds: number, nanos: number, micro: boolean): string {
  const d = new Date(seconds * 1000);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return micro ? `${base}.${pad(Math.floor(nanos / 1000), 6)}Z` : `${base}Z`;
}

/** Go's time.Duration.String(). */
export function goDuration(ns: number): string {
  if (ns === 0) return "0s";
  const neg = ns < 0;
  let v = Math.abs(ns);
  let out: string;
  if (v < 1e9) {
    if (v < 1e3) out = `${v}ns`;
    else if (v < 1e6) out = `${trim(v / 1e3)}µs`;
    else out = `${trim(v / 1e6)}ms`;
  } else {
    const h = Math.floor(v / 3.6e12);
    v -= h * 3.6e12;
    const m = Math.floor(v / 6e10);
    v -= m * 6e10;
    const s = trim(v / 1e9);
    out = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  }
  return neg ? `-${out}` : out;
}

function trim(x: number): string {
  return String(Number(x.toFixed(9)));
}

/** Converts the decoded fields of the special types to their JSON forms. */
function special(message: string, o: Record<string, unknown>): unknown {
  switch (message) {
    case "apis.meta.v1.Time": {
      const s = (o["seconds"] as number | undefined) ?? 0;
      const n = (o["nanos"] as number | undefined) ?? 0;
      return s === 0 && n === 0 ? null : rfc3339(s, n, false);
    }
    case "apis.meta.v1.MicroTime": {
      const s = (o["seconds"] as number | undefined) ?? 0;
      const n = (o["nanos"] as number | undefined) ?? 0;
      return s === 0 && n === 0 ? null : rfc3339(s, n, true);
    }
    case "apis.meta.v1.Duration":
      return goDuration((o["duration"] as number | undefined) ?? 0);
    case "api.resource.Quantity":
    case "api.resource.QuantityValue":
      return (o["string"] as string | undefined) ?? "0";
    case "util.intstr.IntOrString":
      return (o["type"] ?? 0) === 1 ? ((o["strVal"] as string | undefined) ?? "") : ((o["intVal"] as number | undefined) ?? 0);
    case "runtime.RawExtension":
    case "apis.meta.v1.FieldsV1": {
      const raw = (o["raw"] ?? o["Raw"]) as string | undefined;
      if (!raw) return message === "apis.meta.v1.FieldsV1" ? {} : null;
      const text = Buffer.from(raw, "base64").toString("utf8");
      try {
        return JSON.parse(text);
      } catch {
        throw new ProtobufError(`${message} holds bytes that are not JSON`);
      }
    }
    default:
      if (message.endsWith(".ExtraValue") || message === "apis.meta.v1.Verbs") return (o["items"] as unknown[] | undefined) ?? [];
      return undefined;
  }
}

const SPECIAL_PREFIXES = new Set([
  "apis.meta.v1.Time",
  "apis.meta.v1.MicroTime",
  "apis.meta.v1.Duration",
  "api.resource.Quantity",
  "api.resource.QuantityValue",
  "util.intstr.IntOrString",
  "runtime.RawExtension",
  "apis.meta.v1.FieldsV1",
  "apis.meta.v1.Verbs",
]);

function isSpecial(message: string): boolean {
  return SPECIAL_PREFIXES.has(message) || message.endsWith(".ExtraValue");
}

function readValue(r: ProtoReader, type: string, wireType: number): unknown {
  if (SCALAR.has(type)) return readScalar(r, type, wireType);
  const [s, e] = r.lengthDelimited();
  return decodeMessage(r.buf, s, e, type);
}

function readMapEntry(r: ProtoReader, f: Field): [string, unknown] {
  const [s, e] = r.lengthDelimited();
  const er = new ProtoReader(r.buf, s, e);
  let key: unknown = "";
  let value: unknown = f.valueType === "string" || f.valueType === "bytes" ? "" : undefined;
  while (!er.done) {
    const tag = er.varint();
    const num = Math.floor(tag / 8);
    const wt = tag & 7;
    if (num === 1) key = readValue(er, f.type, wt);
    else if (num === 2) value = readValue(er, f.valueType!, wt);
    else er.skip(wt);
  }
  if (value === undefined) value = isSpecial(f.valueType!) ? special(f.valueType!, {}) : {};
  return [String(key), value];
}

function isZero(v: unknown): boolean {
  return v === "" || v === 0 || v === false || v === null || (Array.isArray(v) && v.length === 0);
}

/**
 * Decodes one message into its JSON form, as Go's JSON encoder would print the decoded
 * struct: embedded structs inlined, omitempty zero values left out, zero times dropped.
 */
export function decodeMessage(buf: Uint8Array, start: number, end: number, message: string): unknown {
  const fields = fieldsOf(message);
  const r = new ProtoReader(buf, start, end);
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const tag = r.varint();
    const num = Math.floor(tag / 8);
    const wt = tag & 7;
    const f = fields.get(num);
    if (!f) {
      r.skip(wt);
      continue;
    }
    if (f.card === "m") {
      const [k, v] = readMapEntry(r, f);
      setOwn((out[f.name] ??= {}) as Record<string, unknown>, k, v);
    } else if (f.card === "r") {
      const list = (out[f.name] ??= []) as unknown[];
      if (wt === 2 && SCALAR.has(f.type) && f.type !== "string" && f.type !== "bytes") {
        // packed repeated scalars
        const [s, e] = r.lengthDelimited();
        const pr = new ProtoReader(buf, s, e);
        while (!pr.done) list.push(readScalar(pr, f.type, f.type === "double" ? 1 : f.type === "float" ? 5 : 0));
      } else list.push(readValue(r, f.type, wt));
    } else {
      out[f.name] = readValue(r, f.type, wt);
    }
  }
  if (isSpecial(message)) return special(message, out);
  for (const f of fields.values()) {
    if (!(f.name in out)) continue;
    const v = out[f.name];
    if (v === null || (f.omitZero && isZero(v))) delete out[f.name];
    else if (f.inline && v !== null && typeof v === "object" && !Array.isArray(v)) {
      delete out[f.name];
      Object.assign(out, v);
    }
  }
  return out;
}

/** The protobuf package of a group's messages, as schema.generated.ts names them. */
function packageOf(group: string): string {
  if (group === "") return "core";
  const first = group.split(".")[0]!;
  return first === "rbac" ? "rbac" : first;
}

/** Kinds that live in meta.k8s.io whatever group version the client speaks. */
const META_KINDS = new Set(["DeleteOptions", "Status", "Table", "PartialObjectMetadata", "PartialObjectMetadataList", "WatchEvent", "List", "APIResourceList"]);

export function messageFor(apiVersion: string, kind: string): string {
  if (META_KINDS.has(kind)) return `apis.meta.v1.${kind}`;
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${packageOf(group)}.${version}.${kind}`;
}

/** Decodes a complete protobuf body into a JSON object with apiVersion and kind. */
export function decodeProtobufBody(body: Uint8Array): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) throw new ProtobufError("provided protobuf body does not start with the Kubernetes magic prefix");
  const unknown = decodeMessage(body, 4, body.length, "runtime.Unknown") as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string; contentEncoding?: string };
  const apiVersion = unknown.typeMeta?.apiVersion ?? "";
  const kind = unknown.typeMeta?.kind ?? "";
  if (!kind) throw new ProtobufError("the protobuf body names no kind");
  if (unknown.contentEncoding) throw new ProtobufError(`unsupported content encoding ${unknown.contentEncoding}`);
  const raw = Buffer.from(unknown.raw ?? "", "base64");
  const obj = decodeMessage(raw, 0, raw.length, messageFor(apiVersion, kind)) as Record<string, unknown>;
  return { apiVersion, kind, ...obj };
}
