/** Builds tar archives in memory (test fixtures, image export). Long names use pax records. */
import { BLOCK, encodeHeader, encodePax, needsPax, type EntryType, type TarHeader } from "./header.ts";

export interface EntryOptions {
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  uname?: string;
  gname?: string;
}

export class TarWriter {
  private parts: Uint8Array[] = [];

  add(name: string, type: EntryType, data: Uint8Array = new Uint8Array(0), linkname = "", o: EntryOptions = {}): this {
    const h: TarHeader = {
      name,
      type,
      mode: o.mode ?? (type === "dir" ? 0o755 : type === "symlink" ? 0o777 : 0o644),
      uid: o.uid ?? 0,
      gid: o.gid ?? 0,
      size: type === "file" ? data.length : 0,
      mtime: o.mtime ?? 0,
      linkname,
      uname: o.uname ?? "",
      gname: o.gname ?? "",
      devmajor: 0,
      devminor: 0,
    };
    const pax = needsPax(h);
    if (pax) {
      const body = encodePax(pax);
      this.parts.push(encodeHeader({ ...h, name: "PaxHeader", type: "file", size: body.length, linkname: "" }, "x"));
      this.block(body);
    }
    this.parts.push(encodeHeader(pax?.["path"] ? { ...h, name: h.name.slice(0, 99) } : h));
    if (type === "file") this.block(data);
    return this;
  }

  file(name: string, data: Uint8Array | string, o: EntryOptions = {}): this {
    return this.add(name, "file", typeof data === "string" ? new TextEncoder().encode(data) : data, "", o);
  }
  dir(name: string, o: EntryOptions = {}): this {
    return this.add(name.endsWith("/") ? name : name + "/", "dir", undefined, "", o);
  }
  symlink(name: string, target: string, o: EntryOptions = {}): this {
    return this.add(name, "symlink", undefined, target, o);
  }
  hardlink(name: string, target: string, o: EntryOptions = {}): this {
    return this.add(name, "hardlink", undefined, target, o);
  }

  /** The finished archive (two zero blocks appended). */
  finish(): Uint8Array {
    this.parts.push(new Uint8Array(BLOCK * 2));
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    this.parts = [];
    return out;
  }

  private block(data: Uint8Array): void {
    this.parts.push(data);
    const rem = data.length % BLOCK;
    if (rem) this.parts.push(new Uint8Array(BLOCK - rem));
  }
}
