/**
 * Decoding checks against declared schemas, reported the way upstream's JSON decoder
 * (sigs.k8s.io/json, strict mode) reports them:
 *  - unknown fields as paths with list indices: `spec.containers[0].imagePullPolicyy`;
 *  - wrong JSON types as Go's UnmarshalTypeError text: `json: cannot unmarshal string
 *    into Go struct field DeploymentSpec.spec.replicas of type int32` (the field path there
 *    has no indices, as in Go), plus the messages of the custom decoders of Quantity,
 *    IntOrString and Time.
 * JSON null is accepted everywhere, as the Go decoder does.
 */
import { schemaForKind } from "../types/registry.ts";
import { resolveNode, type Node, type Schema } from "./dsl.ts";

export interface TypeError {
  /** Path of the field with list indices, e.g. spec.containers[0].ports[0].containerPort. */
  field: string;
  /** Upstream's decoder message. */
  message: string;
}

export interface CheckResult {
  unknownFields: string[];
  typeErrors: TypeError[];
}

/** Upstream stops collecting strict errors at 100. */
const MAX_ERRORS = 100;

export interface CheckOptions {
  /**
   * Also drop what upstream's decode and encode would not keep: optional fields that are
   * null, and optional lists and maps that are empty (Go's omitempty on slices and maps;
   * an empty struct such as `resources: {}` stays, as it does upstream). Required fields
   * are left for validation to report.
   */
  prune?: boolean;
}

/** Both checks in one walk. Unknown kinds yield no findings (nothing is known about them). */
export function checkObject(apiVersion: string, kind: string, obj: unknown, opts: CheckOptions = {}): CheckResult {
  const result: CheckResult = { unknownFields: [], typeErrors: [] };
  const schema = schemaForKind(apiVersion, kind);
  if (!schema) return result;
  const root = resolveNode(schema);
  const rootStruct = root.type === "object" && root.name ? root.name : kind;
  new Walker(result, opts.prune === true).walk(schema, obj, rootStruct, true);
  return result;
}

/** The pruning of checkObject alone (for objects whose fields were checked before, e.g. a server-side apply's result). */
export function pruneEmptyFields(apiVersion: string, kind: string, obj: unknown): void {
  checkObject(apiVersion, kind, obj, { prune: true });
}

/** Whether an optional field's value is one upstream would not keep: an empty list or map. */
function emptyCollection(v: unknown, schema: Schema): boolean {
  if (Array.isArray(v)) return v.length === 0 && resolveNode(schema).type === "array";
  if (typeof v !== "object" || v === null) return false;
  for (const _ in v) return false;
  return resolveNode(schema).type === "map";
}

/** Fields the schema does not declare, as upstream's strict decoding names them. */
export function findUnknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  return checkObject(apiVersion, kind, obj).unknownFields;
}

/** Values of the wrong JSON type for their field, with upstream's decoder messages. */
export function findTypeErrors(apiVersion: string, kind: string, obj: unknown): TypeError[] {
  return checkObject(apiVersion, kind, obj).typeErrors;
}

/** The text upstream puts after "<Kind> in version ... cannot be handled as a <Kind>: ". */
export function strictDecodingMessage(unknownFields: readonly string[]): string {
  return `strict decoding error: ${unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`).join(", ")}`;
}

const FIELD = 0;
const INDEX = 1;
const MAP_KEY = 2;

/**
 * The walk keeps the current path as a stack of segments and spells it out only for a
 * finding, so a valid object costs no string building. `struct` is the qualified name of
 * the innermost named struct (shortened for messages).
 */
class Walker {
  /** The path's segments and their kinds, below `depth` (kept as arrays the walk overwrites). */
  private readonly kinds: number[] = [];
  private readonly segs: (string | number)[] = [];
  private depth = 0;
  constructor(
    private readonly out: CheckResult,
    private readonly prune: boolean,
  ) {}

  /** The path with list indices: spec.containers[0].image (map keys after a dot). */
  private path(): string {
    let p = "";
    for (let i = 0; i < this.depth; i++) {
      const seg = this.segs[i]!;
      switch (this.kinds[i]) {
        case FIELD:
          p = p === "" ? (seg as string) : `${p}.${seg}`;
          break;
        case INDEX:
          p += `[${seg}]`;
          break;
        default:
          p += `.${seg}`;
      }
    }
    return p;
  }

  /** The Go field path: struct fields only, no indices or map keys. */
  private goPath(): string {
    let p = "";
    for (let i = 0; i < this.depth; i++) if (this.kinds[i] === FIELD) p = p === "" ? (this.segs[i] as string) : `${p}.${this.segs[i]}`;
    return p;
  }

  private typeError(value: unknown, type: string, struct: string, top = false, valueText?: string): void {
    typeError(this.out, this.path(), value, type, shortName(struct), this.goPath(), top, valueText);
  }

  private enter(kind: number, seg: string | number): void {
    const d = this.depth++;
    this.kinds[d] = kind;
    this.segs[d] = seg;
  }

  walk(schema: Schema, value: unknown, struct: string, top = false): void {
    if (value === null || value === undefined) return;
    const node = resolveNode(schema);
    const out = this.out;
    switch (node.type) {
      case "object": {
        if (!isPlainObject(value)) return this.typeError(value, goType(node), struct, top);
        const props = node.properties;
        const here = node.name ? node.name : struct;
        for (const key in value) {
          if (!Object.hasOwn(props, key)) {
            if (out.unknownFields.length < MAX_ERRORS) {
              this.enter(FIELD, key);
              out.unknownFields.push(this.path());
              this.depth--;
            }
            continue;
          }
          const v = value[key];
          if (v === null || v === undefined) {
            if (this.prune && !node.required.includes(key)) delete value[key];
            continue;
          }
          if (this.prune && typeof v === "object" && emptyCollection(v, props[key]!) && !node.required.includes(key)) {
            delete value[key];
            continue;
          }
          this.enter(FIELD, key);
          this.walk(props[key]!, v, here);
          this.depth--;
        }
        return;
      }
      case "array": {
        if (!Array.isArray(value)) return this.typeError(value, goType(node), struct, top);
        for (let i = 0; i < value.length; i++) {
          const v = value[i];
          if (v === null || v === undefined) continue;
          this.enter(INDEX, i);
          this.walk(node.items, v, struct);
          this.depth--;
        }
        return;
      }
      case "map": {
        if (!isPlainObject(value)) return this.typeError(value, goType(node), struct, top);
        for (const key in value) {
          const v = value[key];
          if (v === null || v === undefined) continue;
          this.enter(MAP_KEY, key);
          this.walk(node.values, v, struct);
          this.depth--;
        }
        return;
      }
      case "string":
        if (typeof value !== "string") return this.typeError(value, "string", struct);
        if (node.format === "byte") checkBase64(out, this.path(), value);
        return;
      case "integer": {
        if (typeof value !== "number") return this.typeError(value, node.format, struct);
        const int32 = node.format === "int32";
        const min = int32 ? -2147483648 : -9223372036854775808;
        const max = int32 ? 2147483647 : 9223372036854775807;
        if (!Number.isInteger(value) || value < min || value > max) this.typeError(value, node.format, struct, false, `number ${String(value)}`);
        return;
      }
      case "number":
        if (typeof value !== "number") this.typeError(value, "float64", struct);
        return;
      case "boolean":
        if (typeof value !== "boolean") this.typeError(value, "bool", struct);
        return;
      case "quantity":
        checkQuantity(out, this, value);
        return;
      case "int-or-string":
        if (typeof value === "string") return;
        // IntOrString decodes non-strings into an int32.
        if (typeof value !== "number") return this.typeError(value, "int32", struct);
        if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) this.typeError(value, "int32", struct, false, `number ${String(value)}`);
        return;
      case "time":
        // Time decodes a string first, then parses it as RFC 3339.
        if (typeof value !== "string") return this.typeError(value, "string", struct);
        if (value !== "" && !RFC3339.test(value)) timeError(out, this.path(), value);
        return;
      case "any":
      case "ref":
        return;
    }
  }

  /** For checks that report with the path. */
  pathText(): string {
    return this.path();
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "bool";
    default:
      return "object";
  }
}

function typeError(
  out: CheckResult,
  path: string,
  value: unknown,
  type: string,
  struct: string,
  goPath: string,
  top = false,
  valueText?: string,
): void {
  const what = valueText ?? jsonKind(value);
  const message =
    top || goPath === ""
      ? `json: cannot unmarshal ${what} into Go value of type ${type}`
      : `json: cannot unmarshal ${what} into Go struct field ${struct}.${goPath} of type ${type}`;
  out.typeErrors.push({ field: path, message });
}

/** "io.k8s.api.core.v1.PodSpec" -> "PodSpec". */
function shortName(def: string): string {
  return def.slice(def.lastIndexOf(".") + 1);
}

/** The Go type name upstream's messages use for a node. */
function goType(node: Node): string {
  switch (node.type) {
    case "object":
      return node.name ? `v1.${shortName(node.name)}` : "map[string]interface {}";
    case "array":
      return `[]${goType(resolveNode(node.items))}`;
    case "map":
      return `map[string]${goType(resolveNode(node.values))}`;
    case "string":
      return node.format === "byte" ? "[]uint8" : "string";
    case "integer":
      return node.format;
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    case "quantity":
      return "resource.Quantity";
    case "int-or-string":
      return "intstr.IntOrString";
    case "time":
      return node.micro ? "v1.MicroTime" : "v1.Time";
    default:
      return "interface {}";
  }
}

const QUANTITY_FORMAT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_SUFFIX = /^(|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)$/;
const QUANTITY_FORMAT_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Quantity texts found valid (the same few come by on every write); emptied when full. */
const validQuantities = new Set<string>();
const MAX_VALID_QUANTITIES = 4096;

function checkQuantity(out: CheckResult, at: { pathText(): string }, value: unknown): void {
  if (typeof value === "string" && validQuantities.has(value)) return;
  const before = out.typeErrors.length;
  checkQuantityText(out, at, value);
  if (typeof value === "string" && out.typeErrors.length === before) {
    if (validQuantities.size >= MAX_VALID_QUANTITIES) validQuantities.clear();
    validQuantities.add(value);
  }
}

function checkQuantityText(out: CheckResult, at: { pathText(): string }, value: unknown): void {
  let text: string;
  if (typeof value === "string") text = value.trim();
  else if (typeof value === "number") text = String(value);
  else return void out.typeErrors.push({ field: at.pathText(), message: QUANTITY_FORMAT_MESSAGE });
  const m = QUANTITY_FORMAT.exec(text);
  if (!m) return void out.typeErrors.push({ field: at.pathText(), message: QUANTITY_FORMAT_MESSAGE });
  const numeric = m[1]!.replace(/^[+-]/, "");
  if ((numeric.match(/\./g)?.length ?? 0) > 1 || numeric === ".") {
    out.typeErrors.push({ field: at.pathText(), message: "unable to parse numeric part of quantity" });
  } else if (!QUANTITY_SUFFIX.test(m[2]!)) {
    out.typeErrors.push({ field: at.pathText(), message: "unable to parse quantity's suffix" });
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function timeError(out: CheckResult, path: string, value: string): void {
  const layout = "2006-01-02T15:04:05Z07:00";
  out.typeErrors.push({
    field: path,
    message: `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(value)} as "2006"`,
  });
}

const BASE64 = /^[A-Za-z0-9+/]*$/;

/** Go's base64.StdEncoding: padded standard alphabet; CR and LF are skipped. */
function checkBase64(out: CheckResult, path: string, value: string): void {
  const text = value.includes("\n") || value.includes("\r") ? value.replace(/[\r\n]/g, "") : value;
  const body = text.replace(/=+$/, "");
  const padding = text.length - body.length;
  const bad = BASE64.test(body) ? -1 : body.search(/[^A-Za-z0-9+/]/);
  const lengthOk = text.length % 4 === 0 && padding <= 2;
  if (bad < 0 && lengthOk) return;
  const at = bad >= 0 ? bad : Math.max(0, text.length - (text.length % 4 || 4));
  out.typeErrors.push({ field: path, message: `illegal base64 data at input byte ${at}` });
}
