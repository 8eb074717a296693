/**
 * Unpacked layers, once per layer: <root>/layers/sha256/<diffID hex>/{fs/, meta.json}.
 * meta.json is written last, so a layer directory without it is incomplete and is
 * redone. The uncompressed stream is hashed while unpacking and must equal the
 * diffID from the image config.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BlobStore } from "./blobs.ts";
import { DigestMismatchError, digestHex, Hasher } from "./digest.ts";
import { readTar } from "./tar/reader.ts";
import { type LayerFormat, unpackLayer } from "./unpack.ts";

export interface LayerMeta {
  diffID: string;
  format: LayerFormat;
  whiteouts: string[];
  opaques: string[];
  /** Uncompressed file bytes. */
  bytes: number;
  skipped: string[];
}

export class LayerStore {
  private readonly dir: string;
  private readonly inflight = new Map<string, Promise<LayerMeta>>();

  constructor(
    root: string,
    private readonly blobs: BlobStore,
    readonly format: LayerFormat,
  ) {
    this.dir = join(root, "layers", "sha256");
    mkdirSync(this.dir, { recursive: true });
  }

  layerDir(diffID: string): string {
    return join(this.dir, digestHex(diffID));
  }

  fsDir(diffID: string): string {
    return join(this.layerDir(diffID), "fs");
  }

  meta(diffID: string): LayerMeta | undefined {
    const p = join(this.layerDir(diffID), "meta.json");
    if (!existsSync(p)) return undefined;
    const m = JSON.parse(readFileSync(p, "utf8")) as LayerMeta;
    return m.format === this.format ? m : undefined;
  }

  /** Unpacks the layer from its blob unless already done; concurrent callers share one unpack. */
  ensure(diffID: string, blobDigest: string): Promise<LayerMeta> {
    const done = this.meta(diffID);
    if (done) return Promise.resolve(done);
    let p = this.inflight.get(diffID);
    if (!p) {
      p = this.unpack(diffID, blobDigest).finally(() => this.inflight.delete(diffID));
      this.inflight.set(diffID, p);
    }
    return p;
  }

  remove(diffID: string): void {
    rmSync(this.layerDir(diffID), { recursive: true, force: true });
  }

  private async unpack(diffID: string, blobDigest: string): Promise<LayerMeta> {
    const final = this.layerDir(diffID);
    const work = `${final}.tmp-${process.pid}-${Date.now()}`;
    rmSync(final, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    try {
      const hasher = new Hasher();
      const stream = (await decompressed(this.blobs, blobDigest)).pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, ctl) {
            hasher.update(chunk);
            ctl.enqueue(chunk);
          },
        }),
      );
      const r = await unpackLayer(readTar(stream), join(work, "fs"), this.format);
      const actual = hasher.digest();
      if (actual !== diffID) throw new DigestMismatchError(diffID, actual);
      const meta: LayerMeta = { diffID, format: this.format, whiteouts: r.whiteouts, opaques: r.opaques, bytes: r.bytes, skipped: r.skipped };
      writeFileSync(join(work, "meta.json"), JSON.stringify(meta));
      renameSync(work, final);
      return meta;
    } catch (e) {
      rmSync(work, { recursive: true, force: true });
      throw e;
    }
  }
}

/** The uncompressed tar stream of a layer blob (gzip, zstd or plain, by magic bytes). */
export async function decompressed(blobs: BlobStore, digest: string): Promise<ReadableStream<Uint8Array>> {
  const file = Bun.file(blobs.path(digest));
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) return file.stream().pipeThrough(new DecompressionStream("gzip"));
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    const out = Bun.zstdDecompressSync(new Uint8Array(await file.arrayBuffer()));
    return new Blob([out]).stream();
  }
  return file.stream();
}
