/** scheduling.k8s.io/v1 PriorityClass (cluster-scoped): a name for a pod priority value. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const PriorityClassSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    value: s.int32().doc("The priority pods naming this class receive; at most 1000000000 for user classes; immutable."),
    globalDefault: s.boolean().doc("Whether pods naming no class get this class; only one class may be the global default."),
    description: s.string().doc("When this class should be used, for people."),
    preemptionPolicy: s.enum(["PreemptLowerPriority", "Never"]).doc("PreemptLowerPriority (the default) or Never: whether pods of this class may preempt lower-priority pods; immutable."),
  },
  {
    name: "io.k8s.api.scheduling.v1.PriorityClass",
    description: "A mapping from a priority class name to the integer priority of the pods that name it.",
    required: ["value"],
    present: ["metadata"],
    gvk: [{ group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass" }],
  },
);
export type PriorityClass = Infer<typeof PriorityClassSchema>;

export const PriorityClassListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(PriorityClassSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.scheduling.v1.PriorityClassList", description: "A list of PriorityClasses.", required: ["items"], present: ["metadata"], gvk: [{ group: "scheduling.k8s.io", version: "v1", kind: "PriorityClassList" }] },
);
export type PriorityClassList = Infer<typeof PriorityClassListSchema>;
