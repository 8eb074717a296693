/** Go's net/netip ParseAddr / ParsePrefix and their String forms, over byte arrays. */

export class NetipError extends Error {}

/** 4 bytes (IPv4) or 16 bytes (IPv6); zone kept only to be rejected by callers. */
export interface Addr {
  readonly bytes: Uint8Array;
  readonly zone: string;
}

function parseIPv4(s: string, full: string): Uint8Array {
  const parts = s.split(".");
  if (parts.length !== 4) throw new NetipError(`ParseAddr(${JSON.stringify(full)}): IPv4 address too ${parts.length < 4 ? "short" : "long"}`);
  const out = new Uint8Array(4);
  parts.forEach((p, i) => {
    if (p === "" || !/^\d+$/.test(p)) throw new NetipError(`ParseAddr(${JSON.stringify(full)}): unexpected character`);
    if (p.length > 1 && p[0] === "0") throw new NetipError(`ParseAddr(${JSON.stringify(full)}): IPv4 field has octet with leading zero`);
    const v = Number(p);
    if (v > 255) throw new NetipError(`ParseAddr(${JSON.stringify(full)}): IPv4 field has value >255`);
    out[i] = v;
  });
  return out;
}

function parseIPv6(s: string, full: string): Uint8Array {
  const bad = (msg: string): NetipError => new NetipError(`ParseAddr(${JSON.stringify(full)}): ${msg}`);
  const out = new Uint8Array(16);
  const halves = s.split("::");
  if (halves.length > 2) throw bad("multiple :: in address");
  const groups = (part: string): string[] => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  const words: number[] = [];
  const toWords = (gs: string[], isLast: boolean): number[] => {
    const w: number[] = [];
    gs.forEach((g, i) => {
      if (isLast && i === gs.length - 1 && g.includes(".")) {
        const v4 = parseIPv4(g, full);
        w.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        return;
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) throw bad(g === "" ? "colon must be followed by more characters" : "each colon-separated field must have at least one digit");
      w.push(parseInt(g, 16));
    });
    return w;
  };
  const hw = toWords(head, halves.length === 1);
  const tw = toWords(tail, true);
  if (halves.length === 1) {
    if (hw.length !== 8) throw bad("address string too short");
    words.push(...hw);
  } else {
    const fill = 8 - hw.length - tw.length;
    if (fill < 1) throw bad("address string too long");
    words.push(...hw, ...new Array<number>(fill).fill(0), ...tw);
  }
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

export function parseAddr(s: string): Addr {
  if (s === "") throw new NetipError(`ParseAddr(""): unable to parse IP`);
  if (s.includes(":")) {
    const pct = s.indexOf("%");
    const zone = pct < 0 ? "" : s.slice(pct + 1);
    if (pct >= 0 && zone === "") throw new NetipError(`ParseAddr(${JSON.stringify(s)}): zone must be a non-empty string`);
    return { bytes: parseIPv6(pct < 0 ? s : s.slice(0, pct), s), zone };
  }
  if (s.includes(".")) return { bytes: parseIPv4(s, s), zone: "" };
  throw new NetipError(`ParseAddr(${JSON.stringify(s)}): unable to parse IP`);
}

export function is4In6(a: Addr): boolean {
  if (a.bytes.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (a.bytes[i] !== 0) return false;
  return a.bytes[10] === 0xff && a.bytes[11] === 0xff;
}

export function addrString(a: Addr): string {
  const b = a.bytes;
  if (b.length === 4) return Array.from(b).join(".");
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[2 * i]! << 8) | b[2 * i + 1]!);
  // The longest run (of at least two) of zero groups becomes "::", the first on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += "::";
      i += bestLen - 1;
      continue;
    }
    if (out !== "" && !out.endsWith(":")) out += ":";
    out += words[i]!.toString(16);
  }
  if (is4In6(a)) return `::ffff:${Array.from(b.slice(12)).join(".")}`;
  return out + (a.zone ? `%${a.zone}` : "");
}

export interface Prefix {
  readonly addr: Addr;
  readonly bits: number;
}

export function parsePrefix(s: string): Prefix {
  const slash = s.lastIndexOf("/");
  if (slash < 0) throw new NetipError(`netip.ParsePrefix(${JSON.stringify(s)}): no '/'`);
  let addr: Addr;
  try {
    addr = parseAddr(s.slice(0, slash));
  } catch (e) {
    throw new NetipError(`netip.ParsePrefix(${JSON.stringify(s)}): ${(e as Error).message}`);
  }
  if (addr.zone !== "") throw new NetipError(`netip.ParsePrefix(${JSON.stringify(s)}): IPv6 zones cannot be present in a prefix`);
  const bitsStr = s.slice(slash + 1);
  if (!/^\d+$/.test(bitsStr) || (bitsStr.length > 1 && bitsStr[0] === "0")) {
    throw new NetipError(`netip.ParsePrefix(${JSON.stringify(s)}): bad bits after slash: ${JSON.stringify(bitsStr)}`);
  }
  const bits = Number(bitsStr);
  if (bits > addr.bytes.length * 8) throw new NetipError(`netip.ParsePrefix(${JSON.stringify(s)}): prefix length out of range`);
  return { addr, bits };
}

export function maskAddr(a: Addr, bits: number): Addr {
  const out = new Uint8Array(a.bytes);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    out[i] = out[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return { bytes: out, zone: "" };
}

export function addrEquals(a: Addr, b: Addr): boolean {
  return a.bytes.length === b.bytes.length && a.bytes.every((v, i) => v === b.bytes[i]) && a.zone === b.zone;
}

export function prefixContains(p: Prefix, a: Addr): boolean {
  if (a.bytes.length !== p.addr.bytes.length || a.zone !== "") return false;
  return addrEquals(maskAddr(a, p.bits), maskAddr(p.addr, p.bits));
}
