/**
 * Tar headers: the 512-byte ustar block, with the pax ('x', 'g') and GNU ('L', 'K')
 * extensions for long names and large numbers (POSIX.1-2001, GNU tar manual).
 */

export type EntryType = "file" | "hardlink" | "symlink" | "char" | "block" | "dir" | "fifo";

export interface TarHeader {
  name: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Seconds since the epoch (may be fractional from pax). */
  mtime: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  /** pax records that applied to this entry (xattrs as SCHILY.xattr.*). */
  pax?: Record<string, string>;
}

export const BLOCK = 512;

const TYPE_FLAGS: Record<string, EntryType> = {
  "0": "file",
  "\0": "file",
  "7": "file",
  "1": "hardlink",
  "2": "symlink",
  "3": "char",
  "4": "block",
  "5": "dir",
  "6": "fifo",
};
const FLAG_OF: Record<EntryType, string> = { file: "0", hardlink: "1", symlink: "2", char: "3", block: "4", dir: "5", fifo: "6" };

const dec = new TextDecoder();
const enc = new TextEncoder();

export function readString(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return dec.decode(b.subarray(off, end));
}

/** Octal ASCII, or GNU base-256 when the high bit of the first byte is set. */
export function readNumber(b: Uint8Array, off: number, len: number): number {
  const first = b[off] ?? 0;
  if (first & 0x80) {
    let v = first & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + (b[off + i] ?? 0);
    return v;
  }
  const s = readString(b, off, len).trim();
  return s === "" ? 0 : parseInt(s, 8);
}

export function checksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (b[i] ?? 0);
  return sum;
}

export function isZeroBlock(b: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

/** The raw type flag (pax and GNU extension types are not EntryTypes). */
export function rawTypeFlag(b: Uint8Array): string {
  return String.fromCharCode(b[156] ?? 0);
}

export function entryTypeOf(flag: string): EntryType | undefined {
  return TYPE_FLAGS[flag];
}

/** Decodes one header block; throws on a bad checksum. */
export function decodeHeader(b: Uint8Array): Omit<TarHeader, "type"> & { flag: string } {
  const want = readNumber(b, 148, 8);
  if (want !== checksum(b)) throw new Error("tar: invalid header checksum");
  const magic = readString(b, 257, 6);
  let name = readString(b, 0, 100);
  // POSIX ustar keeps a prefix at 345; GNU's "ustar  " uses those bytes for other fields.
  if (magic === "ustar" && b[262] === 0) {
    const prefix = readString(b, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  return {
    name,
    flag: rawTypeFlag(b),
    mode: readNumber(b, 100, 8),
    uid: readNumber(b, 108, 8),
    gid: readNumber(b, 116, 8),
    size: readNumber(b, 124, 12),
    mtime: readNumber(b, 136, 12),
    linkname: readString(b, 157, 100),
    uname: readString(b, 265, 32),
    gname: readString(b, 297, 32),
    devmajor: readNumber(b, 329, 8),
    devminor: readNumber(b, 337, 8),
  };
}

/** Parses pax extended header records: "<len> <key>=<value>\n". */
export function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let off = 0;
  while (off < data.length) {
    let sp = off;
    while (sp < data.length && data[sp] !== 0x20) sp++;
    const len = parseInt(dec.decode(data.subarray(off, sp)), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = dec.decode(data.subarray(sp + 1, off + len - 1));
    const eq = rec.indexOf("=");
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    off += len;
  }
  return out;
}

export function encodePax(records: Record<string, string>): Uint8Array {
  let text = "";
  for (const [k, v] of Object.entries(records)) {
    const body = ` ${k}=${v}\n`;
    const bodyLen = enc.encode(body).length;
    let len = bodyLen + String(bodyLen).length;
    if (String(len).length !== String(len - bodyLen).length) len = bodyLen + String(len).length;
    text += `${len}${body}`;
  }
  return enc.encode(text);
}

function writeString(b: Uint8Array, off: number, len: number, s: string): void {
  const bytes = enc.encode(s);
  b.set(bytes.subarray(0, len), off);
}

function writeOctal(b: Uint8Array, off: number, len: number, v: number): void {
  const s = Math.floor(v).toString(8).padStart(len - 1, "0");
  if (s.length > len - 1) {
    // base-256 for values that do not fit (GNU)
    let x = Math.floor(v);
    for (let i = len - 1; i > 0; i--) {
      b[off + i] = x % 256;
      x = Math.floor(x / 256);
    }
    b[off] = 0x80;
    return;
  }
  writeString(b, off, len, s);
}

/** Encodes a ustar header block; callers ensure name/linkname fit (or precede it with pax). */
export function encodeHeader(h: TarHeader, flag = FLAG_OF[h.type]): Uint8Array {
  const b = new Uint8Array(BLOCK);
  let name = h.name;
  let prefix = "";
  if (enc.encode(name).length > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut > 0 && enc.encode(name.slice(cut + 1)).length <= 100) {
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
  }
  writeString(b, 0, 100, name);
  writeOctal(b, 100, 8, h.mode);
  writeOctal(b, 108, 8, h.uid);
  writeOctal(b, 116, 8, h.gid);
  writeOctal(b, 124, 12, h.size);
  writeOctal(b, 136, 12, h.mtime);
  b[156] = flag.charCodeAt(0);
  writeString(b, 157, 100, h.linkname);
  writeString(b, 257, 6, "ustar");
  writeString(b, 263, 2, "00");
  writeString(b, 265, 32, h.uname);
  writeString(b, 297, 32, h.gname);
  writeOctal(b, 329, 8, h.devmajor);
  writeOctal(b, 337, 8, h.devminor);
  writeString(b, 345, 155, prefix);
  const sum = checksum(b);
  writeString(b, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return b;
}

/** Whether a header needs a pax record to carry its name or link name. */
export function needsPax(h: TarHeader): Record<string, string> | null {
  const out: Record<string, string> = {};
  const nameBytes = enc.encode(h.name).length;
  if (nameBytes > 100) {
    const cut = h.name.lastIndexOf("/", 155);
    if (!(cut > 0 && enc.encode(h.name.slice(cut + 1)).length <= 100 && enc.encode(h.name.slice(0, cut)).length <= 155)) out["path"] = h.name;
  }
  if (enc.encode(h.linkname).length > 100) out["linkpath"] = h.linkname;
  if (h.size > 0o77777777777) out["size"] = String(h.size);
  return Object.keys(out).length > 0 ? out : null;
}
