/** networking.k8s.io/v1 IngressClass (cluster-scoped): names the controller that implements Ingresses of the class. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const IngressClassParametersReferenceSchema = s.object(
  {
    apiGroup: s.string().doc("API group of the referent; empty for the core group."),
    kind: s.string().doc("Kind of the referent."),
    name: s.string().doc("Name of the referent."),
    scope: s.string().doc("Cluster (the default) or Namespace: the scope of the referent."),
    namespace: s.string().doc("Namespace of the referent; required when scope is Namespace, unset when Cluster."),
  },
  { name: "io.k8s.api.networking.v1.IngressClassParametersReference", description: "A cluster- or namespace-scoped object holding the controller's parameters.", required: ["kind", "name"] },
);
export type IngressClassParametersReference = Infer<typeof IngressClassParametersReferenceSchema>;

export const IngressClassSpecSchema = s.object(
  {
    controller: s.string().doc("The controller handling the class, a domain-prefixed path such as \"acme.io/ingress-controller\"; immutable."),
    parameters: IngressClassParametersReferenceSchema.doc("Extra configuration for the controller, if it takes any."),
  },
  { name: "io.k8s.api.networking.v1.IngressClassSpec", description: "The class of an Ingress." },
);
export type IngressClassSpec = Infer<typeof IngressClassSpecSchema>;

export const IngressClassSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: IngressClassSpecSchema.doc("The class."),
  },
  { name: "io.k8s.api.networking.v1.IngressClass", description: "A class of Ingresses and the controller that implements it.", present: ["metadata"], gvk: [{ group: "networking.k8s.io", version: "v1", kind: "IngressClass" }] },
);
export type IngressClass = Infer<typeof IngressClassSchema>;

export const IngressClassListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(IngressClassSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.networking.v1.IngressClassList", description: "A list of IngressClasses.", required: ["items"], present: ["metadata"], gvk: [{ group: "networking.k8s.io", version: "v1", kind: "IngressClassList" }] },
);
export type IngressClassList = Infer<typeof IngressClassListSchema>;
