/**
 * A streaming tar reader: entries come out one by one with their whole body in
 * memory (the largest single file bounds memory, not the archive). pax and GNU
 * long-name headers are folded into the entry they describe.
 */
import { BLOCK, decodeHeader, entryTypeOf, isZeroBlock, parsePax, type TarHeader } from "./header.ts";

export interface TarEntry {
  header: TarHeader;
  data: Uint8Array;
}

/** Pulls exact byte counts out of a chunk stream. */
class ByteSource {
  private chunks: Uint8Array[] = [];
  private have = 0;
  private done = false;
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  private async fill(n: number): Promise<boolean> {
    while (this.have < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else if (r.value.length > 0) {
        this.chunks.push(r.value);
        this.have += r.value.length;
      }
    }
    return this.have >= n;
  }

  /** Exactly n bytes, or null at a clean end of stream (throws on a short read). */
  async read(n: number): Promise<Uint8Array | null> {
    if (n === 0) return new Uint8Array(0);
    if (!(await this.fill(n))) {
      if (this.have === 0) return null;
      throw new Error(`tar: unexpected end of archive (wanted ${n} bytes, have ${this.have})`);
    }
    const first = this.chunks[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.have -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0]!;
      const take = Math.min(c.length, n - off);
      out.set(c.subarray(0, take), off);
      off += take;
      if (take === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(take);
    }
    this.have -= n;
    return out;
  }

  async skip(n: number): Promise<void> {
    if (n > 0 && (await this.read(n)) === null) throw new Error("tar: unexpected end of archive");
  }
}

function iteratorOf(src: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array): AsyncIterator<Uint8Array> {
  if (src instanceof Uint8Array) {
    let given = false;
    return {
      next: async () => {
        if (given) return { done: true, value: undefined };
        given = true;
        return { done: false, value: src };
      },
    };
  }
  return (src as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
}

const pad = (n: number) => (BLOCK - (n % BLOCK)) % BLOCK;

export async function* readTar(src: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array): AsyncGenerator<TarEntry> {
  const in_ = new ByteSource(iteratorOf(src));
  let globalPax: Record<string, string> = {};
  let pax: Record<string, string> | null = null;
  let longName: string | null = null;
  let longLink: string | null = null;
  for (;;) {
    const block = await in_.read(BLOCK);
    if (block === null || isZeroBlock(block)) return;
    const h = decodeHeader(block);
    const readBody = async () => {
      const body = (await in_.read(h.size)) ?? new Uint8Array(0);
      await in_.skip(pad(h.size));
      return body;
    };
    switch (h.flag) {
      case "x":
        pax = { ...(pax ?? {}), ...parsePax(await readBody()) };
        continue;
      case "g":
        globalPax = { ...globalPax, ...parsePax(await readBody()) };
        continue;
      case "L":
        longName = cString(await readBody());
        continue;
      case "K":
        longLink = cString(await readBody());
        continue;
    }
    const type = entryTypeOf(h.flag);
    const records = { ...globalPax, ...(pax ?? {}) };
    const header: TarHeader = {
      name: records["path"] ?? longName ?? h.name,
      type: type ?? "file",
      mode: h.mode,
      uid: records["uid"] !== undefined ? Number(records["uid"]) : h.uid,
      gid: records["gid"] !== undefined ? Number(records["gid"]) : h.gid,
      size: records["size"] !== undefined ? Number(records["size"]) : h.size,
      mtime: records["mtime"] !== undefined ? Number(records["mtime"]) : h.mtime,
      linkname: records["linkpath"] ?? longLink ?? h.linkname,
      uname: records["uname"] ?? h.uname,
      gname: records["gname"] ?? h.gname,
      devmajor: h.devmajor,
      devminor: h.devminor,
    };
    if (Object.keys(records).length > 0) header.pax = records;
    pax = null;
    longName = null;
    longLink = null;
    const hasBody = header.type === "file" && type !== undefined;
    let data: Uint8Array = new Uint8Array(0);
    if (hasBody) {
      h.size = header.size;
      data = await readBody();
    } else {
      // Links, directories, devices and unknown vendor types: any data is skipped.
      if (header.size > 0) await in_.skip(header.size + pad(header.size));
      header.size = 0;
    }
    if (type === undefined) continue;
    yield { header, data };
  }
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end >= 0 ? b.subarray(0, end) : b);
}
