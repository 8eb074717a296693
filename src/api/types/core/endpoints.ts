/** core/v1 Endpoints. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema } from "./common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const EndpointAddressSchema = s.object(
  {
    ip: s.string().doc("IP address."),
    hostname: s.string().doc("Host name."),
    nodeName: s.string().doc("Node hosting the endpoint."),
    targetRef: ObjectReferenceSchema.doc("The object (usually a pod) behind the address."),
  },
  { name: "io.k8s.api.core.v1.EndpointAddress", description: "An endpoint address.", required: ["ip"], mapType: "atomic" },
);
export type EndpointAddress = Infer<typeof EndpointAddressSchema>;

export const EndpointPortSchema = s.object(
  {
    name: s.string().doc("Name matching the service port's."),
    port: s.int32().doc("Port number."),
    protocol: s.enum(["TCP", "UDP", "SCTP"]).doc("TCP, UDP or SCTP."),
    appProtocol: s.string().doc("Application protocol."),
  },
  { name: "io.k8s.api.core.v1.EndpointPort", description: "A port of an endpoint.", required: ["port"], mapType: "atomic" },
);
export type EndpointPort = Infer<typeof EndpointPortSchema>;

export const EndpointSubsetSchema = s.object(
  {
    addresses: s.array(EndpointAddressSchema, { listType: "atomic" }).doc("Ready addresses."),
    notReadyAddresses: s.array(EndpointAddressSchema, { listType: "atomic" }).doc("Addresses not ready yet."),
    ports: s.array(EndpointPortSchema, { listType: "atomic" }).doc("Ports available on all addresses."),
  },
  { name: "io.k8s.api.core.v1.EndpointSubset", description: "Addresses and the ports they all serve." },
);
export type EndpointSubset = Infer<typeof EndpointSubsetSchema>;

export const EndpointsSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    subsets: s.array(EndpointSubsetSchema, { listType: "atomic" }).doc("Groups of addresses sharing the same ports."),
  },
  { name: "io.k8s.api.core.v1.Endpoints", description: "The network endpoints of a service (legacy; see EndpointSlice).", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Endpoints" }] },
);
export type Endpoints = Infer<typeof EndpointsSchema>;

export const EndpointsListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(EndpointsSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.EndpointsList", description: "A list of Endpoints.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "EndpointsList" }] },
);
export type EndpointsList = Infer<typeof EndpointsListSchema>;
