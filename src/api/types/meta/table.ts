/** meta.k8s.io/v1 Table (server-side printing) and PartialObjectMetadata. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "./object-meta.ts";

export const TableColumnDefinitionSchema = s.object(
  {
    name: s.string(),
    type: s.string(),
    format: s.string(),
    description: s.string(),
    priority: s.int32(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.TableColumnDefinition", required: ["name", "type", "format", "description", "priority"] },
);
export type TableColumnDefinition = Infer<typeof TableColumnDefinitionSchema>;

export const TableRowConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.TableRowCondition", required: ["type", "status"] },
);
export type TableRowCondition = Infer<typeof TableRowConditionSchema>;

export const TableRowSchema = s.object(
  {
    conditions: s.array(TableRowConditionSchema, { listType: "atomic" }),
    object: s.anyObject(),
    cells: s.array(s.any()),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.TableRow", required: ["cells"] },
);
export type TableRow = Infer<typeof TableRowSchema>;

export const TableSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    columnDefinitions: s.array(TableColumnDefinitionSchema, { listType: "atomic" }),
    rows: s.array(TableRowSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.Table", required: ["columnDefinitions", "rows"], present: ["metadata"], gvk: [{ group: "meta.k8s.io", version: "v1", kind: "Table" }] },
);
export type Table = Infer<typeof TableSchema>;

export const PartialObjectMetadataSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.PartialObjectMetadata", present: ["metadata"], gvk: [{ group: "meta.k8s.io", version: "v1", kind: "PartialObjectMetadata" }] },
);
export type PartialObjectMetadata = Infer<typeof PartialObjectMetadataSchema>;

export const PartialObjectMetadataListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(PartialObjectMetadataSchema),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.PartialObjectMetadataList", required: ["items"], present: ["metadata"], gvk: [{ group: "meta.k8s.io", version: "v1", kind: "PartialObjectMetadataList" }] },
);
export type PartialObjectMetadataList = Infer<typeof PartialObjectMetadataListSchema>;
