/** meta.k8s.io/v1 Table (server-side printing) and PartialObjectMetadata. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "./object-meta.ts";

export const TableColumnDefinitionSchema = s.object(
  {
    name: s.string().doc("Human-readable column name."),
    type: s.string().doc("OpenAPI type of the cells: string, integer, number or boolean."),
    format: s.string().doc("Optional format hint, such as \"name\" or \"date\"."),
    description: s.string().doc("What the column shows."),
    priority: s.int32().doc("0 for columns always shown; higher values are shown only in wide output."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.TableColumnDefinition", description: "A column of a Table.", required: ["name", "type", "format", "description", "priority"] },
);
export type TableColumnDefinition = Infer<typeof TableColumnDefinitionSchema>;

export const TableRowConditionSchema = s.object(
  {
    type: s.string().doc("The condition type, e.g. Completed."),
    status: s.string().doc("True, False or Unknown."),
    reason: s.string().doc("A CamelCase reason."),
    message: s.string().doc("A human-readable explanation."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.TableRowCondition", description: "A condition of a Table row.", required: ["type", "status"] },
);
export type TableRowCondition = Infer<typeof TableRowConditionSchema>;

export const TableRowSchema = s.object(
  {
    conditions: s.array(TableRowConditionSchema, { listType: "atomic" }).doc("Conditions describing the row, e.g. whether the object is completed."),
    object: s.anyObject().doc("The object the row shows: PartialObjectMetadata or the full object."),
    cells: s.array(s.any()).doc("The values of the row, one per column."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.TableRow", description: "One row of a Table.", required: ["cells"] },
);
export type TableRow = Infer<typeof TableRowSchema>;

export const TableSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard list metadata."),
    columnDefinitions: s.array(TableColumnDefinitionSchema, { listType: "atomic" }).doc("The columns of each row."),
    rows: s.array(TableRowSchema, { listType: "atomic" }).doc("One row per object."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.Table", description: "A tabular rendering of resources, for display.", required: ["columnDefinitions", "rows"], present: ["metadata"], gvk: [{ group: "meta.k8s.io", version: "v1", kind: "Table" }] },
);
export type Table = Infer<typeof TableSchema>;

export const PartialObjectMetadataSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.PartialObjectMetadata", description: "An object reduced to its type and object metadata.", present: ["metadata"], gvk: [{ group: "meta.k8s.io", version: "v1", kind: "PartialObjectMetadata" }] },
);
export type PartialObjectMetadata = Infer<typeof PartialObjectMetadataSchema>;

export const PartialObjectMetadataListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(PartialObjectMetadataSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.PartialObjectMetadataList", description: "A list of objects reduced to their metadata.", required: ["items"], present: ["metadata"], gvk: [{ group: "meta.k8s.io", version: "v1", kind: "PartialObjectMetadataList" }] },
);
export type PartialObjectMetadataList = Infer<typeof PartialObjectMetadataListSchema>;
