/** core/v1 Service. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, MetaConditionSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ServicePortSchema = s.object(
  {
    name: s.string().doc("Name of the port; required when there are several."),
    protocol: s.enum(["TCP", "UDP", "SCTP"]).doc("TCP, UDP or SCTP; defaults to TCP."),
    appProtocol: s.string().doc("Application protocol."),
    port: s.int32().doc("Port the service listens on."),
    targetPort: s.intOrString().doc("Port number or name on the pods; defaults to port."),
    nodePort: s.int32().doc("Port on every node for NodePort and LoadBalancer services."),
  },
  { name: "io.k8s.api.core.v1.ServicePort", description: "A port of a service.", required: ["port"] },
);
export type ServicePort = Infer<typeof ServicePortSchema>;

export const ClientIPConfigSchema = s.object(
  {
    timeoutSeconds: s.int32().doc("Sticky session lifetime; defaults to 10800."),
  },
  { name: "io.k8s.api.core.v1.ClientIPConfig", description: "ClientIP affinity settings." },
);
export type ClientIPConfig = Infer<typeof ClientIPConfigSchema>;

export const SessionAffinityConfigSchema = s.object(
  {
    clientIP: ClientIPConfigSchema.doc("ClientIP affinity settings."),
  },
  { name: "io.k8s.api.core.v1.SessionAffinityConfig", description: "Session affinity settings." },
);
export type SessionAffinityConfig = Infer<typeof SessionAffinityConfigSchema>;

export const ServiceSpecSchema = s.object(
  {
    ports: s.array(ServicePortSchema, { listType: "map", listMapKeys: ["port", "protocol"], patchStrategy: "merge", patchMergeKey: "port" }).doc("Ports the service exposes."),
    selector: s.map(s.string(), { mapType: "atomic" }).doc("Labels of the pods that back the service."),
    clusterIP: s.string().doc("Virtual IP of the service; \"None\" for a headless service."),
    clusterIPs: s.array(s.string(), { listType: "atomic" }).doc("Virtual IPs, one per family."),
    type: s.enum(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]).doc("ClusterIP, NodePort, LoadBalancer or ExternalName."),
    externalIPs: s.array(s.string(), { listType: "atomic" }).doc("External IPs routed to the service."),
    sessionAffinity: s.enum(["ClientIP", "None"]).doc("ClientIP or None."),
    loadBalancerIP: s.string().doc("Deprecated requested load balancer IP."),
    loadBalancerSourceRanges: s.array(s.string(), { listType: "atomic" }).doc("Client ranges allowed through the load balancer."),
    externalName: s.string().doc("DNS name an ExternalName service aliases."),
    externalTrafficPolicy: s.enum(["Cluster", "Local"]).doc("Cluster or Local routing of external traffic."),
    healthCheckNodePort: s.int32().doc("Health check node port for Local external traffic."),
    publishNotReadyAddresses: s.boolean().doc("Publish endpoints of pods that are not ready."),
    sessionAffinityConfig: SessionAffinityConfigSchema.doc("Session affinity settings."),
    ipFamilies: s.array(s.enum(["IPv4", "IPv6", ""]), { listType: "atomic" }).doc("IP families of the service."),
    ipFamilyPolicy: s.enum(["SingleStack", "PreferDualStack", "RequireDualStack"]).doc("SingleStack, PreferDualStack or RequireDualStack."),
    allocateLoadBalancerNodePorts: s.boolean().doc("Whether LoadBalancer services get node ports."),
    loadBalancerClass: s.string().doc("Load balancer implementation."),
    internalTrafficPolicy: s.enum(["Cluster", "Local"]).doc("Cluster or Local routing of in-cluster traffic."),
    trafficDistribution: s.string().doc("Preference for how traffic is distributed."),
  },
  { name: "io.k8s.api.core.v1.ServiceSpec", description: "The desired behavior of a service." },
);
export type ServiceSpec = Infer<typeof ServiceSpecSchema>;

export const PortStatusSchema = s.object(
  {
    port: s.int32().doc("Port number."),
    protocol: s.enum(["TCP", "UDP", "SCTP"]).doc("TCP, UDP or SCTP."),
    error: s.string().doc("Problem with the port, if any."),
  },
  { name: "io.k8s.api.core.v1.PortStatus", description: "The status of a service port.", required: ["port", "protocol"] },
);
export type PortStatus = Infer<typeof PortStatusSchema>;

export const LoadBalancerIngressSchema = s.object(
  {
    ip: s.string().doc("IP of the ingress point."),
    hostname: s.string().doc("Host name of the ingress point."),
    ipMode: s.string().doc("VIP or Proxy."),
    ports: s.array(PortStatusSchema, { listType: "atomic" }).doc("Status of each port."),
  },
  { name: "io.k8s.api.core.v1.LoadBalancerIngress", description: "An ingress point of a load balancer." },
);
export type LoadBalancerIngress = Infer<typeof LoadBalancerIngressSchema>;

export const LoadBalancerStatusSchema = s.object(
  {
    ingress: s.array(LoadBalancerIngressSchema, { listType: "atomic" }).doc("Ingress points of the load balancer."),
  },
  { name: "io.k8s.api.core.v1.LoadBalancerStatus", description: "The state of a load balancer." },
);
export type LoadBalancerStatus = Infer<typeof LoadBalancerStatusSchema>;

export const ServiceStatusSchema = s.object(
  {
    loadBalancer: LoadBalancerStatusSchema.doc("State of the load balancer."),
    conditions: s.array(MetaConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions."),
  },
  { name: "io.k8s.api.core.v1.ServiceStatus", description: "The observed state of a service." },
);
export type ServiceStatus = Infer<typeof ServiceStatusSchema>;

export const ServiceSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: ServiceSpecSchema.doc("The desired behavior of the service."),
    status: ServiceStatusSchema.doc("The observed state of the service."),
  },
  { name: "io.k8s.api.core.v1.Service", description: "A named set of pods behind a stable virtual IP and ports.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Service" }] },
);
export type Service = Infer<typeof ServiceSchema>;

export const ServiceListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ServiceSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.ServiceList", description: "A list of services.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ServiceList" }] },
);
export type ServiceList = Infer<typeof ServiceListSchema>;
