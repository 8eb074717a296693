/**
 * The node's image store as the CLI and the kubelet open it: <dataDir>/agent/images-store,
 * with layers in overlay format when this host can mount overlayfs (root, kernel
 * support), else plain. `kubun images import|ls` and the import of tarballs dropped
 * in <dataDir>/agent/images/ (as k3s) go through here.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { importImage, type ImportOptions, type ImportResult } from "./import.ts";
import { RootfsBuilder, type RootfsMode } from "./rootfs.ts";
import { type ImageRecord, ImageStore } from "./store.ts";

export interface NodeImages {
  store: ImageStore;
  rootfs: RootfsBuilder;
  mode: RootfsMode;
}

export function imageStoreDir(dataDir: string): string {
  return join(dataDir, "agent", "images-store");
}

export function openNodeImages(dataDir: string, mode?: RootfsMode): NodeImages {
  const root = imageStoreDir(dataDir);
  const store0 = new ImageStore(root); // creates the directory the probe needs
  const m = mode ?? RootfsBuilder.probe(root);
  const store = m === "overlay" ? new ImageStore(root, "overlay") : store0;
  return { store, rootfs: new RootfsBuilder(m), mode: m };
}

/** `kubun images import FILE`: imports an OCI layout or docker archive (tar, tar.gz, tar.zst or a layout directory). */
export async function importImageFile(dataDir: string, file: string, opts?: ImportOptions): Promise<ImportResult> {
  return importImage(openNodeImages(dataDir).store, file, opts);
}

export interface ImageListing {
  name: string;
  id: string;
  digest: string;
  size: number;
}

/** `kubun images ls`: one row per name (an unnamed image shows as "<none>"). */
export function listImages(dataDir: string): ImageListing[] {
  const store = new ImageStore(imageStoreDir(dataDir));
  return store.list().flatMap((r: ImageRecord) =>
    (r.names.length > 0 ? r.names : ["<none>"]).map((name) => ({ name, id: r.id, digest: r.targetDigest, size: r.size })),
  );
}

const ARCHIVE_RE = /\.(tar|tar\.gz|tgz|tar\.zst|tzst)$/;

/**
 * Imports every archive in <dataDir>/agent/images/ not imported before (tracked by
 * path, size and mtime in the store), as k3s does at agent start. Failures are
 * reported per file and do not stop the others.
 */
export async function importDroppedImages(dataDir: string, images: NodeImages): Promise<Array<{ file: string; result?: ImportResult; error?: string }>> {
  const dir = join(dataDir, "agent", "images");
  if (!existsSync(dir)) return [];
  const seenFile = join(images.store.root, "imported-archives.json");
  const seen: Record<string, string> = existsSync(seenFile) ? ((await Bun.file(seenFile).json()) as Record<string, string>) : {};
  const out: Array<{ file: string; result?: ImportResult; error?: string }> = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (!ARCHIVE_RE.test(name) && !existsSync(join(file, "index.json"))) continue;
    const st = statSync(file);
    const stamp = `${st.size}:${st.mtimeMs}`;
    if (seen[file] === stamp) continue;
    try {
      out.push({ file, result: await importImage(images.store, file) });
      seen[file] = stamp;
    } catch (e) {
      out.push({ file, error: (e as Error).message });
    }
  }
  await Bun.write(seenFile, JSON.stringify(seen));
  return out;
}
