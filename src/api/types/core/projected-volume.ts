/** core/v1 projected volumes (secret, configMap, downwardAPI, token projections). */
import { s, type Infer } from "../../schema/dsl.ts";
import { KeyToPathSchema, LocalObjectReferenceFields, ObjectFieldSelectorSchema, ResourceFieldSelectorSchema } from "./common.ts";
import { LabelSelectorSchema } from "../meta/object-meta.ts";

export const SecretProjectionSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    items: s.array(KeyToPathSchema, { listType: "atomic" }),
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.SecretProjection" },
);
export type SecretProjection = Infer<typeof SecretProjectionSchema>;

export const DownwardAPIVolumeFileSchema = s.object(
  {
    path: s.string(),
    fieldRef: ObjectFieldSelectorSchema,
    resourceFieldRef: ResourceFieldSelectorSchema,
    mode: s.int32(),
  },
  { name: "io.k8s.api.core.v1.DownwardAPIVolumeFile", required: ["path"] },
);
export type DownwardAPIVolumeFile = Infer<typeof DownwardAPIVolumeFileSchema>;

export const DownwardAPIProjectionSchema = s.object(
  {
    items: s.array(DownwardAPIVolumeFileSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.DownwardAPIProjection" },
);
export type DownwardAPIProjection = Infer<typeof DownwardAPIProjectionSchema>;

export const ConfigMapProjectionSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    items: s.array(KeyToPathSchema, { listType: "atomic" }),
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.ConfigMapProjection" },
);
export type ConfigMapProjection = Infer<typeof ConfigMapProjectionSchema>;

export const ServiceAccountTokenProjectionSchema = s.object(
  {
    audience: s.string(),
    expirationSeconds: s.int64(),
    path: s.string(),
  },
  { name: "io.k8s.api.core.v1.ServiceAccountTokenProjection", required: ["path"] },
);
export type ServiceAccountTokenProjection = Infer<typeof ServiceAccountTokenProjectionSchema>;

export const ClusterTrustBundleProjectionSchema = s.object(
  {
    name: s.string(),
    signerName: s.string(),
    labelSelector: LabelSelectorSchema,
    optional: s.boolean(),
    path: s.string(),
  },
  { name: "io.k8s.api.core.v1.ClusterTrustBundleProjection", required: ["path"] },
);
export type ClusterTrustBundleProjection = Infer<typeof ClusterTrustBundleProjectionSchema>;

export const PodCertificateProjectionSchema = s.object(
  {
    signerName: s.string(),
    keyType: s.string(),
    maxExpirationSeconds: s.int32(),
    credentialBundlePath: s.string(),
    keyPath: s.string(),
    certificateChainPath: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodCertificateProjection" },
);
export type PodCertificateProjection = Infer<typeof PodCertificateProjectionSchema>;

export const VolumeProjectionSchema = s.object(
  {
    secret: SecretProjectionSchema,
    downwardAPI: DownwardAPIProjectionSchema,
    configMap: ConfigMapProjectionSchema,
    serviceAccountToken: ServiceAccountTokenProjectionSchema,
    clusterTrustBundle: ClusterTrustBundleProjectionSchema,
    podCertificate: PodCertificateProjectionSchema,
  },
  { name: "io.k8s.api.core.v1.VolumeProjection" },
);
export type VolumeProjection = Infer<typeof VolumeProjectionSchema>;

export const ProjectedVolumeSourceSchema = s.object(
  {
    sources: s.array(VolumeProjectionSchema, { listType: "atomic" }),
    defaultMode: s.int32(),
  },
  { name: "io.k8s.api.core.v1.ProjectedVolumeSource" },
);
export type ProjectedVolumeSource = Infer<typeof ProjectedVolumeSourceSchema>;
