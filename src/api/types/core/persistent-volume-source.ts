/** core/v1 volume sources only a PersistentVolume can use. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema, SecretReferenceSchema } from "./common.ts";
import { AWSElasticBlockStoreVolumeSourceSchema, AzureDiskVolumeSourceSchema, FCVolumeSourceSchema, FlockerVolumeSourceSchema, GCEPersistentDiskVolumeSourceSchema, HostPathVolumeSourceSchema, NFSVolumeSourceSchema, PhotonPersistentDiskVolumeSourceSchema, PortworxVolumeSourceSchema, QuobyteVolumeSourceSchema, VsphereVirtualDiskVolumeSourceSchema } from "./volume.ts";

export const GlusterfsPersistentVolumeSourceSchema = s.object(
  {
    endpoints: s.string(),
    path: s.string(),
    readOnly: s.boolean(),
    endpointsNamespace: s.string(),
  },
  { name: "io.k8s.api.core.v1.GlusterfsPersistentVolumeSource", required: ["endpoints", "path"] },
);
export type GlusterfsPersistentVolumeSource = Infer<typeof GlusterfsPersistentVolumeSourceSchema>;

export const RBDPersistentVolumeSourceSchema = s.object(
  {
    monitors: s.array(s.string(), { listType: "atomic" }),
    image: s.string(),
    fsType: s.string(),
    pool: s.string(),
    user: s.string(),
    keyring: s.string(),
    secretRef: SecretReferenceSchema,
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.RBDPersistentVolumeSource", required: ["monitors", "image"] },
);
export type RBDPersistentVolumeSource = Infer<typeof RBDPersistentVolumeSourceSchema>;

export const ISCSIPersistentVolumeSourceSchema = s.object(
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
    secretRef: SecretReferenceSchema,
    initiatorName: s.string(),
  },
  { name: "io.k8s.api.core.v1.ISCSIPersistentVolumeSource", required: ["targetPortal", "iqn", "lun"] },
);
export type ISCSIPersistentVolumeSource = Infer<typeof ISCSIPersistentVolumeSourceSchema>;

export const CinderPersistentVolumeSourceSchema = s.object(
  {
    volumeID: s.string(),
    fsType: s.string(),
    readOnly: s.boolean(),
    secretRef: SecretReferenceSchema,
  },
  { name: "io.k8s.api.core.v1.CinderPersistentVolumeSource", required: ["volumeID"] },
);
export type CinderPersistentVolumeSource = Infer<typeof CinderPersistentVolumeSourceSchema>;

export const CephFSPersistentVolumeSourceSchema = s.object(
  {
    monitors: s.array(s.string(), { listType: "atomic" }),
    path: s.string(),
    user: s.string(),
    secretFile: s.string(),
    secretRef: SecretReferenceSchema,
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.CephFSPersistentVolumeSource", required: ["monitors"] },
);
export type CephFSPersistentVolumeSource = Infer<typeof CephFSPersistentVolumeSourceSchema>;

export const FlexPersistentVolumeSourceSchema = s.object(
  {
    driver: s.string(),
    fsType: s.string(),
    secretRef: SecretReferenceSchema,
    readOnly: s.boolean(),
    options: s.map(s.string()),
  },
  { name: "io.k8s.api.core.v1.FlexPersistentVolumeSource", required: ["driver"] },
);
export type FlexPersistentVolumeSource = Infer<typeof FlexPersistentVolumeSourceSchema>;

export const AzureFilePersistentVolumeSourceSchema = s.object(
  {
    secretName: s.string(),
    shareName: s.string(),
    readOnly: s.boolean(),
    secretNamespace: s.string(),
  },
  { name: "io.k8s.api.core.v1.AzureFilePersistentVolumeSource", required: ["secretName", "shareName"] },
);
export type AzureFilePersistentVolumeSource = Infer<typeof AzureFilePersistentVolumeSourceSchema>;

export const ScaleIOPersistentVolumeSourceSchema = s.object(
  {
    gateway: s.string(),
    system: s.string(),
    secretRef: SecretReferenceSchema,
    sslEnabled: s.boolean(),
    protectionDomain: s.string(),
    storagePool: s.string(),
    storageMode: s.string(),
    volumeName: s.string(),
    fsType: s.string(),
    readOnly: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.ScaleIOPersistentVolumeSource", required: ["gateway", "system", "secretRef"] },
);
export type ScaleIOPersistentVolumeSource = Infer<typeof ScaleIOPersistentVolumeSourceSchema>;

export const LocalVolumeSourceSchema = s.object(
  {
    path: s.string(),
    fsType: s.string(),
  },
  { name: "io.k8s.api.core.v1.LocalVolumeSource", required: ["path"] },
);
export type LocalVolumeSource = Infer<typeof LocalVolumeSourceSchema>;

export const StorageOSPersistentVolumeSourceSchema = s.object(
  {
    volumeName: s.string(),
    volumeNamespace: s.string(),
    fsType: s.string(),
    readOnly: s.boolean(),
    secretRef: ObjectReferenceSchema,
  },
  { name: "io.k8s.api.core.v1.StorageOSPersistentVolumeSource" },
);
export type StorageOSPersistentVolumeSource = Infer<typeof StorageOSPersistentVolumeSourceSchema>;

export const CSIPersistentVolumeSourceSchema = s.object(
  {
    driver: s.string(),
    volumeHandle: s.string(),
    readOnly: s.boolean(),
    fsType: s.string(),
    volumeAttributes: s.map(s.string()),
    controllerPublishSecretRef: SecretReferenceSchema,
    nodeStageSecretRef: SecretReferenceSchema,
    nodePublishSecretRef: SecretReferenceSchema,
    controllerExpandSecretRef: SecretReferenceSchema,
    nodeExpandSecretRef: SecretReferenceSchema,
  },
  { name: "io.k8s.api.core.v1.CSIPersistentVolumeSource", required: ["driver", "volumeHandle"] },
);
export type CSIPersistentVolumeSource = Infer<typeof CSIPersistentVolumeSourceSchema>;

/** Fields of PersistentVolumeSource, inlined into the types that embed it. */
export const PersistentVolumeSourceFields = {
  gcePersistentDisk: GCEPersistentDiskVolumeSourceSchema,
  awsElasticBlockStore: AWSElasticBlockStoreVolumeSourceSchema,
  hostPath: HostPathVolumeSourceSchema,
  glusterfs: GlusterfsPersistentVolumeSourceSchema,
  nfs: NFSVolumeSourceSchema,
  rbd: RBDPersistentVolumeSourceSchema,
  iscsi: ISCSIPersistentVolumeSourceSchema,
  cinder: CinderPersistentVolumeSourceSchema,
  cephfs: CephFSPersistentVolumeSourceSchema,
  fc: FCVolumeSourceSchema,
  flocker: FlockerVolumeSourceSchema,
  flexVolume: FlexPersistentVolumeSourceSchema,
  azureFile: AzureFilePersistentVolumeSourceSchema,
  vsphereVolume: VsphereVirtualDiskVolumeSourceSchema,
  quobyte: QuobyteVolumeSourceSchema,
  azureDisk: AzureDiskVolumeSourceSchema,
  photonPersistentDisk: PhotonPersistentDiskVolumeSourceSchema,
  portworxVolume: PortworxVolumeSourceSchema,
  scaleIO: ScaleIOPersistentVolumeSourceSchema,
  local: LocalVolumeSourceSchema,
  storageos: StorageOSPersistentVolumeSourceSchema,
  csi: CSIPersistentVolumeSourceSchema,
};
export const PersistentVolumeSourceSchema = s.object(PersistentVolumeSourceFields, { name: "io.k8s.api.core.v1.PersistentVolumeSource" });
export type PersistentVolumeSource = Infer<typeof PersistentVolumeSourceSchema>;
