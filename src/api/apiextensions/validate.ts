/**
 * Validation of a custom resource against its CRD version's schema, as the custom
 * resource strategy does it upstream after the type and ObjectMeta checks every kind
 * gets: the OpenAPI value validation of the whole object (kube-openapi, see
 * schema-validator.ts; the root apiVersion/kind/metadata only as far as the schema itself
 * restricts them, which structural schemas limit to metadata.name/generateName), then
 * embedded resources (embedded.ts), then x-kubernetes-list-type set/map uniqueness
 * (list-type.ts). Errors keep upstream's paths and texts, e.g.
 * `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`.
 *
 * then the x-kubernetes-validations CEL rules (cel-rules.ts; transition rules on updates).
 *
 * Updates are ratcheted (schema-validator.ts, cel-rules.ts): what did not change keeps no
 * errors. Embedded resources' and list-type errors are not ratcheted, as upstream's.
 *
 * Not done: the scale subresource's replicas checks.
 */
import type { FieldError } from "../validation/field-error.ts";
import { validateCelRules } from "./cel-rules.ts";
import { validateEmbeddedResources } from "./embedded.ts";
import { validateListSetsAndMaps } from "./list-type.ts";
import { validateWithSchema } from "./schema-validator.ts";
import type { JSONSchemaProps } from "./types.ts";

/** All schema errors of a custom resource (a create, or an update validated like one). */
export function validateCustomResource(obj: unknown, schema: JSONSchemaProps, old?: unknown): FieldError[] {
  const errs = validateWithSchema(obj, schema, undefined, "resource", old === undefined ? undefined : { value: old });
  errs.push(...validateEmbeddedResources(obj, schema));
  errs.push(...validateListSetsAndMaps(obj, schema));
  errs.push(...validateCelRules(obj, schema, old));
  return errs;
}

/**
 * The OpenAPI value validation alone, of a value at fldPath (e.g. the status subresource:
 * `validateAgainstSchema(obj.status, schema.properties.status, "status")`).
 */
export function validateAgainstSchema(value: unknown, schema: JSONSchemaProps, fldPath?: string): FieldError[] {
  return validateWithSchema(value, schema, fldPath);
}
