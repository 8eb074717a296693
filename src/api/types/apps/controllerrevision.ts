/** apps/v1 ControllerRevision. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ControllerRevisionSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    data: s.anyObject().doc("The serialized state."),
    revision: s.int64().doc("Revision number."),
  },
  { name: "io.k8s.api.apps.v1.ControllerRevision", description: "An immutable snapshot of a controller's pod template, for rollback.", required: ["revision"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "ControllerRevision" }] },
);
export type ControllerRevision = Infer<typeof ControllerRevisionSchema>;

export const ControllerRevisionListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ControllerRevisionSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.apps.v1.ControllerRevisionList", description: "A list of ControllerRevisions.", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "ControllerRevisionList" }] },
);
export type ControllerRevisionList = Infer<typeof ControllerRevisionListSchema>;
