/**
 * networking.k8s.io/v1 Ingress. Stored and served only: no controller acts on it here.
 * List types, required fields and atomic structs follow upstream's OpenAPI (k8s.io/api
 * v0.34), so apply and strategic merge treat rules, paths and tls as whole lists.
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { TypedLocalObjectReferenceSchema } from "../core/common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ServiceBackendPortSchema = s.object(
  {
    name: s.string().doc("Name of the port on the service; exclusive with number."),
    number: s.int32().doc("Number of the port on the service; exclusive with name."),
  },
  { name: "io.k8s.api.networking.v1.ServiceBackendPort", description: "The service port a backend refers to.", mapType: "atomic" },
);
export type ServiceBackendPort = Infer<typeof ServiceBackendPortSchema>;

export const IngressServiceBackendSchema = s.object(
  {
    name: s.string().doc("The service, in the ingress's namespace."),
    port: ServiceBackendPortSchema.doc("Port of the service: a name or a number."),
  },
  { name: "io.k8s.api.networking.v1.IngressServiceBackend", description: "A service as a backend.", required: ["name"] },
);
export type IngressServiceBackend = Infer<typeof IngressServiceBackendSchema>;

export const IngressBackendSchema = s.object(
  {
    service: IngressServiceBackendSchema.doc("A service backend; exclusive with resource."),
    resource: TypedLocalObjectReferenceSchema.doc("Another object in the ingress's namespace as the backend; exclusive with service."),
  },
  { name: "io.k8s.api.networking.v1.IngressBackend", description: "Where matching traffic goes." },
);
export type IngressBackend = Infer<typeof IngressBackendSchema>;

export const HTTPIngressPathSchema = s.object(
  {
    path: s.string().doc("Matched against the request path; must start with '/' for Exact and Prefix."),
    pathType: s.enum(["Exact", "ImplementationSpecific", "Prefix"]).doc("Exact, Prefix or ImplementationSpecific: how path is matched."),
    backend: IngressBackendSchema.doc("Where requests matching the path go."),
  },
  { name: "io.k8s.api.networking.v1.HTTPIngressPath", description: "A path and the backend it leads to.", required: ["pathType", "backend"] },
);
export type HTTPIngressPath = Infer<typeof HTTPIngressPathSchema>;

export const HTTPIngressRuleValueSchema = s.object(
  {
    paths: s.array(HTTPIngressPathSchema, { listType: "atomic" }).doc("Paths that map requests to backends."),
  },
  { name: "io.k8s.api.networking.v1.HTTPIngressRuleValue", description: "HTTP paths of a rule.", required: ["paths"] },
);
export type HTTPIngressRuleValue = Infer<typeof HTTPIngressRuleValueSchema>;

export const IngressRuleSchema = s.object(
  {
    host: s.string().doc("Host the rule applies to: a DNS name, optionally with a leading '*.' wildcard; all hosts when empty."),
    http: HTTPIngressRuleValueSchema.doc("HTTP paths of the rule."),
  },
  { name: "io.k8s.api.networking.v1.IngressRule", description: "Maps the paths under a host to backends." },
);
export type IngressRule = Infer<typeof IngressRuleSchema>;

export const IngressTLSSchema = s.object(
  {
    hosts: s.array(s.string(), { listType: "atomic" }).doc("Hosts in the TLS certificate."),
    secretName: s.string().doc("Secret holding the certificate and key used to terminate TLS on port 443."),
  },
  { name: "io.k8s.api.networking.v1.IngressTLS", description: "TLS settings of an ingress." },
);
export type IngressTLS = Infer<typeof IngressTLSSchema>;

export const IngressSpecSchema = s.object(
  {
    ingressClassName: s.string().doc("The IngressClass (cluster-scoped) whose controller implements this ingress."),
    defaultBackend: IngressBackendSchema.doc("Backend for requests that match no rule; required when there are no rules."),
    tls: s.array(IngressTLSSchema, { listType: "atomic" }).doc("TLS settings; all share port 443, told apart by SNI."),
    rules: s.array(IngressRuleSchema, { listType: "atomic" }).doc("Host rules; unmatched traffic goes to the default backend."),
  },
  { name: "io.k8s.api.networking.v1.IngressSpec", description: "The ingress the user wants." },
);
export type IngressSpec = Infer<typeof IngressSpecSchema>;

export const IngressPortStatusSchema = s.object(
  {
    port: s.int32().doc("Port number."),
    protocol: s.enum(["SCTP", "TCP", "UDP"]).doc("TCP, UDP or SCTP."),
    error: s.string().doc("Problem with the port, if any."),
  },
  { name: "io.k8s.api.networking.v1.IngressPortStatus", description: "The status of an ingress port.", required: ["port", "protocol"] },
);
export type IngressPortStatus = Infer<typeof IngressPortStatusSchema>;

export const IngressLoadBalancerIngressSchema = s.object(
  {
    ip: s.string().doc("IP of an IP-based ingress point."),
    hostname: s.string().doc("Host name of a DNS-based ingress point."),
    ports: s.array(IngressPortStatusSchema, { listType: "atomic" }).doc("Ports the load balancer exposes."),
  },
  { name: "io.k8s.api.networking.v1.IngressLoadBalancerIngress", description: "An ingress point of a load balancer." },
);
export type IngressLoadBalancerIngress = Infer<typeof IngressLoadBalancerIngressSchema>;

export const IngressLoadBalancerStatusSchema = s.object(
  {
    ingress: s.array(IngressLoadBalancerIngressSchema, { listType: "atomic" }).doc("Ingress points of the load balancer."),
  },
  { name: "io.k8s.api.networking.v1.IngressLoadBalancerStatus", description: "The state of an ingress's load balancer." },
);
export type IngressLoadBalancerStatus = Infer<typeof IngressLoadBalancerStatusSchema>;

export const IngressStatusSchema = s.object(
  {
    loadBalancer: IngressLoadBalancerStatusSchema.doc("State of the load balancer."),
  },
  { name: "io.k8s.api.networking.v1.IngressStatus", description: "The observed state of an ingress." },
);
export type IngressStatus = Infer<typeof IngressStatusSchema>;

export const IngressSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: IngressSpecSchema.doc("The ingress the user wants."),
    status: IngressStatusSchema.doc("The observed state of the ingress."),
  },
  { name: "io.k8s.api.networking.v1.Ingress", description: "Rules that let inbound connections reach services: hosts, paths, TLS.", present: ["metadata"], gvk: [{ group: "networking.k8s.io", version: "v1", kind: "Ingress" }] },
);
export type Ingress = Infer<typeof IngressSchema>;

export const IngressListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(IngressSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.networking.v1.IngressList", description: "A list of Ingresses.", required: ["items"], present: ["metadata"], gvk: [{ group: "networking.k8s.io", version: "v1", kind: "IngressList" }] },
);
export type IngressList = Infer<typeof IngressListSchema>;
