/** autoscaling/v1 Scale (the scale subresource body). */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";

export const ScaleSpecSchema = s.object(
  {
    replicas: s.int32(),
  },
  { name: "io.k8s.api.autoscaling.v1.ScaleSpec" },
);
export type ScaleSpec = Infer<typeof ScaleSpecSchema>;

export const ScaleStatusSchema = s.object(
  {
    replicas: s.int32(),
    selector: s.string(),
  },
  { name: "io.k8s.api.autoscaling.v1.ScaleStatus", required: ["replicas"] },
);
export type ScaleStatus = Infer<typeof ScaleStatusSchema>;

export const ScaleSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: ScaleSpecSchema,
    status: ScaleStatusSchema,
  },
  { name: "io.k8s.api.autoscaling.v1.Scale", present: ["metadata"], gvk: [{ group: "autoscaling", version: "v1", kind: "Scale" }] },
);
export type Scale = Infer<typeof ScaleSchema>;
