/** core/v1 pod volumes and their sources. */
import { s, type Infer } from "../../schema/dsl.ts";
import { KeyToPathSchema, LocalObjectReferenceFields, LocalObjectReferenceSchema, TypedLocalObjectReferenceSchema, TypedObjectReferenceSchema, VolumeResourceRequirementsSchema } from "./common.ts";
import { DownwardAPIVolumeFileSchema, ProjectedVolumeSourceSchema } from "./projected-volume.ts";
import { LabelSelectorSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const HostPathVolumeSourceSchema = s.object(
  {
    path: s.string().doc("Path on the node."),
    type: s.enum(["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"]).doc("What must exist at the path: \"\", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice."),
  },
  { name: "io.k8s.api.core.v1.HostPathVolumeSource", description: "A file or directory on the node.", required: ["path"] },
);
export type HostPathVolumeSource = Infer<typeof HostPathVolumeSourceSchema>;

export const EmptyDirVolumeSourceSchema = s.object(
  {
    medium: s.string().doc("Storage medium: \"\" for the node's disk, or Memory for tmpfs."),
    sizeLimit: s.quantity().doc("Maximum size of the volume."),
  },
  { name: "io.k8s.api.core.v1.EmptyDirVolumeSource", description: "A temporary directory shared by the pod's containers." },
);
export type EmptyDirVolumeSource = Infer<typeof EmptyDirVolumeSourceSchema>;

export const GCEPersistentDiskVolumeSourceSchema = s.object(
  {
    pdName: s.string().doc("Name of the disk."),
    fsType: s.string().doc("Filesystem type."),
    partition: s.int32().doc("Partition to mount."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.GCEPersistentDiskVolumeSource", description: "A GCE persistent disk.", required: ["pdName"] },
);
export type GCEPersistentDiskVolumeSource = Infer<typeof GCEPersistentDiskVolumeSourceSchema>;

export const AWSElasticBlockStoreVolumeSourceSchema = s.object(
  {
    volumeID: s.string().doc("ID of the volume."),
    fsType: s.string().doc("Filesystem type."),
    partition: s.int32().doc("Partition to mount."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource", description: "An AWS EBS volume.", required: ["volumeID"] },
);
export type AWSElasticBlockStoreVolumeSource = Infer<typeof AWSElasticBlockStoreVolumeSourceSchema>;

export const GitRepoVolumeSourceSchema = s.object(
  {
    repository: s.string().doc("Repository URL."),
    revision: s.string().doc("Commit hash to check out."),
    directory: s.string().doc("Target directory name."),
  },
  { name: "io.k8s.api.core.v1.GitRepoVolumeSource", description: "A git repository checked out into a directory.", required: ["repository"] },
);
export type GitRepoVolumeSource = Infer<typeof GitRepoVolumeSourceSchema>;

export const SecretVolumeSourceSchema = s.object(
  {
    secretName: s.string().doc("Name of the Secret in the pod's namespace."),
    items: s.array(KeyToPathSchema, { listType: "atomic" }).doc("Keys to project and their paths; all keys when empty."),
    defaultMode: s.int32().doc("Mode bits of the created files; defaults to 0644."),
    optional: s.boolean().doc("Whether the Secret or its keys may be missing."),
  },
  { name: "io.k8s.api.core.v1.SecretVolumeSource", description: "Projects the keys of a Secret as files." },
);
export type SecretVolumeSource = Infer<typeof SecretVolumeSourceSchema>;

export const NFSVolumeSourceSchema = s.object(
  {
    server: s.string().doc("NFS server host name or address."),
    path: s.string().doc("Exported path."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.NFSVolumeSource", description: "An NFS mount.", required: ["server", "path"] },
);
export type NFSVolumeSource = Infer<typeof NFSVolumeSourceSchema>;

export const ISCSIVolumeSourceSchema = s.object(
  {
    targetPortal: s.string().doc("Target portal, IP or host with optional port."),
    iqn: s.string().doc("Target iSCSI qualified name."),
    lun: s.int32().doc("Target LUN number."),
    iscsiInterface: s.string().doc("iSCSI interface name."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
    portals: s.array(s.string(), { listType: "atomic" }).doc("Additional target portals."),
    chapAuthDiscovery: s.boolean().doc("Use CHAP discovery authentication."),
    chapAuthSession: s.boolean().doc("Use CHAP session authentication."),
    secretRef: LocalObjectReferenceSchema.doc("Secret with the CHAP credentials."),
    initiatorName: s.string().doc("Custom initiator name."),
  },
  { name: "io.k8s.api.core.v1.ISCSIVolumeSource", description: "An iSCSI disk.", required: ["targetPortal", "iqn", "lun"] },
);
export type ISCSIVolumeSource = Infer<typeof ISCSIVolumeSourceSchema>;

export const GlusterfsVolumeSourceSchema = s.object(
  {
    endpoints: s.string().doc("Endpoints object naming the cluster."),
    path: s.string().doc("Volume path."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.GlusterfsVolumeSource", description: "A GlusterFS mount.", required: ["endpoints", "path"] },
);
export type GlusterfsVolumeSource = Infer<typeof GlusterfsVolumeSourceSchema>;

export const PersistentVolumeClaimVolumeSourceSchema = s.object(
  {
    claimName: s.string().doc("Name of the PersistentVolumeClaim in the pod's namespace."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource", description: "Mounts the volume bound to a claim.", required: ["claimName"] },
);
export type PersistentVolumeClaimVolumeSource = Infer<typeof PersistentVolumeClaimVolumeSourceSchema>;

export const RBDVolumeSourceSchema = s.object(
  {
    monitors: s.array(s.string(), { listType: "atomic" }).doc("Ceph monitors."),
    image: s.string().doc("Image name."),
    fsType: s.string().doc("Filesystem type."),
    pool: s.string().doc("Rados pool."),
    user: s.string().doc("Rados user."),
    keyring: s.string().doc("Path of the keyring."),
    secretRef: LocalObjectReferenceSchema.doc("Secret with the authentication key."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.RBDVolumeSource", description: "A Rados block device.", required: ["monitors", "image"] },
);
export type RBDVolumeSource = Infer<typeof RBDVolumeSourceSchema>;

export const FlexVolumeSourceSchema = s.object(
  {
    driver: s.string().doc("Driver name."),
    fsType: s.string().doc("Filesystem type."),
    secretRef: LocalObjectReferenceSchema.doc("Secret passed to the driver."),
    readOnly: s.boolean().doc("Mount read-only."),
    options: s.map(s.string()).doc("Extra driver options."),
  },
  { name: "io.k8s.api.core.v1.FlexVolumeSource", description: "A volume provided by a FlexVolume driver.", required: ["driver"] },
);
export type FlexVolumeSource = Infer<typeof FlexVolumeSourceSchema>;

export const CinderVolumeSourceSchema = s.object(
  {
    volumeID: s.string().doc("Volume ID."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
    secretRef: LocalObjectReferenceSchema.doc("Secret with connection parameters."),
  },
  { name: "io.k8s.api.core.v1.CinderVolumeSource", description: "An OpenStack Cinder volume.", required: ["volumeID"] },
);
export type CinderVolumeSource = Infer<typeof CinderVolumeSourceSchema>;

export const CephFSVolumeSourceSchema = s.object(
  {
    monitors: s.array(s.string(), { listType: "atomic" }).doc("Ceph monitors."),
    path: s.string().doc("Root path of the mount."),
    user: s.string().doc("Rados user."),
    secretFile: s.string().doc("Path of the keyring."),
    secretRef: LocalObjectReferenceSchema.doc("Secret with the authentication key."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.CephFSVolumeSource", description: "A CephFS mount.", required: ["monitors"] },
);
export type CephFSVolumeSource = Infer<typeof CephFSVolumeSourceSchema>;

export const FlockerVolumeSourceSchema = s.object(
  {
    datasetName: s.string().doc("Dataset name."),
    datasetUUID: s.string().doc("Dataset UUID."),
  },
  { name: "io.k8s.api.core.v1.FlockerVolumeSource", description: "A Flocker dataset." },
);
export type FlockerVolumeSource = Infer<typeof FlockerVolumeSourceSchema>;

export const DownwardAPIVolumeSourceSchema = s.object(
  {
    items: s.array(DownwardAPIVolumeFileSchema, { listType: "atomic" }).doc("The files to create."),
    defaultMode: s.int32().doc("Mode bits of the created files; defaults to 0644."),
  },
  { name: "io.k8s.api.core.v1.DownwardAPIVolumeSource", description: "Pod information exposed as files." },
);
export type DownwardAPIVolumeSource = Infer<typeof DownwardAPIVolumeSourceSchema>;

export const FCVolumeSourceSchema = s.object(
  {
    targetWWNs: s.array(s.string(), { listType: "atomic" }).doc("Target world wide names."),
    lun: s.int32().doc("Target LUN."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
    wwids: s.array(s.string(), { listType: "atomic" }).doc("World wide identifiers."),
  },
  { name: "io.k8s.api.core.v1.FCVolumeSource", description: "A Fibre Channel disk." },
);
export type FCVolumeSource = Infer<typeof FCVolumeSourceSchema>;

export const AzureFileVolumeSourceSchema = s.object(
  {
    secretName: s.string().doc("Secret with the account name and key."),
    shareName: s.string().doc("Share name."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.AzureFileVolumeSource", description: "An Azure File share.", required: ["secretName", "shareName"] },
);
export type AzureFileVolumeSource = Infer<typeof AzureFileVolumeSourceSchema>;

export const ConfigMapVolumeSourceSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    items: s.array(KeyToPathSchema, { listType: "atomic" }).doc("Keys to project and their paths; all keys when empty."),
    defaultMode: s.int32().doc("Mode bits of the created files; defaults to 0644."),
    optional: s.boolean().doc("Whether the ConfigMap or its keys may be missing."),
  },
  { name: "io.k8s.api.core.v1.ConfigMapVolumeSource", description: "Projects the keys of a ConfigMap as files." },
);
export type ConfigMapVolumeSource = Infer<typeof ConfigMapVolumeSourceSchema>;

export const VsphereVirtualDiskVolumeSourceSchema = s.object(
  {
    volumePath: s.string().doc("Path of the disk."),
    fsType: s.string().doc("Filesystem type."),
    storagePolicyName: s.string().doc("Storage policy name."),
    storagePolicyID: s.string().doc("Storage policy ID."),
  },
  { name: "io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource", description: "A vSphere disk.", required: ["volumePath"] },
);
export type VsphereVirtualDiskVolumeSource = Infer<typeof VsphereVirtualDiskVolumeSourceSchema>;

export const QuobyteVolumeSourceSchema = s.object(
  {
    registry: s.string().doc("Registry services."),
    volume: s.string().doc("Volume name."),
    readOnly: s.boolean().doc("Mount read-only."),
    user: s.string().doc("User to map access to."),
    group: s.string().doc("Group to map access to."),
    tenant: s.string().doc("Owning tenant."),
  },
  { name: "io.k8s.api.core.v1.QuobyteVolumeSource", description: "A Quobyte mount.", required: ["registry", "volume"] },
);
export type QuobyteVolumeSource = Infer<typeof QuobyteVolumeSourceSchema>;

export const AzureDiskVolumeSourceSchema = s.object(
  {
    diskName: s.string().doc("Disk name."),
    diskURI: s.string().doc("Disk URI."),
    cachingMode: s.enum(["None", "ReadOnly", "ReadWrite"]).doc("Host caching mode."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
    kind: s.enum(["Shared", "Dedicated", "Managed"]).doc("Shared, Dedicated or Managed."),
  },
  { name: "io.k8s.api.core.v1.AzureDiskVolumeSource", description: "An Azure data disk.", required: ["diskName", "diskURI"] },
);
export type AzureDiskVolumeSource = Infer<typeof AzureDiskVolumeSourceSchema>;

export const PhotonPersistentDiskVolumeSourceSchema = s.object(
  {
    pdID: s.string().doc("Disk ID."),
    fsType: s.string().doc("Filesystem type."),
  },
  { name: "io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource", description: "A Photon Controller disk.", required: ["pdID"] },
);
export type PhotonPersistentDiskVolumeSource = Infer<typeof PhotonPersistentDiskVolumeSourceSchema>;

export const PortworxVolumeSourceSchema = s.object(
  {
    volumeID: s.string().doc("Volume ID."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.PortworxVolumeSource", description: "A Portworx volume.", required: ["volumeID"] },
);
export type PortworxVolumeSource = Infer<typeof PortworxVolumeSourceSchema>;

export const ScaleIOVolumeSourceSchema = s.object(
  {
    gateway: s.string().doc("Gateway host."),
    system: s.string().doc("Storage system name."),
    secretRef: LocalObjectReferenceSchema.doc("Secret with the credentials."),
    sslEnabled: s.boolean().doc("Use SSL to the gateway."),
    protectionDomain: s.string().doc("Protection domain."),
    storagePool: s.string().doc("Storage pool."),
    storageMode: s.string().doc("ThickProvisioned or ThinProvisioned."),
    volumeName: s.string().doc("Volume name."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
  },
  { name: "io.k8s.api.core.v1.ScaleIOVolumeSource", description: "A ScaleIO volume.", required: ["gateway", "system", "secretRef"] },
);
export type ScaleIOVolumeSource = Infer<typeof ScaleIOVolumeSourceSchema>;

export const StorageOSVolumeSourceSchema = s.object(
  {
    volumeName: s.string().doc("Volume name."),
    volumeNamespace: s.string().doc("StorageOS namespace."),
    fsType: s.string().doc("Filesystem type."),
    readOnly: s.boolean().doc("Mount read-only."),
    secretRef: LocalObjectReferenceSchema.doc("Secret with the API credentials."),
  },
  { name: "io.k8s.api.core.v1.StorageOSVolumeSource", description: "A StorageOS volume." },
);
export type StorageOSVolumeSource = Infer<typeof StorageOSVolumeSourceSchema>;

export const CSIVolumeSourceSchema = s.object(
  {
    driver: s.string().doc("CSI driver name."),
    readOnly: s.boolean().doc("Mount read-only."),
    fsType: s.string().doc("Filesystem type."),
    volumeAttributes: s.map(s.string()).doc("Driver-specific attributes."),
    nodePublishSecretRef: LocalObjectReferenceSchema.doc("Secret passed to the driver's publish calls."),
  },
  { name: "io.k8s.api.core.v1.CSIVolumeSource", description: "An ephemeral volume provided by a CSI driver.", required: ["driver"] },
);
export type CSIVolumeSource = Infer<typeof CSIVolumeSourceSchema>;

export const PersistentVolumeClaimSpecSchema = s.object(
  {
    accessModes: s.array(s.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]), { listType: "atomic" }).doc("Access modes required, such as ReadWriteOnce."),
    selector: LabelSelectorSchema.doc("Label query over volumes to bind to."),
    resources: VolumeResourceRequirementsSchema.doc("Minimum storage required."),
    volumeName: s.string().doc("Bind to this PersistentVolume."),
    storageClassName: s.string().doc("StorageClass to provision from."),
    volumeMode: s.enum(["Block", "Filesystem"]).doc("Filesystem or Block."),
    dataSource: TypedLocalObjectReferenceSchema.doc("Existing object (snapshot or claim) to populate the volume from."),
    dataSourceRef: TypedObjectReferenceSchema.doc("Object, possibly of a custom kind, to populate the volume from."),
    volumeAttributesClassName: s.string().doc("VolumeAttributesClass the claim uses."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimSpec", description: "The storage a claim asks for." },
);
export type PersistentVolumeClaimSpec = Infer<typeof PersistentVolumeClaimSpecSchema>;

export const PersistentVolumeClaimTemplateSchema = s.object(
  {
    metadata: ObjectMetaSchema.doc("Labels and annotations copied to the claim."),
    spec: PersistentVolumeClaimSpecSchema.doc("Spec of the claim."),
  },
  { name: "io.k8s.api.core.v1.PersistentVolumeClaimTemplate", description: "Template of a claim created for an ephemeral volume.", required: ["spec"] },
);
export type PersistentVolumeClaimTemplate = Infer<typeof PersistentVolumeClaimTemplateSchema>;

export const EphemeralVolumeSourceSchema = s.object(
  {
    volumeClaimTemplate: PersistentVolumeClaimTemplateSchema.doc("Template of the PersistentVolumeClaim to create."),
  },
  { name: "io.k8s.api.core.v1.EphemeralVolumeSource", description: "A volume backed by a claim created with the pod and deleted with it." },
);
export type EphemeralVolumeSource = Infer<typeof EphemeralVolumeSourceSchema>;

export const ImageVolumeSourceSchema = s.object(
  {
    reference: s.string().doc("Image or artifact reference."),
    pullPolicy: s.enum(["Always", "Never", "IfNotPresent"]).doc("Always, Never or IfNotPresent."),
  },
  { name: "io.k8s.api.core.v1.ImageVolumeSource", description: "An OCI image or artifact mounted as a volume." },
);
export type ImageVolumeSource = Infer<typeof ImageVolumeSourceSchema>;

/** Fields of VolumeSource, inlined into the types that embed it. */
export const VolumeSourceFields = {
  hostPath: HostPathVolumeSourceSchema.doc("A file or directory on the node."),
  emptyDir: EmptyDirVolumeSourceSchema.doc("A temporary directory that lives as long as the pod."),
  gcePersistentDisk: GCEPersistentDiskVolumeSourceSchema.doc("Deprecated: a GCE persistent disk."),
  awsElasticBlockStore: AWSElasticBlockStoreVolumeSourceSchema.doc("Deprecated: an AWS EBS volume."),
  gitRepo: GitRepoVolumeSourceSchema.doc("Deprecated: a git repository cloned into an empty directory."),
  secret: SecretVolumeSourceSchema.doc("The keys of a Secret as files."),
  nfs: NFSVolumeSourceSchema.doc("An NFS export."),
  iscsi: ISCSIVolumeSourceSchema.doc("An iSCSI disk."),
  glusterfs: GlusterfsVolumeSourceSchema.doc("Deprecated: a GlusterFS volume."),
  persistentVolumeClaim: PersistentVolumeClaimVolumeSourceSchema.doc("A PersistentVolumeClaim in the same namespace."),
  rbd: RBDVolumeSourceSchema.doc("Deprecated: a Rados block device."),
  flexVolume: FlexVolumeSourceSchema.doc("Deprecated: a volume managed by a FlexVolume driver."),
  cinder: CinderVolumeSourceSchema.doc("Deprecated: an OpenStack Cinder volume."),
  cephfs: CephFSVolumeSourceSchema.doc("Deprecated: a CephFS mount."),
  flocker: FlockerVolumeSourceSchema.doc("Deprecated: a Flocker dataset."),
  downwardAPI: DownwardAPIVolumeSourceSchema.doc("Pod fields and resource values as files."),
  fc: FCVolumeSourceSchema.doc("A Fibre Channel disk."),
  azureFile: AzureFileVolumeSourceSchema.doc("Deprecated: an Azure File share."),
  configMap: ConfigMapVolumeSourceSchema.doc("The keys of a ConfigMap as files."),
  vsphereVolume: VsphereVirtualDiskVolumeSourceSchema.doc("Deprecated: a vSphere volume."),
  quobyte: QuobyteVolumeSourceSchema.doc("Deprecated: a Quobyte volume."),
  azureDisk: AzureDiskVolumeSourceSchema.doc("Deprecated: an Azure data disk."),
  photonPersistentDisk: PhotonPersistentDiskVolumeSourceSchema.doc("Deprecated: a Photon Controller disk."),
  projected: ProjectedVolumeSourceSchema.doc("Several sources (secrets, configMaps, downward API, tokens) combined in one directory."),
  portworxVolume: PortworxVolumeSourceSchema.doc("Deprecated: a Portworx volume."),
  scaleIO: ScaleIOVolumeSourceSchema.doc("Deprecated: a ScaleIO volume."),
  storageos: StorageOSVolumeSourceSchema.doc("Deprecated: a StorageOS volume."),
  csi: CSIVolumeSourceSchema.doc("An ephemeral volume provided by a CSI driver."),
  ephemeral: EphemeralVolumeSourceSchema.doc("A volume from a PersistentVolumeClaim created and deleted with the pod."),
  image: ImageVolumeSourceSchema.doc("An OCI image or artifact mounted read-only."),
};
export const VolumeSourceSchema = s.object(VolumeSourceFields, { name: "io.k8s.api.core.v1.VolumeSource", description: "Where a volume's data comes from; exactly one source is set." });
export type VolumeSource = Infer<typeof VolumeSourceSchema>;

export const VolumeSchema = s.object(
  {
    name: s.string().doc("Name of the volume, unique within the pod (DNS label)."),
    ...VolumeSourceFields,
  },
  { name: "io.k8s.api.core.v1.Volume", description: "A named volume that containers of the pod can mount. Exactly one source must be set.", required: ["name"] },
);
export type Volume = Infer<typeof VolumeSchema>;
