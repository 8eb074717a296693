/** core/v1 Endpoints. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema } from "./common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const EndpointAddressSchema = s.object(
  {
    ip: s.string(),
    hostname: s.string(),
    nodeName: s.string(),
    targetRef: ObjectReferenceSchema,
  },
  { name: "io.k8s.api.core.v1.EndpointAddress", required: ["ip"], mapType: "atomic" },
);
export type EndpointAddress = Infer<typeof EndpointAddressSchema>;

export const EndpointPortSchema = s.object(
  {
    name: s.string(),
    port: s.int32(),
    protocol: s.enum(["TCP", "UDP", "SCTP"]),
    appProtocol: s.string(),
  },
  { name: "io.k8s.api.core.v1.EndpointPort", required: ["port"], mapType: "atomic" },
);
export type EndpointPort = Infer<typeof EndpointPortSchema>;

export const EndpointSubsetSchema = s.object(
  {
    addresses: s.array(EndpointAddressSchema, { listType: "atomic" }),
    notReadyAddresses: s.array(EndpointAddressSchema, { listType: "atomic" }),
    ports: s.array(EndpointPortSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.EndpointSubset" },
);
export type EndpointSubset = Infer<typeof EndpointSubsetSchema>;

export const EndpointsSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    subsets: s.array(EndpointSubsetSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.Endpoints", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Endpoints" }] },
);
export type Endpoints = Infer<typeof EndpointsSchema>;

export const EndpointsListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(EndpointsSchema),
  },
  { name: "io.k8s.api.core.v1.EndpointsList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "EndpointsList" }] },
);
export type EndpointsList = Infer<typeof EndpointsListSchema>;
