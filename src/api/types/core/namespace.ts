/** core/v1 Namespace. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const NamespaceSpecSchema = s.object(
  {
    finalizers: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.NamespaceSpec" },
);
export type NamespaceSpec = Infer<typeof NamespaceSpecSchema>;

export const NamespaceConditionSchema = s.object(
  {
    type: s.string(),
    status: s.string(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.core.v1.NamespaceCondition", required: ["type", "status"] },
);
export type NamespaceCondition = Infer<typeof NamespaceConditionSchema>;

export const NamespaceStatusSchema = s.object(
  {
    phase: s.enum(["Active", "Terminating"]),
    conditions: s.array(NamespaceConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
  },
  { name: "io.k8s.api.core.v1.NamespaceStatus" },
);
export type NamespaceStatus = Infer<typeof NamespaceStatusSchema>;

export const NamespaceSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: NamespaceSpecSchema,
    status: NamespaceStatusSchema,
  },
  { name: "io.k8s.api.core.v1.Namespace", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Namespace" }] },
);
export type Namespace = Infer<typeof NamespaceSchema>;

export const NamespaceListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(NamespaceSchema),
  },
  { name: "io.k8s.api.core.v1.NamespaceList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "NamespaceList" }] },
);
export type NamespaceList = Infer<typeof NamespaceListSchema>;
