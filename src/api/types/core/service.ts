/** core/v1 Service. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, MetaConditionSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ServicePortSchema = s.object(
  {
    name: s.string(),
    protocol: s.enum(["TCP", "UDP", "SCTP"]),
    appProtocol: s.string(),
    port: s.int32(),
    targetPort: s.intOrString(),
    nodePort: s.int32(),
  },
  { name: "io.k8s.api.core.v1.ServicePort", required: ["port"] },
);
export type ServicePort = Infer<typeof ServicePortSchema>;

export const ClientIPConfigSchema = s.object(
  {
    timeoutSeconds: s.int32(),
  },
  { name: "io.k8s.api.core.v1.ClientIPConfig" },
);
export type ClientIPConfig = Infer<typeof ClientIPConfigSchema>;

export const SessionAffinityConfigSchema = s.object(
  {
    clientIP: ClientIPConfigSchema,
  },
  { name: "io.k8s.api.core.v1.SessionAffinityConfig" },
);
export type SessionAffinityConfig = Infer<typeof SessionAffinityConfigSchema>;

export const ServiceSpecSchema = s.object(
  {
    ports: s.array(ServicePortSchema, { listType: "map", listMapKeys: ["port", "protocol"], patchStrategy: "merge", patchMergeKey: "port" }),
    selector: s.map(s.string(), { mapType: "atomic" }),
    clusterIP: s.string(),
    clusterIPs: s.array(s.string(), { listType: "atomic" }),
    type: s.enum(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]),
    externalIPs: s.array(s.string(), { listType: "atomic" }),
    sessionAffinity: s.enum(["ClientIP", "None"]),
    loadBalancerIP: s.string(),
    loadBalancerSourceRanges: s.array(s.string(), { listType: "atomic" }),
    externalName: s.string(),
    externalTrafficPolicy: s.enum(["Cluster", "Local"]),
    healthCheckNodePort: s.int32(),
    publishNotReadyAddresses: s.boolean(),
    sessionAffinityConfig: SessionAffinityConfigSchema,
    ipFamilies: s.array(s.enum(["IPv4", "IPv6", ""]), { listType: "atomic" }),
    ipFamilyPolicy: s.enum(["SingleStack", "PreferDualStack", "RequireDualStack"]),
    allocateLoadBalancerNodePorts: s.boolean(),
    loadBalancerClass: s.string(),
    internalTrafficPolicy: s.enum(["Cluster", "Local"]),
    trafficDistribution: s.string(),
  },
  { name: "io.k8s.api.core.v1.ServiceSpec" },
);
export type ServiceSpec = Infer<typeof ServiceSpecSchema>;

export const PortStatusSchema = s.object(
  {
    port: s.int32(),
    protocol: s.enum(["TCP", "UDP", "SCTP"]),
    error: s.string(),
  },
  { name: "io.k8s.api.core.v1.PortStatus", required: ["port", "protocol"] },
);
export type PortStatus = Infer<typeof PortStatusSchema>;

export const LoadBalancerIngressSchema = s.object(
  {
    ip: s.string(),
    hostname: s.string(),
    ipMode: s.string(),
    ports: s.array(PortStatusSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.LoadBalancerIngress" },
);
export type LoadBalancerIngress = Infer<typeof LoadBalancerIngressSchema>;

export const LoadBalancerStatusSchema = s.object(
  {
    ingress: s.array(LoadBalancerIngressSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.LoadBalancerStatus" },
);
export type LoadBalancerStatus = Infer<typeof LoadBalancerStatusSchema>;

export const ServiceStatusSchema = s.object(
  {
    loadBalancer: LoadBalancerStatusSchema,
    conditions: s.array(MetaConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
  },
  { name: "io.k8s.api.core.v1.ServiceStatus" },
);
export type ServiceStatus = Infer<typeof ServiceStatusSchema>;

export const ServiceSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: ServiceSpecSchema,
    status: ServiceStatusSchema,
  },
  { name: "io.k8s.api.core.v1.Service", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Service" }] },
);
export type Service = Infer<typeof ServiceSchema>;

export const ServiceListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(ServiceSchema),
  },
  { name: "io.k8s.api.core.v1.ServiceList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ServiceList" }] },
);
export type ServiceList = Infer<typeof ServiceListSchema>;
