/** core/v1 references, key selectors and resource requirements shared by many types. */
import { s, type Infer } from "../../schema/dsl.ts";

/** Fields of LocalObjectReference, inlined into the types that embed it. */
export const LocalObjectReferenceFields = {
  name: s.string().doc("Name of the referenced object."),
};
export const LocalObjectReferenceSchema = s.object(LocalObjectReferenceFields, { name: "io.k8s.api.core.v1.LocalObjectReference", description: "A reference to an object by name in the same namespace.", mapType: "atomic" });
export type LocalObjectReference = Infer<typeof LocalObjectReferenceSchema>;

export const ObjectReferenceSchema = s.object(
  {
    kind: s.string().doc("Kind of the referent."),
    namespace: s.string().doc("Namespace of the referent."),
    name: s.string().doc("Name of the referent."),
    uid: s.string().doc("UID of the referent."),
    apiVersion: s.string().doc("API version of the referent."),
    resourceVersion: s.string().doc("The referent's resourceVersion when the reference was made."),
    fieldPath: s.string().doc("A field within the referent, such as spec.containers{name}."),
  },
  { name: "io.k8s.api.core.v1.ObjectReference", description: "A reference to any object, by kind, namespace and name.", mapType: "atomic" },
);
export type ObjectReference = Infer<typeof ObjectReferenceSchema>;

export const TypedLocalObjectReferenceSchema = s.object(
  {
    apiGroup: s.string().doc("API group of the referent; empty for the core group."),
    kind: s.string().doc("Kind of the referent."),
    name: s.string().doc("Name of the referent."),
  },
  { name: "io.k8s.api.core.v1.TypedLocalObjectReference", description: "A reference to an object of a given kind in the same namespace.", required: ["kind", "name"], mapType: "atomic" },
);
export type TypedLocalObjectReference = Infer<typeof TypedLocalObjectReferenceSchema>;

export const TypedObjectReferenceSchema = s.object(
  {
    apiGroup: s.string().doc("API group of the referent; empty for the core group."),
    kind: s.string().doc("Kind of the referent."),
    name: s.string().doc("Name of the referent."),
    namespace: s.string().doc("Namespace of the referent, if different from the referrer's."),
  },
  { name: "io.k8s.api.core.v1.TypedObjectReference", description: "A reference to an object of a given kind, optionally in another namespace.", required: ["kind", "name"] },
);
export type TypedObjectReference = Infer<typeof TypedObjectReferenceSchema>;

export const ObjectFieldSelectorSchema = s.object(
  {
    apiVersion: s.string().doc("API version the field path is written in; defaults to \"v1\"."),
    fieldPath: s.string().doc("Path of the field to select."),
  },
  { name: "io.k8s.api.core.v1.ObjectFieldSelector", description: "Selects a field of the pod, e.g. metadata.name or status.podIP.", required: ["fieldPath"], mapType: "atomic" },
);
export type ObjectFieldSelector = Infer<typeof ObjectFieldSelectorSchema>;

export const ResourceFieldSelectorSchema = s.object(
  {
    containerName: s.string().doc("The container; required for volumes, optional for environment variables."),
    resource: s.string().doc("The resource to select, such as requests.memory."),
    divisor: s.quantity().doc("Unit the value is divided by; defaults to 1."),
  },
  { name: "io.k8s.api.core.v1.ResourceFieldSelector", description: "Selects a container's resource limit or request, e.g. limits.cpu.", required: ["resource"], mapType: "atomic" },
);
export type ResourceFieldSelector = Infer<typeof ResourceFieldSelectorSchema>;

export const SecretReferenceSchema = s.object(
  {
    name: s.string().doc("Name of the Secret."),
    namespace: s.string().doc("Namespace of the Secret."),
  },
  { name: "io.k8s.api.core.v1.SecretReference", description: "A reference to a Secret by name and namespace.", mapType: "atomic" },
);
export type SecretReference = Infer<typeof SecretReferenceSchema>;

export const KeyToPathSchema = s.object(
  {
    key: s.string().doc("The key to project."),
    path: s.string().doc("Relative file path to write the value to; may not contain \"..\"."),
    mode: s.int32().doc("File mode bits (0000-0777); defaults to the volume's defaultMode."),
  },
  { name: "io.k8s.api.core.v1.KeyToPath", description: "Maps one key of a ConfigMap or Secret to a file path.", required: ["key", "path"] },
);
export type KeyToPath = Infer<typeof KeyToPathSchema>;

export const ConfigMapKeySelectorSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    key: s.string().doc("The key to select."),
    optional: s.boolean().doc("Whether the ConfigMap or key may be missing."),
  },
  { name: "io.k8s.api.core.v1.ConfigMapKeySelector", description: "Selects one key of a ConfigMap.", required: ["key"], mapType: "atomic" },
);
export type ConfigMapKeySelector = Infer<typeof ConfigMapKeySelectorSchema>;

export const SecretKeySelectorSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    key: s.string().doc("The key to select."),
    optional: s.boolean().doc("Whether the Secret or key may be missing."),
  },
  { name: "io.k8s.api.core.v1.SecretKeySelector", description: "Selects one key of a Secret.", required: ["key"], mapType: "atomic" },
);
export type SecretKeySelector = Infer<typeof SecretKeySelectorSchema>;

export const FileKeySelectorSchema = s.object(
  {
    volumeName: s.string().doc("The volume holding the file."),
    path: s.string().doc("Path of the file within the volume."),
    key: s.string().doc("The variable name to read."),
    optional: s.boolean().doc("Whether the file or key may be missing."),
  },
  { name: "io.k8s.api.core.v1.FileKeySelector", description: "Selects a key from an env file in a volume.", required: ["volumeName", "path", "key"], mapType: "atomic" },
);
export type FileKeySelector = Infer<typeof FileKeySelectorSchema>;

export const ResourceClaimSchema = s.object(
  {
    name: s.string().doc("Name of an entry in the pod's spec.resourceClaims."),
    request: s.string().doc("Name of a request within the claim; empty for all."),
  },
  { name: "io.k8s.api.core.v1.ResourceClaim", description: "A reference to a resource claim the container uses.", required: ["name"] },
);
export type ResourceClaim = Infer<typeof ResourceClaimSchema>;

export const ResourceRequirementsSchema = s.object(
  {
    limits: s.map(s.quantity()).doc("The maximum amount of each resource allowed."),
    requests: s.map(s.quantity()).doc("The amount of each resource reserved; the scheduler places pods by requests. Defaults to limits when unset."),
    claims: s.array(ResourceClaimSchema, { listType: "map", listMapKeys: ["name"] }).doc("Dynamically allocated resources (resource claims) this container uses."),
  },
  { name: "io.k8s.api.core.v1.ResourceRequirements", description: "Compute resources requested and limited, e.g. cpu and memory." },
);
export type ResourceRequirements = Infer<typeof ResourceRequirementsSchema>;

export const VolumeResourceRequirementsSchema = s.object(
  {
    limits: s.map(s.quantity()).doc("The maximum amount of storage allowed."),
    requests: s.map(s.quantity()).doc("The minimum amount of storage required."),
  },
  { name: "io.k8s.api.core.v1.VolumeResourceRequirements", description: "Storage requested by a volume claim." },
);
export type VolumeResourceRequirements = Infer<typeof VolumeResourceRequirementsSchema>;
