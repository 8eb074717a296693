/** meta.k8s.io/v1 discovery documents: APIVersions, APIGroupList, APIResourceList. */
import { s, type Infer } from "../../schema/dsl.ts";

export const APIResourceSchema = s.object(
  {
    name: s.string().doc("Plural resource name, or \"resource/subresource\"."),
    singularName: s.string().doc("Singular resource name."),
    namespaced: s.boolean().doc("Whether objects of this resource live in namespaces."),
    group: s.string().doc("Group of the resource when it differs from the list's (e.g. a Scale subresource)."),
    version: s.string().doc("Version of the resource when it differs from the list's."),
    kind: s.string().doc("The kind of the resource."),
    verbs: s.array(s.string()).doc("Supported verbs: get, list, watch, create, update, patch, delete, deletecollection."),
    shortNames: s.array(s.string(), { listType: "atomic" }).doc("Short aliases clients accept for the resource."),
    categories: s.array(s.string(), { listType: "atomic" }).doc("Groups of resources this one belongs to, such as \"all\"."),
    storageVersionHash: s.string().doc("Opaque hash of the storage version."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", description: "A resource (or subresource) served by the API.", required: ["name", "singularName", "namespaced", "kind", "verbs"] },
);
export type APIResource = Infer<typeof APIResourceSchema>;

export const APIResourceListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    groupVersion: s.string().doc("The group version these resources belong to."),
    resources: s.array(APIResourceSchema, { listType: "atomic" }).doc("The resources and subresources served."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList", description: "The resources served in one group version.", required: ["groupVersion", "resources"], gvk: [{ group: "", version: "v1", kind: "APIResourceList" }] },
);
export type APIResourceList = Infer<typeof APIResourceListSchema>;

export const GroupVersionForDiscoverySchema = s.object(
  {
    groupVersion: s.string().doc("\"group/version\"."),
    version: s.string().doc("The version alone."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.GroupVersionForDiscovery", description: "A group version, for discovery.", required: ["groupVersion", "version"] },
);
export type GroupVersionForDiscovery = Infer<typeof GroupVersionForDiscoverySchema>;

export const ServerAddressByClientCIDRSchema = s.object(
  {
    clientCIDR: s.string().doc("The client network."),
    serverAddress: s.string().doc("Host and port clients in that network should use."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.ServerAddressByClientCIDR", description: "The server address clients in a network should use.", required: ["clientCIDR", "serverAddress"] },
);
export type ServerAddressByClientCIDR = Infer<typeof ServerAddressByClientCIDRSchema>;

export const APIGroupSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    name: s.string().doc("The group name."),
    versions: s.array(GroupVersionForDiscoverySchema, { listType: "atomic" }).doc("Versions served in this group."),
    preferredVersion: GroupVersionForDiscoverySchema.doc("The version clients should use."),
    serverAddressByClientCIDRs: s.array(ServerAddressByClientCIDRSchema, { listType: "atomic" }).doc("Server addresses by client network."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup", description: "An API group with its versions.", required: ["name", "versions"], gvk: [{ group: "", version: "v1", kind: "APIGroup" }] },
);
export type APIGroup = Infer<typeof APIGroupSchema>;

export const APIGroupListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    groups: s.array(APIGroupSchema, { listType: "atomic" }).doc("The groups."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList", description: "Every API group the server serves.", required: ["groups"], gvk: [{ group: "", version: "v1", kind: "APIGroupList" }] },
);
export type APIGroupList = Infer<typeof APIGroupListSchema>;

export const APIVersionsSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    versions: s.array(s.string(), { listType: "atomic" }).doc("The served versions of the core group."),
    serverAddressByClientCIDRs: s.array(ServerAddressByClientCIDRSchema, { listType: "atomic" }).doc("Server addresses by client network."),
  },
  { name: "io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions", description: "The versions of the legacy core API.", required: ["versions", "serverAddressByClientCIDRs"], gvk: [{ group: "", version: "v1", kind: "APIVersions" }] },
);
export type APIVersions = Infer<typeof APIVersionsSchema>;
