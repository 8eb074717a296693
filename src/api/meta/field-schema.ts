/**
 * The structural facts about a kind's fields that patching and apply need, independent of
 * how schemas are declared: strategic merge patch reads patchStrategy/patchMergeKey,
 * server-side apply reads listType/listMapKeys/mapType, strict field validation reads
 * which fields exist. src/api/schema builds these nodes from the declared types.
 */
export interface FieldSchema {
  kind: "object" | "map" | "array" | "scalar" | "any";
  /** Object: the named field's schema (undefined: unknown field). Map: the value schema for any key. */
  field(name: string): FieldSchema | undefined;
  /** Array: the item schema. */
  items?: FieldSchema;
  /** x-kubernetes-list-type. */
  listType?: "atomic" | "set" | "map";
  /** x-kubernetes-list-map-keys. */
  listMapKeys?: readonly string[];
  /** x-kubernetes-patch-strategy: "merge", "retainKeys", "merge,retainKeys" or "replace". */
  patchStrategy?: string;
  /** x-kubernetes-patch-merge-key. */
  patchMergeKey?: string;
  /** x-kubernetes-map-type. */
  mapType?: "atomic" | "granular";
  /** x-kubernetes-preserve-unknown-fields: any field is allowed below this node. */
  preserveUnknownFields?: boolean;
}

/** A schema that accepts anything and merges nothing specially. */
export const ANY_FIELD: FieldSchema = { kind: "any", field: () => ANY_FIELD };
