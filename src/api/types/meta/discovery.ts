/** meta.k8s.io/v1 discovery documents: APIVersions, APIGroupList, APIResourceList. */
import { s, type Infer } from "../../schema/dsl.ts";

export const APIResourceSchema = s.object(
  {
    name: s.string(),
    singularName: s.string(),
    namespaced: s.boolean(),
    group: s.string(),
    version: s.string(),
    kind: s.string(),
    verbs: s.array(s.string()),
    shortNames: s.array(s.string(), { listType: "atomic" }),
    categories: s.array(s.string(), { listType: "atomic" }),
    storageVersionHash: s.string(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", required: ["name", "singularName", "namespaced", "kind", "verbs"] },
);
export type APIResource = Infer<typeof APIResourceSchema>;

export const APIResourceListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    groupVersion: s.string(),
    resources: s.array(APIResourceSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList", required: ["groupVersion", "resources"], gvk: [{ group: "", version: "v1", kind: "APIResourceList" }] },
);
export type APIResourceList = Infer<typeof APIResourceListSchema>;

export const GroupVersionForDiscoverySchema = s.object(
  {
    groupVersion: s.string(),
    version: s.string(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.GroupVersionForDiscovery", required: ["groupVersion", "version"] },
);
export type GroupVersionForDiscovery = Infer<typeof GroupVersionForDiscoverySchema>;

export const ServerAddressByClientCIDRSchema = s.object(
  {
    clientCIDR: s.string(),
    serverAddress: s.string(),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.ServerAddressByClientCIDR", required: ["clientCIDR", "serverAddress"] },
);
export type ServerAddressByClientCIDR = Infer<typeof ServerAddressByClientCIDRSchema>;

export const APIGroupSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    name: s.string(),
    versions: s.array(GroupVersionForDiscoverySchema, { listType: "atomic" }),
    preferredVersion: GroupVersionForDiscoverySchema,
    serverAddressByClientCIDRs: s.array(ServerAddressByClientCIDRSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup", required: ["name", "versions"], gvk: [{ group: "", version: "v1", kind: "APIGroup" }] },
);
export type APIGroup = Infer<typeof APIGroupSchema>;

export const APIGroupListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    groups: s.array(APIGroupSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList", required: ["groups"], gvk: [{ group: "", version: "v1", kind: "APIGroupList" }] },
);
export type APIGroupList = Infer<typeof APIGroupListSchema>;

export const APIVersionsSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    versions: s.array(s.string(), { listType: "atomic" }),
    serverAddressByClientCIDRs: s.array(ServerAddressByClientCIDRSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions", required: ["versions", "serverAddressByClientCIDRs"], gvk: [{ group: "", version: "v1", kind: "APIVersions" }] },
);
export type APIVersions = Infer<typeof APIVersionsSchema>;
