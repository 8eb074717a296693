/**
 * The OpenAPI v3 schema of a CustomResourceDefinition version (apiextensions.k8s.io/v1
 * JSONSchemaProps, Kubernetes 1.34) as the functions of this folder read it: plain JSON,
 * as decoded from the CRD. Fields a structural schema must not use ($ref, id, $schema,
 * patternProperties, dependencies, additionalItems, definitions, items as a list) are
 * declared so that validateStructuralSchema can reject them.
 */
import { setOwn } from "../../util/own-keys.ts";

/** One x-kubernetes-validations rule. Kept and checked for shape only; CEL is not evaluated here. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export interface JSONSchemaProps {
  id?: string;
  $schema?: string;
  $ref?: string;
  type?: string;
  format?: string;
  title?: string;
  description?: string;
  default?: unknown;
  example?: unknown;
  externalDocs?: { description?: string; url?: string };

  /** Object fields by name. */
  properties?: Record<string, JSONSchemaProps>;
  /** Map values: a schema, true (any value) or false (no value). */
  additionalProperties?: JSONSchemaProps | boolean;
  /** Array items: a schema (a list of schemas is not structural). */
  items?: JSONSchemaProps | JSONSchemaProps[];
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;

  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  multipleOf?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  maxProperties?: number;
  minProperties?: number;

  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;

  patternProperties?: Record<string, JSONSchemaProps>;
  dependencies?: Record<string, JSONSchemaProps | string[]>;
  additionalItems?: JSONSchemaProps | boolean;
  definitions?: Record<string, JSONSchemaProps>;

  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: string;
  "x-kubernetes-validations"?: ValidationRule[];
}

/** The item schema of an array schema (undefined when absent or given as a list). */
export function itemsOf(s: JSONSchemaProps): JSONSchemaProps | undefined {
  const items = s.items;
  return items === undefined || Array.isArray(items) ? undefined : items;
}

/** The value schema of a map schema: a schema, or undefined for `true`, `false` or absent. */
export function additionalPropertiesOf(s: JSONSchemaProps): JSONSchemaProps | undefined {
  const ap = s.additionalProperties;
  return ap === undefined || typeof ap === "boolean" ? undefined : ap;
}

/** Whether additionalProperties is given at all (a schema, true or false). */
export function hasAdditionalProperties(s: JSONSchemaProps): boolean {
  return s.additionalProperties !== undefined;
}

/** The default value, if any (null counts as none, as upstream's Default.Object == nil). */
export function defaultOf(s: JSONSchemaProps | undefined): unknown {
  return s?.default ?? undefined;
}

export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A deep copy of JSON data (runtime.DeepCopyJSONValue). */
export function deepCopyJSON<T>(v: T): T {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(deepCopyJSON) as T;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) setOwn(out, k, deepCopyJSON((v as JsonObject)[k]));
  return out as T;
}

const subtreeCaches = new Map<(s: JSONSchemaProps) => boolean, WeakMap<JSONSchemaProps, boolean>>();

/**
 * Whether pred holds for s or any schema below it through properties, items and
 * additionalProperties (cached per predicate and schema): walks that only act on some
 * nodes skip the subtrees that have none.
 */
export function subtreeHas(s: JSONSchemaProps, pred: (s: JSONSchemaProps) => boolean): boolean {
  let cache = subtreeCaches.get(pred);
  if (cache === undefined) subtreeCaches.set(pred, (cache = new WeakMap()));
  let hit = cache.get(s);
  if (hit === undefined) {
    cache.set(s, false); // a cycle cannot make it true
    const items = itemsOf(s);
    const ap = additionalPropertiesOf(s);
    hit =
      pred(s) ||
      (items !== undefined && subtreeHas(items, pred)) ||
      (ap !== undefined && subtreeHas(ap, pred)) ||
      Object.values(s.properties ?? {}).some((p) => subtreeHas(p, pred));
    cache.set(s, hit);
  }
  return hit;
}
