export * from "./errors.ts";
export * from "./path.ts";
export * from "./field-set.ts";
export * from "./conflicts.ts";
export { decodeManagedFields, encodeManagedFields, managerId, MAX_UPDATE_MANAGERS } from "./managed.ts";
export { toFieldSet, compareValues as compareTyped, mergeValues, removeItems } from "./typed.ts";
export * from "./update-managed-fields.ts";
export * from "./server-side-apply.ts";
