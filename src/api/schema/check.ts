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

/** Both checks in one walk. Unknown kinds yield no findings (nothing is known about them). */
export function checkObject(apiVersion: string, kind: string, obj: unknown): CheckResult {
  const result: CheckResult = { unknownFields: [], typeErrors: [] };
  const schema = schemaForKind(apiVersion, kind);
  if (!schema) return result;
  const root = resolveNode(schema);
  const rootStruct = root.type === "object" && root.name ? shortName(root.name) : kind;
  walk(schema, obj, "", "", rootStruct, result, true);
  return result;
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

function walk(
  schema: Schema,
  value: unknown,
  path: string,
  goPath: string,
  struct: string,
  out: CheckResult,
  top = false,
): void {
  if (value === null || value === undefined) return;
  const node = resolveNode(schema);
  switch (node.type) {
    case "object": {
      if (!isPlainObject(value)) return typeError(out, path, value, goType(node), struct, goPath, top);
      const props = node.properties;
      const here = node.name ? shortName(node.name) : struct;
      for (const key in value) {
        const childPath = path === "" ? key : `${path}.${key}`;
        if (!Object.hasOwn(props, key)) {
          if (out.unknownFields.length < MAX_ERRORS) out.unknownFields.push(childPath);
          continue;
        }
        walk(props[key]!, value[key], childPath, goPath === "" ? key : `${goPath}.${key}`, here, out);
      }
      return;
    }
    case "array": {
      if (!Array.isArray(value)) return typeError(out, path, value, goType(node), struct, goPath, top);
      for (let i = 0; i < value.length; i++) walk(node.items, value[i], `${path}[${i}]`, goPath, struct, out);
      return;
    }
    case "map": {
      if (!isPlainObject(value)) return typeError(out, path, value, goType(node), struct, goPath, top);
      for (const key in value) walk(node.values, value[key], `${path}.${key}`, goPath, struct, out);
      return;
    }
    case "string":
      if (typeof value !== "string") return typeError(out, path, value, "string", struct, goPath);
      if (node.format === "byte") checkBase64(out, path, value);
      return;
    case "integer": {
      if (typeof value !== "number") return typeError(out, path, value, node.format, struct, goPath);
      const [min, max] = node.format === "int32" ? [-2147483648, 2147483647] : [-9223372036854775808, 9223372036854775807];
      if (!Number.isInteger(value) || value < min || value > max) {
        typeError(out, path, value, node.format, struct, goPath, false, `number ${String(value)}`);
      }
      return;
    }
    case "number":
      if (typeof value !== "number") typeError(out, path, value, "float64", struct, goPath);
      return;
    case "boolean":
      if (typeof value !== "boolean") typeError(out, path, value, "bool", struct, goPath);
      return;
    case "quantity":
      checkQuantity(out, path, value);
      return;
    case "int-or-string":
      if (typeof value === "string") return;
      // IntOrString decodes non-strings into an int32.
      if (typeof value !== "number") return typeError(out, path, value, "int32", struct, goPath);
      if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
        typeError(out, path, value, "int32", struct, goPath, false, `number ${String(value)}`);
      }
      return;
    case "time":
      // Time decodes a string first, then parses it as RFC 3339.
      if (typeof value !== "string") return typeError(out, path, value, "string", struct, goPath);
      checkTime(out, path, value);
      return;
    case "any":
    case "ref":
      return;
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

function checkQuantity(out: CheckResult, path: string, value: unknown): void {
  let text: string;
  if (typeof value === "string") text = value.trim();
  else if (typeof value === "number") text = String(value);
  else return void out.typeErrors.push({ field: path, message: QUANTITY_FORMAT_MESSAGE });
  const m = QUANTITY_FORMAT.exec(text);
  if (!m) return void out.typeErrors.push({ field: path, message: QUANTITY_FORMAT_MESSAGE });
  const numeric = m[1]!.replace(/^[+-]/, "");
  if ((numeric.match(/\./g)?.length ?? 0) > 1 || numeric === ".") {
    out.typeErrors.push({ field: path, message: "unable to parse numeric part of quantity" });
  } else if (!QUANTITY_SUFFIX.test(m[2]!)) {
    out.typeErrors.push({ field: path, message: "unable to parse quantity's suffix" });
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function checkTime(out: CheckResult, path: string, value: string): void {
  if (value === "" || RFC3339.test(value)) return;
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
