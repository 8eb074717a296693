/** core/v1 ConfigMap, Secret and ServiceAccount. */
import { s, type Infer } from "../../schema/dsl.ts";
import { LocalObjectReferenceSchema, ObjectReferenceSchema } from "./common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ConfigMapSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    immutable: s.boolean().doc("When true, data cannot be changed (only the object deleted)."),
    data: s.map(s.string()).doc("UTF-8 values by key."),
    binaryData: s.map(s.bytes()).doc("Base64 binary values by key."),
  },
  { name: "io.k8s.api.core.v1.ConfigMap", description: "Non-confidential configuration data as key/value pairs.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ConfigMap" }] },
);
export type ConfigMap = Infer<typeof ConfigMapSchema>;

export const ConfigMapListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ConfigMapSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.ConfigMapList", description: "A list of ConfigMaps.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ConfigMapList" }] },
);
export type ConfigMapList = Infer<typeof ConfigMapListSchema>;

export const SecretSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    immutable: s.boolean().doc("When true, data cannot be changed (only the object deleted)."),
    data: s.map(s.bytes()).doc("Base64 values by key."),
    stringData: s.map(s.string()).doc("Write-only plain string values, merged into data."),
    type: s.string().doc("Type of the secret, e.g. Opaque or kubernetes.io/tls."),
  },
  { name: "io.k8s.api.core.v1.Secret", description: "Confidential data as key/value pairs.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Secret" }] },
);
export type Secret = Infer<typeof SecretSchema>;

export const SecretListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(SecretSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.SecretList", description: "A list of Secrets.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "SecretList" }] },
);
export type SecretList = Infer<typeof SecretListSchema>;

export const ServiceAccountSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    secrets: s.array(ObjectReferenceSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("Secrets pods of this account may use."),
    imagePullSecrets: s.array(LocalObjectReferenceSchema, { listType: "atomic" }).doc("Image pull secrets added to pods of this account."),
    automountServiceAccountToken: s.boolean().doc("Whether pods get the token mounted by default."),
  },
  { name: "io.k8s.api.core.v1.ServiceAccount", description: "An identity for processes running in pods.", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ServiceAccount" }] },
);
export type ServiceAccount = Infer<typeof ServiceAccountSchema>;

export const ServiceAccountListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(ServiceAccountSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.ServiceAccountList", description: "A list of ServiceAccounts.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ServiceAccountList" }] },
);
export type ServiceAccountList = Infer<typeof ServiceAccountListSchema>;
