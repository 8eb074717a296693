/** OCI image-spec and Docker schema 2 shapes and media types used by the store. */

export const MediaType = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar",
} as const;

export const ANNOTATION_IMAGE_NAME = "io.containerd.image.name";
export const ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** The `config` object of an image configuration (what a container runs). */
export interface ImageRunConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export interface ImageConfig {
  created?: string;
  architecture: string;
  os: string;
  config?: ImageRunConfig;
  rootfs: { type: "layers"; diff_ids: string[] };
  history?: Array<Record<string, unknown>>;
}

export function isIndexMediaType(t: string | undefined): boolean {
  return t === MediaType.ociIndex || t === MediaType.dockerManifestList;
}

export function isManifestMediaType(t: string | undefined): boolean {
  return t === MediaType.ociManifest || t === MediaType.dockerManifest;
}

/** This host's platform in OCI terms. */
export function hostPlatform(): Platform {
  const arch = process.arch === "x64" ? "amd64" : process.arch === "arm64" ? "arm64" : process.arch;
  return { os: "linux", architecture: arch };
}

/** Picks the manifest for `want` from an index (first match; a missing platform matches anything). */
export function selectPlatform(index: ImageIndex, want: Platform = hostPlatform()): Descriptor | undefined {
  const candidates = index.manifests.filter((m) => isManifestMediaType(m.mediaType) || isIndexMediaType(m.mediaType) || !m.mediaType);
  return (
    candidates.find((m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture) ??
    candidates.find((m) => m.platform === undefined && !isAttestation(m))
  );
}

function isAttestation(d: Descriptor): boolean {
  return d.annotations?.["vnd.docker.reference.type"] === "attestation-manifest";
}
