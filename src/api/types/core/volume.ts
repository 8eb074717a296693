/** core/v1 pod volumes and their sources. */
import { s, type Infer } from "../../schema/dsl.ts";
import { KeyToPathSchema, LocalObjectReferenceFields, LocalObjectReferenceSchema, TypedLocalObjectReferenceSchema, TypedObjectReferenceSchema, VolumeResourceRequirementsSchema } from "./common.ts";
import { DownwardAPIVolumeFileSchema, ProjectedVolumeSourceSchema } from "./projected-volume.ts";
import { LabelSelectorSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const HostPathVolumeSourceSchema = s.object(
  {
    path: s.string(),
    type: s.enum(["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"]),
  },
  { name: "io.k8s.api.core.v1.HostPathVolumeSource", required: ["path"] },
);
export type HostPathVolumeSource = Infer<typeof HostPathVolumeSourceSchema>;

export const EmptyDirVolumeSourceSchema = s.object(
  {
    medium: s.string(),
    sizeLimit: s.quantity(),
  },
  { name: "io.k8s.api.core.v1.EmptyDirVolumeSource" },
);
export type EmptyDirVolumeSource = Infer<typeof EmptyDirVolumeSourceSchema>;

export const GCEPersistentDiskVolumeSourceSchema = s.object(
  {
    pdName: s.string(),
    fsType: s.string(),
    partition: s.int32(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.GCEPersistentDiskVolumeSource", required: ["pdName"] },
);
export type GCEPersistentDiskVolumeSource = Infer<typeof GCEPersistentDiskVolumeSourceSchema>;

export const AWSElasticBlockStoreVolumeSourceSchema = s.object(
  {
    volumeID: s.string(),
    fsType: s.string(),
    partition: s.int32(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource", required: ["volumeID"] },
);
export type AWSElasticBlockStoreVolumeSource = Infer<typeof AWSElasticBlockStoreVolumeSourceSchema>;

export const GitRepoVolumeSourceSchema = s.object(
  {
    repository: s.string(),
    revision: s.string(),
    directory: s.string(),
  },
  { name: "io.k8s.api.core.v1.GitRepoVolumeSource", required: ["repository"] },
);
export type GitRepoVolumeSource = Infer<typeof GitRepoVolumeSourceSchema>;

export const SecretVolumeSourceSchema = s.object(
  {
    secretName: s.string(),
    items: s.array(KeyToPathSchema, { listType: "atomic" }),
    defaultMode: s.int32(),
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.SecretVolumeSource" },
);
export type SecretVolumeSource = Infer<typeof SecretVolumeSourceSchema>;

export const NFSVolumeSourceSchema = s.object(
  {
    server: s.string(),
    path: s.string(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.NFSVolumeSource", required: ["server", "path"] },
);
export type NFSVolumeSource = Infer<typeof NFSVolumeSourceSchema>;

export const ISCSIVolumeSourceSchema = s.object(
  {
    targetPortal: s.string(),
    iqn: s.string(),
    lun: s.int32(),
    iscsiInterface: s.string(),
    fsType: s.string(),
    readOnly: s.boolean(),
    portals: s.array(s.string(), { listType: "atomic" }),
    chapAuthDiscovery: s.boolean(),
    chapAuthSession: s.boolean(),
    secretRef: LocalObjectReferenceSchema,
    initiatorName: s.string(),
  },
  { name: "io.k8s.api.core.v1.ISCSIVolumeSource", required: ["targetPortal", "iqn", "lun"] },
);
export type ISCSIVolumeSource = Infer<typeof ISCSIVolumeSourceSchema>;

export const GlusterfsVolumeSourceSchema = s.object(
  {
    endpoints: s.string(),
    path: s.string(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.GlusterfsVolumeSource", required: ["endpoints", "path"] },
);
export type GlusterfsVolumeSource = Infer<typeof GlusterfsVolumeSourceSchema>;

export const PersistentVolumeClaimVolumeSourceSchema = s.object(
  {
    claimName: s.string(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource", required: ["claimName"] },
);
export type PersistentVolumeClaimVolumeSource = Infer<typeof PersistentVolumeClaimVolumeSourceSchema>;

export const RBDVolumeSourceSchema = s.object(
  {
    monitors: s.array(s.string(), { listType: "atomic" }),
    image: s.string(),
    fsType: s.string(),
    pool: s.string(),
    user: s.string(),
    keyring: s.string(),
    secretRef: LocalObjectReferenceSchema,
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.RBDVolumeSource", required: ["monitors", "image"] },
);
export type RBDVolumeSource = Infer<typeof RBDVolumeSourceSchema>;

export const FlexVolumeSourceSchema = s.object(
  {
    driver: s.string(),
    fsType: s.string(),
    secretRef: LocalObjectReferenceSchema,
    readOnly: s.boolean(),
    options: s.map(s.string()),
  },
  { name: "io.k8s.api.core.v1.FlexVolumeSource", required: ["driver"] },
);
export type FlexVolumeSource = Infer<typeof FlexVolumeSourceSchema>;

export const CinderVolumeSourceSchema = s.object(
  {
    volumeID: s.string(),
    fsType: s.string(),
    readOnly: s.boolean(),
    secretRef: LocalObjectReferenceSchema,
  },
  { name: "io.k8s.api.core.v1.CinderVolumeSource", required: ["volumeID"] },
);
export type CinderVolumeSource = Infer<typeof CinderVolumeSourceSchema>;

export const CephFSVolumeSourceSchema = s.object(
  {
    monitors: s.array(s.string(), { listType: "atomic" }),
    path: s.string(),
    user: s.string(),
    secretFile: s.string(),
    secretRef: LocalObjectReferenceSchema,
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.CephFSVolumeSource", required: ["monitors"] },
);
export type CephFSVolumeSource = Infer<typeof CephFSVolumeSourceSchema>;

export const FlockerVolumeSourceSchema = s.object(
  {
    datasetName: s.string(),
    datasetUUID: s.string(),
  },
  { name: "io.k8s.api.core.v1.FlockerVolumeSource" },
);
export type FlockerVolumeSource = Infer<typeof FlockerVolumeSourceSchema>;

export const DownwardAPIVolumeSourceSchema = s.object(
  {
    items: s.array(DownwardAPIVolumeFileSchema, { listType: "atomic" }),
    defaultMode: s.int32(),
  },
  { name: "io.k8s.api.core.v1.DownwardAPIVolumeSource" },
);
export type DownwardAPIVolumeSource = Infer<typeof DownwardAPIVolumeSourceSchema>;

export const FCVolumeSourceSchema = s.object(
  {
    targetWWNs: s.array(s.string(), { listType: "atomic" }),
    lun: s.int32(),
    fsType: s.string(),
    readOnly: s.boolean(),
    wwids: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.FCVolumeSource" },
);
export type FCVolumeSource = Infer<typeof FCVolumeSourceSchema>;

export const AzureFileVolumeSourceSchema = s.object(
  {
    secretName: s.string(),
    shareName: s.string(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.AzureFileVolumeSource", required: ["secretName", "shareName"] },
);
export type AzureFileVolumeSource = Infer<typeof AzureFileVolumeSourceSchema>;

export const ConfigMapVolumeSourceSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    items: s.array(KeyToPathSchema, { listType: "atomic" }),
    defaultMode: s.int32(),
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.ConfigMapVolumeSource" },
);
export type ConfigMapVolumeSource = Infer<typeof ConfigMapVolumeSourceSchema>;

export const VsphereVirtualDiskVolumeSourceSchema = s.object(
  {
    volumePath: s.string(),
    fsType: s.string(),
    storagePolicyName: s.string(),
    storagePolicyID: s.string(),
  },
  { name: "io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource", required: ["volumePath"] },
);
export type VsphereVirtualDiskVolumeSource = Infer<typeof VsphereVirtualDiskVolumeSourceSchema>;

export const QuobyteVolumeSourceSchema = s.object(
  {
    registry: s.string(),
    volume: s.string(),
    readOnly: s.boolean(),
    user: s.string(),
    group: s.string(),
    tenant: s.string(),
  },
  { name: "io.k8s.api.core.v1.QuobyteVolumeSource", required: ["registry", "volume"] },
);
export type QuobyteVolumeSource = Infer<typeof QuobyteVolumeSourceSchema>;

export const AzureDiskVolumeSourceSchema = s.object(
  {
    diskName: s.string(),
    diskURI: s.string(),
    cachingMode: s.enum(["None", "ReadOnly", "ReadWrite"]),
    fsType: s.string(),
    readOnly: s.boolean(),
    kind: s.enum(["Shared", "Dedicated", "Managed"]),
  },
  { name: "io.k8s.api.core.v1.AzureDiskVolumeSource", required: ["diskName", "diskURI"] },
);
export type AzureDiskVolumeSource = Infer<typeof AzureDiskVolumeSourceSchema>;

export const PhotonPersistentDiskVolumeSourceSchema = s.object(
  {
    pdID: s.string(),
    fsType: s.string(),
  },
  { name: "io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource", required: ["pdID"] },
);
export type PhotonPersistentDiskVolumeSource = Infer<typeof PhotonPersistentDiskVolumeSourceSchema>;

export const PortworxVolumeSourceSchema = s.object(
  {
    volumeID: s.string(),
    fsType: s.string(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.PortworxVolumeSource", required: ["volumeID"] },
);
export type PortworxVolumeSource = Infer<typeof PortworxVolumeSourceSchema>;

export const ScaleIOVolumeSourceSchema = s.object(
  {
    gateway: s.string(),
    system: s.string(),
    secretRef: LocalObjectReferenceSchema,
    sslEnabled: s.boolean(),
    protectionDomain: s.string(),
    storagePool: s.string(),
    storageMode: s.string(),
    volumeName: s.string(),
    fsType: s.string(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.ScaleIOVolumeSource", required: ["gateway", "system", "secretRef"] },
);
export type ScaleIOVolumeSource = Infer<typeof ScaleIOVolumeSourceSchema>;

export const StorageOSVolumeSourceSchema = s.object(
  {
    volumeName: s.string(),
    volumeNamespace: s.string(),
    fsType: s.string(),
    readOnly: s.boolean(),
    secretRef: LocalObjectReferenceSchema,
  },
  { name: "io.k8s.api.core.v1.StorageOSVolumeSource" },
);
export type StorageOSVolumeSource = Infer<typeof StorageOSVolumeSourceSchema>;

export const CSIVolumeSourceSchema = s.object(
  {
    driver: s.string(),
    readOnly: s.boolean(),
    fsType: s.string(),
    volumeAttributes: s.map(s.string()),
    nodePublishSecretRef: LocalObjectReferenceSchema,
  },
  { name: "io.k8s.api.core.v1.CSIVolumeSource", required: ["driver"] },
);
export type CSIVolumeSource = Infer<typeof CSIVolumeSourceSchema>;

export const PersistentVolumeClaimSpecSchema = s.object(
  {
    accessModes: s.array(s.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]), { listType: "atomic" }),
    selector: LabelSelectorSchema,
    resources: VolumeResourceRequirementsSchema,
    volumeName: s.string(),
    storageClassName: s.string(),
    volumeMode: s.enum(["Block", "Filesystem"]),
    dataSource: TypedLocalObjectReferenceSchema,
    dataSourceRef: TypedObjectReferenceSchema,
    volumeAttributesClassName: s.string(),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimSpec" },
);
export type PersistentVolumeClaimSpec = Infer<typeof PersistentVolumeClaimSpecSchema>;

export const PersistentVolumeClaimTemplateSchema = s.object(
  {
    metadata: ObjectMetaSchema,
    spec: PersistentVolumeClaimSpecSchema,
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimTemplate", required: ["spec"] },
);
export type PersistentVolumeClaimTemplate = Infer<typeof PersistentVolumeClaimTemplateSchema>;

export const EphemeralVolumeSourceSchema = s.object(
  {
    volumeClaimTemplate: PersistentVolumeClaimTemplateSchema,
  },
  { name: "io.k8s.api.core.v1.EphemeralVolumeSource" },
);
export type EphemeralVolumeSource = Infer<typeof EphemeralVolumeSourceSchema>;

export const ImageVolumeSourceSchema = s.object(
  {
    reference: s.string(),
    pullPolicy: s.enum(["Always", "Never", "IfNotPresent"]),
  },
  { name: "io.k8s.api.core.v1.ImageVolumeSource" },
);
export type ImageVolumeSource = Infer<typeof ImageVolumeSourceSchema>;

/** Fields of VolumeSource, inlined into the types that embed it. */
export const VolumeSourceFields = {
  hostPath: HostPathVolumeSourceSchema,
  emptyDir: EmptyDirVolumeSourceSchema,
  gcePersistentDisk: GCEPersistentDiskVolumeSourceSchema,
  awsElasticBlockStore: AWSElasticBlockStoreVolumeSourceSchema,
  gitRepo: GitRepoVolumeSourceSchema,
  secret: SecretVolumeSourceSchema,
  nfs: NFSVolumeSourceSchema,
  iscsi: ISCSIVolumeSourceSchema,
  glusterfs: GlusterfsVolumeSourceSchema,
  persistentVolumeClaim: PersistentVolumeClaimVolumeSourceSchema,
  rbd: RBDVolumeSourceSchema,
  flexVolume: FlexVolumeSourceSchema,
  cinder: CinderVolumeSourceSchema,
  cephfs: CephFSVolumeSourceSchema,
  flocker: FlockerVolumeSourceSchema,
  downwardAPI: DownwardAPIVolumeSourceSchema,
  fc: FCVolumeSourceSchema,
  azureFile: AzureFileVolumeSourceSchema,
  configMap: ConfigMapVolumeSourceSchema,
  vsphereVolume: VsphereVirtualDiskVolumeSourceSchema,
  quobyte: QuobyteVolumeSourceSchema,
  azureDisk: AzureDiskVolumeSourceSchema,
  photonPersistentDisk: PhotonPersistentDiskVolumeSourceSchema,
  projected: ProjectedVolumeSourceSchema,
  portworxVolume: PortworxVolumeSourceSchema,
  scaleIO: ScaleIOVolumeSourceSchema,
  storageos: StorageOSVolumeSourceSchema,
  csi: CSIVolumeSourceSchema,
  ephemeral: EphemeralVolumeSourceSchema,
  image: ImageVolumeSourceSchema,
};
export const VolumeSourceSchema = s.object(VolumeSourceFields, { name: "io.k8s.api.core.v1.VolumeSource" });
export type VolumeSource = Infer<typeof VolumeSourceSchema>;

export const VolumeSchema = s.object(
  {
    name: s.string(),
    ...VolumeSourceFields,
  },
  { name: "io.k8s.api.core.v1.Volume", required: ["name"] },
);
export type Volume = Infer<typeof VolumeSchema>;
