/** discovery.k8s.io/v1 EndpointSlice. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema } from "../core/common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const EndpointConditionsSchema = s.object(
  {
    ready: s.boolean(),
    serving: s.boolean(),
    terminating: s.boolean(),
  },
  { name: "io.k8s.api.discovery.v1.EndpointConditions" },
);
export type EndpointConditions = Infer<typeof EndpointConditionsSchema>;

export const ForZoneSchema = s.object(
  {
    name: s.string(),
  },
  { name: "io.k8s.api.discovery.v1.ForZone", required: ["name"] },
);
export type ForZone = Infer<typeof ForZoneSchema>;

export const ForNodeSchema = s.object(
  {
    name: s.string(),
  },
  { name: "io.k8s.api.discovery.v1.ForNode", required: ["name"] },
);
export type ForNode = Infer<typeof ForNodeSchema>;

export const EndpointHintsSchema = s.object(
  {
    forZones: s.array(ForZoneSchema, { listType: "atomic" }),
    forNodes: s.array(ForNodeSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.discovery.v1.EndpointHints" },
);
export type EndpointHints = Infer<typeof EndpointHintsSchema>;

export const EndpointSchema = s.object(
  {
    addresses: s.array(s.string(), { listType: "set" }),
    conditions: EndpointConditionsSchema,
    hostname: s.string(),
    targetRef: ObjectReferenceSchema,
    deprecatedTopology: s.map(s.string()),
    nodeName: s.string(),
    zone: s.string(),
    hints: EndpointHintsSchema,
  },
  { name: "io.k8s.api.discovery.v1.Endpoint", required: ["addresses"] },
);
export type Endpoint = Infer<typeof EndpointSchema>;

export const DiscoveryV1EndpointPortSchema = s.object(
  {
    name: s.string(),
    protocol: s.enum(["TCP", "UDP", "SCTP"]),
    port: s.int32(),
    appProtocol: s.string(),
  },
  { name: "io.k8s.api.discovery.v1.EndpointPort", mapType: "atomic" },
);
export type DiscoveryV1EndpointPort = Infer<typeof DiscoveryV1EndpointPortSchema>;

export const EndpointSliceSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    addressType: s.string(),
    endpoints: s.array(EndpointSchema, { listType: "atomic" }),
    ports: s.array(DiscoveryV1EndpointPortSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.discovery.v1.EndpointSlice", required: ["addressType", "endpoints"], present: ["metadata"], gvk: [{ group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice" }] },
);
export type EndpointSlice = Infer<typeof EndpointSliceSchema>;

export const EndpointSliceListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(EndpointSliceSchema),
  },
  { name: "io.k8s.api.discovery.v1.EndpointSliceList", required: ["items"], present: ["metadata"], gvk: [{ group: "discovery.k8s.io", version: "v1", kind: "EndpointSliceList" }] },
);
export type EndpointSliceList = Infer<typeof EndpointSliceListSchema>;
