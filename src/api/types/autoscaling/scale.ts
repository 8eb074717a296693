/** autoscaling/v1 Scale (the scale subresource body). */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectMetaSchema } from "../meta/object-meta.ts";

export const ScaleSpecSchema = s.object(
  {
    replicas: s.int32().doc("Desired number of replicas."),
  },
  { name: "io.k8s.api.autoscaling.v1.ScaleSpec", description: "Desired scale." },
);
export type ScaleSpec = Infer<typeof ScaleSpecSchema>;

export const ScaleStatusSchema = s.object(
  {
    replicas: s.int32().doc("Current number of replicas."),
    selector: s.string().doc("Label selector of the pods, as a string."),
  },
  { name: "io.k8s.api.autoscaling.v1.ScaleStatus", description: "Current scale.", required: ["replicas"] },
);
export type ScaleStatus = Infer<typeof ScaleStatusSchema>;

export const ScaleSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: ScaleSpecSchema.doc("The desired replicas."),
    status: ScaleStatusSchema.doc("The current replicas."),
  },
  { name: "io.k8s.api.autoscaling.v1.Scale", description: "The replica count of a scalable resource; the body of the scale subresource.", present: ["metadata"], gvk: [{ group: "autoscaling", version: "v1", kind: "Scale" }] },
);
export type Scale = Infer<typeof ScaleSchema>;
