/** policy/v1 Eviction (the pods/eviction subresource body). */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";
import { DeleteOptionsSchema } from "../meta/status.ts";

export const EvictionSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    deleteOptions: DeleteOptionsSchema,
  },
  { name: "io.k8s.api.policy.v1.Eviction", present: ["metadata"], gvk: [{ group: "policy", version: "v1", kind: "Eviction" }] },
);
export type Eviction = Infer<typeof EvictionSchema>;
