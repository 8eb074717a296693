/** policy/v1 Eviction (the pods/eviction subresource body). */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";
import { DeleteOptionsSchema } from "../meta/status.ts";

export const EvictionSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    deleteOptions: DeleteOptionsSchema.doc("Options for the pod's deletion."),
  },
  { name: "io.k8s.api.policy.v1.Eviction", description: "Evicts a pod, respecting disruption budgets; the body of pods/eviction.", present: ["metadata"], gvk: [{ group: "policy", version: "v1", kind: "Eviction" }] },
);
export type Eviction = Infer<typeof EvictionSchema>;
