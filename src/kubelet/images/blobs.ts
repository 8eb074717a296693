/**
 * Content-addressed blob storage: <root>/blobs/sha256/<hex>. Writes go to a temporary
 * file, are hashed on the way, checked against the expected digest and renamed into
 * place, so a blob path only ever holds complete, verified content.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { DigestMismatchError, digestHex, Hasher, sha256Digest } from "./digest.ts";

export class BlobStore {
  private readonly dir: string;
  private readonly tmp: string;
  private seq = 0;

  constructor(root: string) {
    this.dir = join(root, "blobs", "sha256");
    this.tmp = join(root, "tmp");
    mkdirSync(this.dir, { recursive: true });
    mkdirSync(this.tmp, { recursive: true });
  }

  path(digest: string): string {
    return join(this.dir, digestHex(digest));
  }

  has(digest: string): boolean {
    return existsSync(this.path(digest));
  }

  size(digest: string): number {
    return statSync(this.path(digest)).size;
  }

  async put(data: Uint8Array | string, expected?: string): Promise<string> {
    const digest = sha256Digest(data);
    if (expected !== undefined && expected !== digest) throw new DigestMismatchError(expected, digest);
    if (this.has(digest)) return digest;
    const tmp = this.tmpPath();
    await Bun.write(tmp, data);
    renameSync(tmp, this.path(digest));
    return digest;
  }

  async putStream(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, expected?: string): Promise<{ digest: string; size: number }> {
    if (expected !== undefined && this.has(expected)) {
      // Drain nothing: the content is already here and verified.
      if ("cancel" in stream) await (stream as ReadableStream).cancel().catch(() => {});
      return { digest: expected, size: this.size(expected) };
    }
    const tmp = this.tmpPath();
    const sink = Bun.file(tmp).writer();
    const h = new Hasher();
    try {
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        h.update(chunk);
        sink.write(chunk);
      }
      await sink.end();
    } catch (e) {
      await Promise.resolve(sink.end()).catch(() => {});
      rmSync(tmp, { force: true });
      throw e;
    }
    const digest = h.digest();
    if (expected !== undefined && expected !== digest) {
      rmSync(tmp, { force: true });
      throw new DigestMismatchError(expected, digest);
    }
    if (this.has(digest)) rmSync(tmp, { force: true });
    else renameSync(tmp, this.path(digest));
    return { digest, size: h.size };
  }

  async read(digest: string): Promise<Uint8Array> {
    return new Uint8Array(await Bun.file(this.path(digest)).arrayBuffer());
  }

  async readJson<T>(digest: string): Promise<T> {
    return JSON.parse(await Bun.file(this.path(digest)).text()) as T;
  }

  stream(digest: string): ReadableStream<Uint8Array> {
    return Bun.file(this.path(digest)).stream();
  }

  remove(digest: string): void {
    rmSync(this.path(digest), { force: true });
  }

  private tmpPath(): string {
    return join(this.tmp, `blob-${process.pid}-${Date.now()}-${this.seq++}`);
  }
}
