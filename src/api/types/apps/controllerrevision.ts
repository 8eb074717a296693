/** apps/v1 ControllerRevision. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ControllerRevisionSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    data: s.anyObject(),
    revision: s.int64(),
  },
  { name: "io.k8s.api.apps.v1.ControllerRevision", required: ["revision"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "ControllerRevision" }] },
);
export type ControllerRevision = Infer<typeof ControllerRevisionSchema>;

export const ControllerRevisionListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(ControllerRevisionSchema),
  },
  { name: "io.k8s.api.apps.v1.ControllerRevisionList", required: ["items"], present: ["metadata"], gvk: [{ group: "apps", version: "v1", kind: "ControllerRevisionList" }] },
);
export type ControllerRevisionList = Infer<typeof ControllerRevisionListSchema>;
