/** CustomResourceDefinition schemas: pruning, defaulting, validation and merge structure of custom resources, and schema checks. */
export * from "./types.ts";
export { pruneUnknownFields } from "./prune.ts";
export { applySchemaDefaults } from "./defaults.ts";
export { pruneNonNullableNulls } from "./nulls.ts";
export { validateCustomResource, validateAgainstSchema } from "./validate.ts";
export { validateListSetsAndMaps } from "./list-type.ts";
export { validateEmbeddedResources } from "./embedded.ts";
export { fieldSchemaFromJsonSchema } from "./field-schema.ts";
export { validateStructuralSchema, validateStructural } from "./structural.ts";
