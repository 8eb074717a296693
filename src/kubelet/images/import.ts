/**
 * Import of image archives into the store: OCI image layouts (a directory or a tar of
 * one) and docker-archive tarballs (`docker save`), optionally gzip- or
 * zstd-compressed. Names come from the OCI index annotations
 * (io.containerd.image.name, else a fully qualified org.opencontainers.image.ref.name,
 * else `<baseName>:<ref.name>`) or from docker-archive RepoTags, normalized as
 * containerd does.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import {
  ANNOTATION_IMAGE_NAME,
  ANNOTATION_REF_NAME,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  isIndexMediaType,
  MediaType,
  selectPlatform,
} from "./oci.ts";
import { normalizeImageRef } from "./reference.ts";
import type { ImageRecord, ImageStore } from "./store.ts";
import { readTar } from "./tar/reader.ts";

export interface ImportOptions {
  /** Names tag-only ref.name annotations: `<baseName>:<tag>`. */
  baseName?: string;
  /** Unpack layers right away (default true). */
  unpack?: boolean;
}

export interface ImportResult {
  images: ImageRecord[];
  warnings: string[];
}

const META_FILES = new Set(["index.json", "manifest.json", "oci-layout", "repositories"]);

/** An archive's files: metadata in memory, everything else as blobs in the store. */
interface ArchiveFiles {
  meta: Map<string, string>;
  /** archive path -> blob digest */
  blobs: Map<string, string>;
}

export async function importImage(store: ImageStore, file: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const files = statSync(file).isDirectory() ? await readLayoutDir(store, file) : await readArchive(store, file);
  const warnings: string[] = [];
  let images: ImageRecord[];
  if (files.meta.has("index.json")) images = await importOci(store, files, opts, warnings);
  else if (files.meta.has("manifest.json")) images = await importDocker(store, files, warnings);
  else throw new Error(`${file}: neither an OCI image layout (index.json) nor a docker archive (manifest.json)`);
  if (opts.unpack !== false) for (const img of images) await store.unpack(img);
  return { images, warnings };
}

async function readArchive(store: ImageStore, file: string): Promise<ArchiveFiles> {
  const out: ArchiveFiles = { meta: new Map(), blobs: new Map() };
  const links = new Map<string, string>();
  const bunFile = Bun.file(file);
  const head = new Uint8Array(await bunFile.slice(0, 4).arrayBuffer());
  let stream: ReadableStream<Uint8Array> = bunFile.stream();
  if (head[0] === 0x1f && head[1] === 0x8b) stream = bunFile.stream().pipeThrough(new DecompressionStream("gzip"));
  else if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd)
    stream = new Blob([Bun.zstdDecompressSync(new Uint8Array(await bunFile.arrayBuffer()))]).stream();
  for await (const { header, data } of readTar(stream)) {
    const path = posix.normalize(header.name).replace(/^\.\//, "").replace(/\/$/, "");
    if (header.type === "symlink") links.set(path, posix.normalize(posix.join(posix.dirname(path), header.linkname)));
    else if (header.type === "hardlink") links.set(path, posix.normalize(header.linkname));
    if (header.type !== "file") continue;
    if (META_FILES.has(path)) {
      out.meta.set(path, new TextDecoder().decode(data));
      continue;
    }
    const m = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(path);
    out.blobs.set(path, await store.blobs.put(data, m ? `sha256:${m[1]}` : undefined));
  }
  for (const [from, to] of links) {
    const d = out.blobs.get(to);
    if (d !== undefined) out.blobs.set(from, d);
  }
  return out;
}

async function readLayoutDir(store: ImageStore, dir: string): Promise<ArchiveFiles> {
  const out: ArchiveFiles = { meta: new Map(), blobs: new Map() };
  for (const f of META_FILES) if (existsSync(join(dir, f))) out.meta.set(f, readFileSync(join(dir, f), "utf8"));
  const blobDir = join(dir, "blobs", "sha256");
  if (existsSync(blobDir))
    for (const hex of readdirSync(blobDir)) {
      if (!lstatSync(join(blobDir, hex)).isFile()) continue;
      const r = await store.blobs.putStream(Bun.file(join(blobDir, hex)).stream(), `sha256:${hex}`);
      out.blobs.set(`blobs/sha256/${hex}`, r.digest);
    }
  return out;
}

function nameFor(desc: Descriptor, opts: ImportOptions, warnings: string[]): string | undefined {
  const full = desc.annotations?.[ANNOTATION_IMAGE_NAME];
  const refName = desc.annotations?.[ANNOTATION_REF_NAME];
  const candidate = full ?? (refName === undefined ? undefined : /[/:@]/.test(refName) ? refName : opts.baseName ? `${opts.baseName}:${refName}` : undefined);
  if (candidate === undefined) {
    if (refName !== undefined) warnings.push(`image ${desc.digest} has only the tag "${refName}" and no base name: imported without a name`);
    return undefined;
  }
  try {
    return normalizeImageRef(candidate);
  } catch (e) {
    warnings.push(`image ${desc.digest}: ${(e as Error).message}`);
    return undefined;
  }
}

async function importOci(store: ImageStore, files: ArchiveFiles, opts: ImportOptions, warnings: string[]): Promise<ImageRecord[]> {
  const index = JSON.parse(files.meta.get("index.json")!) as ImageIndex;
  const byTarget = new Map<string, { manifest: string; names: string[] }>();
  for (const desc of index.manifests) {
    let manifestDesc: Descriptor | undefined = desc;
    // Walk nested indexes down to this platform's manifest.
    for (let depth = 0; manifestDesc && isIndexMediaType(manifestDesc.mediaType) && depth < 4; depth++) {
      if (!store.blobs.has(manifestDesc.digest)) throw new Error(`index blob ${manifestDesc.digest} missing from archive`);
      manifestDesc = selectPlatform(await store.blobs.readJson<ImageIndex>(manifestDesc.digest));
    }
    if (!manifestDesc) {
      warnings.push(`no manifest for this platform in ${desc.digest}`);
      continue;
    }
    if (!store.blobs.has(manifestDesc.digest)) {
      warnings.push(`manifest ${manifestDesc.digest} missing from archive`);
      continue;
    }
    const entry = byTarget.get(desc.digest) ?? { manifest: manifestDesc.digest, names: [] };
    const name = nameFor(desc, opts, warnings);
    if (name !== undefined) entry.names.push(name);
    byTarget.set(desc.digest, entry);
  }
  const out: ImageRecord[] = [];
  for (const [target, e] of byTarget) out.push(await store.commit(e.manifest, e.names, target));
  return out;
}

interface DockerManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

async function importDocker(store: ImageStore, files: ArchiveFiles, warnings: string[]): Promise<ImageRecord[]> {
  const entries = JSON.parse(files.meta.get("manifest.json")!) as DockerManifestEntry[];
  const out: ImageRecord[] = [];
  for (const e of entries) {
    const configDigest = files.blobs.get(posix.normalize(e.Config));
    if (!configDigest) throw new Error(`docker archive: config ${e.Config} missing`);
    const layers: Descriptor[] = [];
    for (const l of e.Layers) {
      const d = files.blobs.get(posix.normalize(l));
      if (!d) throw new Error(`docker archive: layer ${l} missing`);
      const head = new Uint8Array(await Bun.file(store.blobs.path(d)).slice(0, 2).arrayBuffer());
      const gz = head[0] === 0x1f && head[1] === 0x8b;
      layers.push({ mediaType: gz ? MediaType.dockerLayerGzip : MediaType.dockerLayer, digest: d, size: store.blobs.size(d) });
    }
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { mediaType: MediaType.dockerConfig, digest: configDigest, size: store.blobs.size(configDigest) },
      layers,
    };
    const manifestDigest = await store.blobs.put(JSON.stringify(manifest));
    const names: string[] = [];
    for (const t of e.RepoTags ?? []) {
      try {
        names.push(normalizeImageRef(t));
      } catch (err) {
        warnings.push(`RepoTag ${t}: ${(err as Error).message}`);
      }
    }
    out.push(await store.commit(manifestDigest, names));
  }
  return out;
}

