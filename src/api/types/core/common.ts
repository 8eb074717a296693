/** core/v1 references, key selectors and resource requirements shared by many types. */
import { s, type Infer } from "../../schema/dsl.ts";

/** Fields of LocalObjectReference, inlined into the types that embed it. */
export const LocalObjectReferenceFields = {
  name: s.string(),
};
export const LocalObjectReferenceSchema = s.object(LocalObjectReferenceFields, { name: "io.k8s.api.core.v1.LocalObjectReference", mapType: "atomic" });
export type LocalObjectReference = Infer<typeof LocalObjectReferenceSchema>;

export const ObjectReferenceSchema = s.object(
  {
    kind: s.string(),
    namespace: s.string(),
    name: s.string(),
    uid: s.string(),
    apiVersion: s.string(),
    resourceVersion: s.string(),
    fieldPath: s.string(),
  },
  { name: "io.k8s.api.core.v1.ObjectReference", mapType: "atomic" },
);
export type ObjectReference = Infer<typeof ObjectReferenceSchema>;

export const TypedLocalObjectReferenceSchema = s.object(
  {
    apiGroup: s.string(),
    kind: s.string(),
    name: s.string(),
  },
  { name: "io.k8s.api.core.v1.TypedLocalObjectReference", required: ["kind", "name"], mapType: "atomic" },
);
export type TypedLocalObjectReference = Infer<typeof TypedLocalObjectReferenceSchema>;

export const TypedObjectReferenceSchema = s.object(
  {
    apiGroup: s.string(),
    kind: s.string(),
    name: s.string(),
    namespace: s.string(),
  },
  { name: "io.k8s.api.core.v1.TypedObjectReference", required: ["kind", "name"] },
);
export type TypedObjectReference = Infer<typeof TypedObjectReferenceSchema>;

export const ObjectFieldSelectorSchema = s.object(
  {
    apiVersion: s.string(),
    fieldPath: s.string(),
  },
  { name: "io.k8s.api.core.v1.ObjectFieldSelector", required: ["fieldPath"], mapType: "atomic" },
);
export type ObjectFieldSelector = Infer<typeof ObjectFieldSelectorSchema>;

export const ResourceFieldSelectorSchema = s.object(
  {
    containerName: s.string(),
    resource: s.string(),
    divisor: s.quantity(),
  },
  { name: "io.k8s.api.core.v1.ResourceFieldSelector", required: ["resource"], mapType: "atomic" },
);
export type ResourceFieldSelector = Infer<typeof ResourceFieldSelectorSchema>;

export const SecretReferenceSchema = s.object(
  {
    name: s.string(),
    namespace: s.string(),
  },
  { name: "io.k8s.api.core.v1.SecretReference", mapType: "atomic" },
);
export type SecretReference = Infer<typeof SecretReferenceSchema>;

export const KeyToPathSchema = s.object(
  {
    key: s.string(),
    path: s.string(),
    mode: s.int32(),
  },
  { name: "io.k8s.api.core.v1.KeyToPath", required: ["key", "path"] },
);
export type KeyToPath = Infer<typeof KeyToPathSchema>;

export const ConfigMapKeySelectorSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    key: s.string(),
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.ConfigMapKeySelector", required: ["key"], mapType: "atomic" },
);
export type ConfigMapKeySelector = Infer<typeof ConfigMapKeySelectorSchema>;

export const SecretKeySelectorSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    key: s.string(),
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.SecretKeySelector", required: ["key"], mapType: "atomic" },
);
export type SecretKeySelector = Infer<typeof SecretKeySelectorSchema>;

export const FileKeySelectorSchema = s.object(
  {
    volumeName: s.string(),
    path: s.string(),
    key: s.string(),
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.FileKeySelector", required: ["volumeName", "path", "key"], mapType: "atomic" },
);
export type FileKeySelector = Infer<typeof FileKeySelectorSchema>;

export const ResourceClaimSchema = s.object(
  {
    name: s.string(),
    request: s.string(),
  },
  { name: "io.k8s.api.core.v1.ResourceClaim", required: ["name"] },
);
export type ResourceClaim = Infer<typeof ResourceClaimSchema>;

export const ResourceRequirementsSchema = s.object(
  {
    limits: s.map(s.quantity()),
    requests: s.map(s.quantity()),
    claims: s.array(ResourceClaimSchema, { listType: "map", listMapKeys: ["name"] }),
  },
  { name: "io.k8s.api.core.v1.ResourceRequirements" },
);
export type ResourceRequirements = Infer<typeof ResourceRequirementsSchema>;

export const VolumeResourceRequirementsSchema = s.object(
  {
    limits: s.map(s.quantity()),
    requests: s.map(s.quantity()),
  },
  { name: "io.k8s.api.core.v1.VolumeResourceRequirements" },
);
export type VolumeResourceRequirements = Infer<typeof VolumeResourceRequirementsSchema>;
