/** discovery.k8s.io/v1 EndpointSlice. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema } from "../core/common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const EndpointConditionsSchema = s.object(
  {
    ready: s.boolean().doc("Ready for traffic."),
    serving: s.boolean().doc("Serving, even while terminating."),
    terminating: s.boolean().doc("Terminating."),
  },
  { name: "io.k8s.api.discovery.v1.EndpointConditions", description: "Readiness of an endpoint." },
);
export type EndpointConditions = Infer<typeof EndpointConditionsSchema>;

export const ForZoneSchema = s.object(
  {
    name: s.string().doc("Zone name."),
  },
  { name: "io.k8s.api.discovery.v1.ForZone", description: "A zone for a hint.", required: ["name"] },
);
export type ForZone = Infer<typeof ForZoneSchema>;

export const ForNodeSchema = s.object(
  {
    name: s.string().doc("Node name."),
  },
  { name: "io.k8s.api.discovery.v1.ForNode", description: "A node for a hint.", required: ["name"] },
);
export type ForNode = Infer<typeof ForNodeSchema>;

export const EndpointHintsSchema = s.object(
  {
    forZones: s.array(ForZoneSchema, { listType: "atomic" }).doc("Zones that should use the endpoint."),
    forNodes: s.array(ForNodeSchema, { listType: "atomic" }).doc("Nodes that should use the endpoint."),
  },
  { name: "io.k8s.api.discovery.v1.EndpointHints", description: "Routing hints for an endpoint." },
);
export type EndpointHints = Infer<typeof EndpointHintsSchema>;

export const EndpointSchema = s.object(
  {
    addresses: s.array(s.string(), { listType: "set" }).doc("Addresses of the endpoint."),
    conditions: EndpointConditionsSchema.doc("Readiness of the endpoint."),
    hostname: s.string().doc("Host name."),
    targetRef: ObjectReferenceSchema.doc("The object (usually a pod) behind the endpoint."),
    deprecatedTopology: s.map(s.string()).doc("Deprecated topology labels."),
    nodeName: s.string().doc("Node hosting the endpoint."),
    zone: s.string().doc("Zone of the endpoint."),
    hints: EndpointHintsSchema.doc("Routing hints."),
  },
  { name: "io.k8s.api.discovery.v1.Endpoint", description: "One endpoint of a slice.", required: ["addresses"] },
);
export type Endpoint = Infer<typeof EndpointSchema>;

export const DiscoveryV1EndpointPortSchema = s.object(
  {
    name: s.string().doc("Name matching the service port's."),
    protocol: s.enum(["TCP", "UDP", "SCTP"]).doc("TCP, UDP or SCTP."),
    port: s.int32().doc("Port number."),
    appProtocol: s.string().doc("Application protocol."),
  },
  { name: "io.k8s.api.discovery.v1.EndpointPort", description: "A port of an EndpointSlice.", mapType: "atomic" },
);
export type DiscoveryV1EndpointPort = Infer<typeof DiscoveryV1EndpointPortSchema>;

export const EndpointSliceSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    addressType: s.string().doc("IPv4, IPv6 or FQDN."),
    endpoints: s.array(EndpointSchema, { listType: "atomic" }).doc("The endpoints."),
    ports: s.array(DiscoveryV1EndpointPortSchema, { listType: "atomic" }).doc("Ports served by all endpoints."),
  },
  { name: "io.k8s.api.discovery.v1.EndpointSlice", description: "A subset of the endpoints of a service.", required: ["addressType", "endpoints"], present: ["metadata"], gvk: [{ group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice" }] },
);
export type EndpointSlice = Infer<typeof EndpointSliceSchema>;

export const EndpointSliceListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(EndpointSliceSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.discovery.v1.EndpointSliceList", description: "A list of EndpointSlices.", required: ["items"], present: ["metadata"], gvk: [{ group: "discovery.k8s.io", version: "v1", kind: "EndpointSliceList" }] },
);
export type EndpointSliceList = Infer<typeof EndpointSliceListSchema>;
