/** core/v1 projected volumes (secret, configMap, downwardAPI, token projections). */
import { s, type Infer } from "../../schema/dsl.ts";
import { KeyToPathSchema, LocalObjectReferenceFields, ObjectFieldSelectorSchema, ResourceFieldSelectorSchema } from "./common.ts";
import { LabelSelectorSchema } from "../meta/object-meta.ts";

export const SecretProjectionSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    items: s.array(KeyToPathSchema, { listType: "atomic" }).doc("Keys to project and their paths."),
    optional: s.boolean().doc("Whether the Secret may be missing."),
  },
  { name: "io.k8s.api.core.v1.SecretProjection", description: "Keys of a Secret in a projected volume." },
);
export type SecretProjection = Infer<typeof SecretProjectionSchema>;

export const DownwardAPIVolumeFileSchema = s.object(
  {
    path: s.string().doc("Relative path of the file."),
    fieldRef: ObjectFieldSelectorSchema.doc("Pod field to write: metadata name, namespace, labels or annotations."),
    resourceFieldRef: ResourceFieldSelectorSchema.doc("Container resource limit or request to write."),
    mode: s.int32().doc("Mode bits of the file."),
  },
  { name: "io.k8s.api.core.v1.DownwardAPIVolumeFile", description: "One file with a pod field or resource value.", required: ["path"] },
);
export type DownwardAPIVolumeFile = Infer<typeof DownwardAPIVolumeFileSchema>;

export const DownwardAPIProjectionSchema = s.object(
  {
    items: s.array(DownwardAPIVolumeFileSchema, { listType: "atomic" }).doc("The files to create."),
  },
  { name: "io.k8s.api.core.v1.DownwardAPIProjection", description: "Pod information in a projected volume." },
);
export type DownwardAPIProjection = Infer<typeof DownwardAPIProjectionSchema>;

export const ConfigMapProjectionSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    items: s.array(KeyToPathSchema, { listType: "atomic" }).doc("Keys to project and their paths."),
    optional: s.boolean().doc("Whether the ConfigMap may be missing."),
  },
  { name: "io.k8s.api.core.v1.ConfigMapProjection", description: "Keys of a ConfigMap in a projected volume." },
);
export type ConfigMapProjection = Infer<typeof ConfigMapProjectionSchema>;

export const ServiceAccountTokenProjectionSchema = s.object(
  {
    audience: s.string().doc("Intended audience of the token."),
    expirationSeconds: s.int64().doc("Requested lifetime of the token; defaults to one hour."),
    path: s.string().doc("File path of the token."),
  },
  { name: "io.k8s.api.core.v1.ServiceAccountTokenProjection", description: "A token of the pod's service account.", required: ["path"] },
);
export type ServiceAccountTokenProjection = Infer<typeof ServiceAccountTokenProjectionSchema>;

export const ClusterTrustBundleProjectionSchema = s.object(
  {
    name: s.string().doc("Select one bundle by name."),
    signerName: s.string().doc("Select bundles by signer."),
    labelSelector: LabelSelectorSchema.doc("Select bundles by labels."),
    optional: s.boolean().doc("Whether no matching bundle is acceptable."),
    path: s.string().doc("File path of the bundle."),
  },
  { name: "io.k8s.api.core.v1.ClusterTrustBundleProjection", description: "Certificates from ClusterTrustBundle objects.", required: ["path"] },
);
export type ClusterTrustBundleProjection = Infer<typeof ClusterTrustBundleProjectionSchema>;

export const PodCertificateProjectionSchema = s.object(
  {
    signerName: s.string().doc("Signer to request the certificate from."),
    keyType: s.string().doc("Type of key to generate."),
    maxExpirationSeconds: s.int32().doc("Maximum lifetime of the certificate."),
    credentialBundlePath: s.string().doc("File with the key and certificate chain together."),
    keyPath: s.string().doc("File with the private key."),
    certificateChainPath: s.string().doc("File with the certificate chain."),
  },
  { name: "io.k8s.api.core.v1.PodCertificateProjection", description: "A key pair and certificate issued for the pod." },
);
export type PodCertificateProjection = Infer<typeof PodCertificateProjectionSchema>;

export const VolumeProjectionSchema = s.object(
  {
    secret: SecretProjectionSchema.doc("Keys of a Secret."),
    downwardAPI: DownwardAPIProjectionSchema.doc("Pod fields and resource values."),
    configMap: ConfigMapProjectionSchema.doc("Keys of a ConfigMap."),
    serviceAccountToken: ServiceAccountTokenProjectionSchema.doc("A service account token."),
    clusterTrustBundle: ClusterTrustBundleProjectionSchema.doc("Certificates from ClusterTrustBundle objects."),
    podCertificate: PodCertificateProjectionSchema.doc("A certificate and key issued for the pod."),
  },
  { name: "io.k8s.api.core.v1.VolumeProjection", description: "One source of a projected volume." },
);
export type VolumeProjection = Infer<typeof VolumeProjectionSchema>;

export const ProjectedVolumeSourceSchema = s.object(
  {
    sources: s.array(VolumeProjectionSchema, { listType: "atomic" }).doc("The sources to project."),
    defaultMode: s.int32().doc("Mode bits of the created files."),
  },
  { name: "io.k8s.api.core.v1.ProjectedVolumeSource", description: "Several volume sources combined into one directory." },
);
export type ProjectedVolumeSource = Infer<typeof ProjectedVolumeSourceSchema>;
