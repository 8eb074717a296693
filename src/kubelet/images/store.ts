/**
 * The node's image store under <dataDir>/agent/images-store: blobs by digest,
 * unpacked layers by diffID, and images.json mapping normalized names to image
 * records. Writes within a process are serialized and replace images.json whole (rename),
 * so readers see whole files. Another process may write it too (`kubun images import`
 * while the node runs): each read and write first reloads the index when the file is not
 * the one this store last read or wrote, so the running kubelet sees imported images and
 * does not overwrite them with its older copy.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BlobStore } from "./blobs.ts";
import { DIGEST_RE } from "./digest.ts";
import { type LayerMeta, LayerStore } from "./layers.ts";
import type { ImageConfig, ImageManifest } from "./oci.ts";
import { parseReference, repositoryOf } from "./reference.ts";
import type { LayerFormat } from "./unpack.ts";

export interface ImageLayer {
  digest: string;
  mediaType: string;
  size: number;
  diffID: string;
}

export interface ImageRecord {
  /** The config digest: what `crictl images` calls IMAGE ID and status.imageID reports. */
  id: string;
  /** The platform manifest the layers come from. */
  manifestDigest: string;
  /** The digest names point at (an index for multi-platform images), used in repoDigests. */
  targetDigest: string;
  names: string[];
  repoDigests: string[];
  /** Compressed size of config and layers. */
  size: number;
  layers: ImageLayer[];
  config: ImageConfig;
  importedAt: string;
}

interface IndexFile {
  version: 1;
  images: ImageRecord[];
}

export class ImageNotFoundError extends Error {
  constructor(readonly ref: string) {
    super(`image "${ref}" not found`);
  }
}

export class ImageStore {
  readonly blobs: BlobStore;
  readonly layers: LayerStore;
  private images = new Map<string, ImageRecord>();
  /** Identity (inode, mtime, size) of the images.json this store last read or wrote. */
  private seen = "";
  private writeChain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly root: string,
    layerFormat: LayerFormat = "plain",
  ) {
    mkdirSync(root, { recursive: true });
    this.blobs = new BlobStore(root);
    this.layers = new LayerStore(root, this.blobs, layerFormat);
    this.load();
  }

  private get indexPath(): string {
    return join(this.root, "images.json");
  }

  private fileIdentity(): string {
    try {
      const st = statSync(this.indexPath);
      return `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return "";
    }
  }

  /** Reloads images.json if it changed on disk since this store last read or wrote it. */
  private load(): void {
    const id = this.fileIdentity();
    if (id === this.seen) return;
    const images = new Map<string, ImageRecord>();
    if (id !== "") {
      const idx = JSON.parse(readFileSync(this.indexPath, "utf8")) as IndexFile;
      for (const r of idx.images) images.set(r.manifestDigest, r);
    }
    this.images = images;
    this.seen = id;
  }

  private save(): void {
    const tmp = `${this.indexPath}.tmp-${process.pid}`;
    const idx: IndexFile = { version: 1, images: [...this.images.values()] };
    writeFileSync(tmp, JSON.stringify(idx, null, 1));
    renameSync(tmp, this.indexPath);
    this.seen = this.fileIdentity();
  }

  private serialize<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.writeChain.then(fn, fn);
    this.writeChain = next.catch(() => {});
    return next;
  }

  list(): ImageRecord[] {
    this.load();
    return [...this.images.values()].sort((a, b) => (a.names[0] ?? a.id).localeCompare(b.names[0] ?? b.id));
  }

  /**
   * Finds an image by name (normalized), by repo@digest, by manifest or target
   * digest, or by image id (full "sha256:..." or a hex prefix of at least 12).
   */
  resolve(ref: string): ImageRecord | undefined {
    this.load();
    if (DIGEST_RE.test(ref)) {
      for (const r of this.images.values()) if (r.id === ref || r.manifestDigest === ref || r.targetDigest === ref) return r;
      return undefined;
    }
    if (/^[a-f0-9]{12,64}$/.test(ref)) {
      const matches = [...this.images.values()].filter((r) => r.id.slice(7).startsWith(ref));
      if (matches.length === 1) return matches[0];
    }
    let parsed;
    try {
      parsed = parseReference(ref);
    } catch {
      return undefined;
    }
    if (parsed.digest !== undefined) {
      const repo = repositoryOf(parsed);
      for (const r of this.images.values())
        if ((r.targetDigest === parsed.digest || r.manifestDigest === parsed.digest) && (r.repoDigests.some((d) => d.startsWith(repo + "@")) || r.names.some((n) => n.startsWith(repo + ":"))))
          return r;
      // containerd accepts an image by digest regardless of the repository it came from
      for (const r of this.images.values()) if (r.targetDigest === parsed.digest || r.manifestDigest === parsed.digest) return r;
      return undefined;
    }
    const full = `${repositoryOf(parsed)}:${parsed.tag}`;
    for (const r of this.images.values()) if (r.names.includes(full)) return r;
    return undefined;
  }

  /**
   * Records an image whose manifest, config and layer blobs are in the blob store,
   * under the given normalized names (moved from any image that held them);
   * `repos` adds repositories for repoDigests (a pull by digest has no name).
   */
  commit(manifestDigest: string, names: string[], targetDigest = manifestDigest, repos: string[] = []): Promise<ImageRecord> {
    return this.serialize(async () => {
      const manifest = await this.blobs.readJson<ImageManifest>(manifestDigest);
      const config = await this.blobs.readJson<ImageConfig>(manifest.config.digest);
      const diffIDs = config.rootfs?.diff_ids ?? [];
      if (diffIDs.length !== manifest.layers.length)
        throw new Error(`image config lists ${diffIDs.length} diff_ids for ${manifest.layers.length} layers`);
      const layers: ImageLayer[] = manifest.layers.map((l, i) => {
        if (!this.blobs.has(l.digest)) throw new Error(`layer blob ${l.digest} is missing`);
        return { digest: l.digest, mediaType: l.mediaType, size: l.size, diffID: diffIDs[i]! };
      });
      this.load(); // from here to save() nothing awaits: another process's write is merged, not lost
      for (const other of this.images.values()) {
        if (other.manifestDigest === manifestDigest) continue;
        other.names = other.names.filter((n) => !names.includes(n));
      }
      const prev = this.images.get(manifestDigest);
      const allNames = [...new Set([...(prev?.names ?? []), ...names])].sort();
      const repoSet = new Set([...repos, ...allNames.map((n) => n.slice(0, n.lastIndexOf(":")))]);
      for (const d of prev?.repoDigests ?? []) repoSet.add(d.slice(0, d.indexOf("@")));
      const record: ImageRecord = {
        id: manifest.config.digest,
        manifestDigest,
        targetDigest,
        names: allNames,
        repoDigests: [...repoSet].sort().map((r) => `${r}@${targetDigest}`),
        size: manifest.config.size + manifest.layers.reduce((n, l) => n + l.size, 0),
        layers,
        config,
        importedAt: prev?.importedAt ?? new Date().toISOString(),
      };
      this.images.set(manifestDigest, record);
      this.save();
      return record;
    });
  }

  /** Removes a name; the image goes when no name is left. Returns whether anything changed. */
  remove(ref: string): Promise<boolean> {
    return this.serialize(() => {
      const r = this.resolve(ref);
      if (!r) return false;
      let name: string | undefined;
      try {
        const p = parseReference(ref);
        if (p.tag !== undefined) name = `${repositoryOf(p)}:${p.tag}`;
      } catch {
        // by id or digest: the whole image goes
      }
      if (name !== undefined && r.names.length > 1) r.names = r.names.filter((n) => n !== name);
      else this.images.delete(r.manifestDigest);
      this.save();
      return true;
    });
  }

  /** Unpacks every layer of the image (once per layer) and returns them bottom first. */
  async unpack(r: ImageRecord): Promise<LayerMeta[]> {
    const out: LayerMeta[] = [];
    for (const l of r.layers) out.push(await this.layers.ensure(l.diffID, l.digest));
    return out;
  }

  /** Directories of the unpacked layers, bottom first. */
  layerDirs(r: ImageRecord): string[] {
    return r.layers.map((l) => this.layers.fsDir(l.diffID));
  }
}
