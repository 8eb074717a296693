/**
 * apiregistration.k8s.io/v1 APIService (cluster-scoped): the server that serves one group
 * version, named `<version>.<group>` ("v1." for the legacy core group). An APIService
 * without a Service is Local: the apiserver itself serves that group version.
 *
 * Declared from k8s.io/kube-aggregator/pkg/apis/apiregistration/v1 types.go as of
 * Kubernetes v1.34, with upstream's definition names (io.k8s.kube-aggregator...) and
 * list/map/patch metadata: status.conditions is a map list keyed by type (patch merge key
 * type).
 *
 * The TypeScript name of its ServiceReference is APIServiceReference: the apiextensions
 * types already export ServiceReference (CRD conversion webhooks). Its OpenAPI definition
 * keeps upstream's name (io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.ServiceReference).
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

const PKG = "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1";
const GROUP = "apiregistration.k8s.io";

export const APIServiceReferenceSchema = s.object(
  {
    namespace: s.string().doc("The namespace of the service."),
    name: s.string().doc("The name of the service."),
    port: s.int32().doc("The service port the API server listens on (1-65535); 443 when unset."),
  },
  { name: `${PKG}.ServiceReference`, description: "A reference to the Service of an aggregated API server." },
);
export type APIServiceReference = Infer<typeof APIServiceReferenceSchema>;

export const APIServiceSpecSchema = s.object(
  {
    service: APIServiceReferenceSchema.doc("The Service of the API server serving this group version. Unset for a Local APIService: the group version is served by this apiserver itself."),
    group: s.string().doc('The API group the server serves ("" only for the legacy core group, version v1).'),
    version: s.string().doc('The API version the server serves, such as "v1beta1".'),
    insecureSkipTLSVerify: s.boolean().doc("Skips verifying the server's TLS certificate; strongly discouraged, use caBundle instead. Not with caBundle."),
    caBundle: s.bytes().doc("PEM-encoded CA certificates to verify the server's serving certificate; the system roots when unset."),
    groupPriorityMinimum: s
      .int32()
      .doc(
        "The least priority of the group (1-20000): groups are ordered by their highest, highest first, then by the APIService's name. Kubernetes' own groups use about 18000 (*.k8s.io) and PaaSes the 2000s.",
      ),
    versionPriority: s
      .int32()
      .doc(
        "The order of this version within its group (1-1000), highest first; equal priorities order Kubernetes-like versions (v10, v2, v1, v11beta2, v10beta3, v3beta1, v12alpha1, v11alpha2) before others, which are ordered by name (foo1, foo10).",
      ),
  },
  {
    name: `${PKG}.APIServiceSpec`,
    description: "How to find and reach the server of a group version. Only https is supported, though certificate verification may be disabled.",
    required: ["groupPriorityMinimum", "versionPriority"],
  },
);
export type APIServiceSpec = Infer<typeof APIServiceSpecSchema>;

export const APIServiceConditionSchema = s.object(
  {
    type: s.string().doc("The condition type: Available (the service exists and is reachable)."),
    status: s.string().doc("True, False or Unknown."),
    lastTransitionTime: s.time().doc("When the status last changed."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: `${PKG}.APIServiceCondition`, description: "One condition of an APIService.", required: ["type", "status"] },
);
export type APIServiceCondition = Infer<typeof APIServiceConditionSchema>;

export const APIServiceStatusSchema = s.object(
  {
    conditions: s
      .array(APIServiceConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" })
      .doc("The APIService's current conditions."),
  },
  { name: `${PKG}.APIServiceStatus`, description: "The observed state of an APIService." },
);
export type APIServiceStatus = Infer<typeof APIServiceStatusSchema>;

export const APIServiceSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: APIServiceSpecSchema.doc("How to find and reach the server."),
    status: APIServiceStatusSchema.doc("The observed state of the server."),
  },
  {
    name: `${PKG}.APIService`,
    description: 'The server of one group version. Its name is "<version>.<group>".',
    present: ["metadata"],
    gvk: [{ group: GROUP, version: "v1", kind: "APIService" }],
  },
);
export type APIService = Infer<typeof APIServiceSchema>;

export const APIServiceListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(APIServiceSchema).doc("The objects in this list."),
  },
  { name: `${PKG}.APIServiceList`, description: "A list of APIServices.", required: ["items"], present: ["metadata"], gvk: [{ group: GROUP, version: "v1", kind: "APIServiceList" }] },
);
export type APIServiceList = Infer<typeof APIServiceListSchema>;
