/** core/v1 ConfigMap, Secret and ServiceAccount. */
import { s, type Infer } from "../../schema/dsl.ts";
import { LocalObjectReferenceSchema, ObjectReferenceSchema } from "./common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const ConfigMapSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    immutable: s.boolean(),
    data: s.map(s.string()),
    binaryData: s.map(s.bytes()),
  },
  { name: "io.k8s.api.core.v1.ConfigMap", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ConfigMap" }] },
);
export type ConfigMap = Infer<typeof ConfigMapSchema>;

export const ConfigMapListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(ConfigMapSchema),
  },
  { name: "io.k8s.api.core.v1.ConfigMapList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ConfigMapList" }] },
);
export type ConfigMapList = Infer<typeof ConfigMapListSchema>;

export const SecretSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    immutable: s.boolean(),
    data: s.map(s.bytes()),
    stringData: s.map(s.string()),
    type: s.string(),
  },
  { name: "io.k8s.api.core.v1.Secret", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "Secret" }] },
);
export type Secret = Infer<typeof SecretSchema>;

export const SecretListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(SecretSchema),
  },
  { name: "io.k8s.api.core.v1.SecretList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "SecretList" }] },
);
export type SecretList = Infer<typeof SecretListSchema>;

export const ServiceAccountSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    secrets: s.array(ObjectReferenceSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
    imagePullSecrets: s.array(LocalObjectReferenceSchema, { listType: "atomic" }),
    automountServiceAccountToken: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.ServiceAccount", present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ServiceAccount" }] },
);
export type ServiceAccount = Infer<typeof ServiceAccountSchema>;

export const ServiceAccountListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(ServiceAccountSchema),
  },
  { name: "io.k8s.api.core.v1.ServiceAccountList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "ServiceAccountList" }] },
);
export type ServiceAccountList = Infer<typeof ServiceAccountListSchema>;
