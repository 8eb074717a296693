/** core/v1 volume sources only a PersistentVolume can use. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema, SecretReferenceSchema } from "./common.ts";
import { AWSElasticBlockStoreVolumeSourceSchema, AzureDiskVolumeSourceSchema, FCVolumeSourceSchema, FlockerVolumeSourceSchema, GCEPersistentDiskVolumeSourceSchema, HostPathVolumeSourceSchema, NFSVolumeSourceSchema, PhotonPersistentDiskVolumeSourceSchema, PortworxVolumeSourceSchema, QuobyteVolumeSourceSchema, VsphereVirtualDiskVolumeSourceSchema } from "./volume.ts";

export const GlusterfsPersistentVolumeSourceSchema = s.object(
  {
    endpoints: s.string().doc("Endpoints object naming the cluster."),
    path: s.string().doc("Volume path."),
    readOnly: s.boolean().doc("Mount read-only."),
    endpointsNamespace: s.string().doc("Namespace of the endpoints."),
  },
  { name: "io.k8s.api.core.v1.GlusterfsPersistentVolumeSource", description: "A GlusterFS mount.", required: ["endpoints", "path"] },
);
export type GlusterfsPersistentVolumeSource = Infer<typeof GlusterfsPersistentVolumeSourceSchema>;

export const RBDPersistentVolumeSourceSchema = s.object(
  {
    monitors: s.array(s.string(), { listType: "atomic" }).doc("Ceph monitors."),
    image: s.string().doc("Image name."),
    fsType: s.string().doc("Filesystem type."),
    pool: s.string().doc("Rados pool."),
    user: s.string().doc("Rados user."),
    keyring: s.string().doc("Path of the keyring."),
    secretRef: SecretReferenceSchema.doc("Secret with the authentication key."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.RBDPersistentVolumeSource", description: "A Rados block device.", required: ["monitors", "image"] },
);
export type RBDPersistentVolumeSource = Infer<typeof RBDPersistentVolumeSourceSchema>;

export const ISCSIPersistentVolumeSourceSchema = s.object(
  {
    targetPortal: s.string().doc("Target portal."),
    iqn: s.string().doc("Target iSCSI qualified name."),
    lun: s.int32().doc("Target LUN number."),
    iscsiInterface: s.string().doc("iSCSI interface name."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
    portals: s.array(s.string(), { listType: "atomic" }).doc("Additional target portals."),
    chapAuthDiscovery: s.boolean().doc("Use CHAP discovery authentication."),
    chapAuthSession: s.boolean().doc("Use CHAP session authentication."),
    secretRef: SecretReferenceSchema.doc("Secret with the CHAP credentials."),
    initiatorName: s.string().doc("Custom initiator name."),
  },
  { name: "io.k8s.api.core.v1.ISCSIPersistentVolumeSource", description: "An iSCSI disk.", required: ["targetPortal", "iqn", "lun"] },
);
export type ISCSIPersistentVolumeSource = Infer<typeof ISCSIPersistentVolumeSourceSchema>;

export const CinderPersistentVolumeSourceSchema = s.object(
  {
    volumeID: s.string().doc("Volume ID."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
    secretRef: SecretReferenceSchema.doc("Secret with connection parameters."),
  },
  { name: "io.k8s.api.core.v1.CinderPersistentVolumeSource", description: "An OpenStack Cinder volume.", required: ["volumeID"] },
);
export type CinderPersistentVolumeSource = Infer<typeof CinderPersistentVolumeSourceSchema>;

export const CephFSPersistentVolumeSourceSchema = s.object(
  {
    monitors: s.array(s.string(), { listType: "atomic" }).doc("Ceph monitors."),
    path: s.string().doc("Root path."),
    user: s.string().doc("Rados user."),
    secretFile: s.string().doc("Path of the keyring."),
    secretRef: SecretReferenceSchema.doc("Secret with the key."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.CephFSPersistentVolumeSource", description: "A CephFS mount.", required: ["monitors"] },
);
export type CephFSPersistentVolumeSource = Infer<typeof CephFSPersistentVolumeSourceSchema>;

export const FlexPersistentVolumeSourceSchema = s.object(
  {
    driver: s.string().doc("Driver name."),
    fsType: s.string().doc("Filesystem type."),
    secretRef: SecretReferenceSchema.doc("Secret passed to the driver."),
    readOnly: s.boolean().doc("Mount read-only."),
    options: s.map(s.string()).doc("Extra driver options."),
  },
  { name: "io.k8s.api.core.v1.FlexPersistentVolumeSource", description: "A FlexVolume driver volume.", required: ["driver"] },
);
export type FlexPersistentVolumeSource = Infer<typeof FlexPersistentVolumeSourceSchema>;

export const AzureFilePersistentVolumeSourceSchema = s.object(
  {
    secretName: s.string().doc("Secret with the account name and key."),
    shareName: s.string().doc("Share name."),
    readOnly: s.boolean().doc("Mount read-only."),
    secretNamespace: s.string().doc("Namespace of the secret."),
  },
  { name: "io.k8s.api.core.v1.AzureFilePersistentVolumeSource", description: "An Azure File share.", required: ["secretName", "shareName"] },
);
export type AzureFilePersistentVolumeSource = Infer<typeof AzureFilePersistentVolumeSourceSchema>;

export const ScaleIOPersistentVolumeSourceSchema = s.object(
  {
    gateway: s.string().doc("Gateway host."),
    system: s.string().doc("Storage system name."),
    secretRef: SecretReferenceSchema.doc("Secret with the credentials."),
    sslEnabled: s.boolean().doc("Use SSL to the gateway."),
    protectionDomain: s.string().doc("Protection domain."),
    storagePool: s.string().doc("Storage pool."),
    storageMode: s.string().doc("ThickProvisioned or ThinProvisioned."),
    volumeName: s.string().doc("Volume name."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.ScaleIOPersistentVolumeSource", description: "A ScaleIO volume.", required: ["gateway", "system", "secretRef"] },
);
export type ScaleIOPersistentVolumeSource = Infer<typeof ScaleIOPersistentVolumeSourceSchema>;

export const LocalVolumeSourceSchema = s.object(
  {
    path: s.string().doc("Full path on the node."),
    fsType: s.string().doc("Filesystem type, for block devices."),
  },
  { name: "io.k8s.api.core.v1.LocalVolumeSource", description: "A local disk or directory of one node.", required: ["path"] },
);
export type LocalVolumeSource = Infer<typeof LocalVolumeSourceSchema>;

export const StorageOSPersistentVolumeSourceSchema = s.object(
  {
    volumeName: s.string().doc("Volume name."),
    volumeNamespace: s.string().doc("StorageOS namespace."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
    secretRef: ObjectReferenceSchema.doc("Secret with the API credentials."),
  },
  { name: "io.k8s.api.core.v1.StorageOSPersistentVolumeSource", description: "A StorageOS volume." },
);
export type StorageOSPersistentVolumeSource = Infer<typeof StorageOSPersistentVolumeSourceSchema>;

export const CSIPersistentVolumeSourceSchema = s.object(
  {
    driver: s.string().doc("CSI driver name."),
    volumeHandle: s.string().doc("The driver's ID of the volume."),
    readOnly: s.boolean().doc("Mount read-only."),
    fsType: s.string().doc("Filesystem type."),
    volumeAttributes: s.map(s.string()).doc("Driver-specific attributes."),
    controllerPublishSecretRef: SecretReferenceSchema.doc("Secret for ControllerPublish calls."),
    nodeStageSecretRef: SecretReferenceSchema.doc("Secret for NodeStage calls."),
    nodePublishSecretRef: SecretReferenceSchema.doc("Secret for NodePublish calls."),
    controllerExpandSecretRef: SecretReferenceSchema.doc("Secret for ControllerExpand calls."),
    nodeExpandSecretRef: SecretReferenceSchema.doc("Secret for NodeExpand calls."),
  },
  { name: "io.k8s.api.core.v1.CSIPersistentVolumeSource", description: "A volume managed by a CSI driver.", required: ["driver", "volumeHandle"] },
);
export type CSIPersistentVolumeSource = Infer<typeof CSIPersistentVolumeSourceSchema>;

/** Fields of PersistentVolumeSource, inlined into the types that embed it. */
export const PersistentVolumeSourceFields = {
  gcePersistentDisk: GCEPersistentDiskVolumeSourceSchema.doc("Deprecated: a GCE persistent disk."),
  awsElasticBlockStore: AWSElasticBlockStoreVolumeSourceSchema.doc("Deprecated: an AWS EBS volume."),
  hostPath: HostPathVolumeSourceSchema.doc("A directory on the node; for single-node testing."),
  glusterfs: GlusterfsPersistentVolumeSourceSchema.doc("Deprecated: a GlusterFS volume."),
  nfs: NFSVolumeSourceSchema.doc("An NFS export."),
  rbd: RBDPersistentVolumeSourceSchema.doc("Deprecated: a Rados block device."),
  iscsi: ISCSIPersistentVolumeSourceSchema.doc("An iSCSI disk."),
  cinder: CinderPersistentVolumeSourceSchema.doc("Deprecated: an OpenStack Cinder volume."),
  cephfs: CephFSPersistentVolumeSourceSchema.doc("Deprecated: a CephFS mount."),
  fc: FCVolumeSourceSchema.doc("A Fibre Channel disk."),
  flocker: FlockerVolumeSourceSchema.doc("Deprecated: a Flocker dataset."),
  flexVolume: FlexPersistentVolumeSourceSchema.doc("Deprecated: a FlexVolume driver volume."),
  azureFile: AzureFilePersistentVolumeSourceSchema.doc("Deprecated: an Azure File share."),
  vsphereVolume: VsphereVirtualDiskVolumeSourceSchema.doc("Deprecated: a vSphere volume."),
  quobyte: QuobyteVolumeSourceSchema.doc("Deprecated: a Quobyte volume."),
  azureDisk: AzureDiskVolumeSourceSchema.doc("Deprecated: an Azure data disk."),
  photonPersistentDisk: PhotonPersistentDiskVolumeSourceSchema.doc("Deprecated: a Photon Controller disk."),
  portworxVolume: PortworxVolumeSourceSchema.doc("Deprecated: a Portworx volume."),
  scaleIO: ScaleIOPersistentVolumeSourceSchema.doc("Deprecated: a ScaleIO volume."),
  local: LocalVolumeSourceSchema.doc("A local disk, partition or directory of one node."),
  storageos: StorageOSPersistentVolumeSourceSchema.doc("Deprecated: a StorageOS volume."),
  csi: CSIPersistentVolumeSourceSchema.doc("A volume managed by a CSI driver."),
};
export const PersistentVolumeSourceSchema = s.object(PersistentVolumeSourceFields, { name: "io.k8s.api.core.v1.PersistentVolumeSource", description: "Where a persistent volume's storage lives; exactly one source is set." });
export type PersistentVolumeSource = Infer<typeof PersistentVolumeSourceSchema>;
