/**
 * CIDR parsing as k8s.io/utils/net ParseCIDRSloppy does it (the Go 1.16 parser kept for
 * legacy API fields): IPv4 octets may carry leading zeros, IPv6 may end in a dotted IPv4
 * part, no zones, a decimal prefix length up to 32 (IPv4 syntax) or 128 (IPv6 syntax).
 * Containment follows net.IPNet.Contains, which compares IPv4-mapped IPv6 as IPv4.
 */

export interface IPNet {
  /** The network number (address masked): 4 bytes for IPv4 syntax, 16 for IPv6 syntax. */
  readonly ip: Uint8Array;
  /** The mask, as long as ip. */
  readonly mask: Uint8Array;
  /** Leading one bits of the mask. */
  readonly prefix: number;
}

/** Decimal digits at the start of s: [value, digits used], or undefined when there are none or the value passes 0xFFFFFF. */
function leadingDecimal(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i]! >= "0" && s[i]! <= "9"; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

/** Hex digits at the start of s: [value, digits used], as Go's xtoi. */
function leadingHex(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 16);
    if (Number.isNaN(d)) break;
    n = n * 16 + d;
    if (n >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

/** Four dotted decimal octets, leading zeros allowed; undefined when s is anything else. */
export function parseIPv4Sloppy(s: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let rest = s;
  for (let i = 0; i < 4; i++) {
    if (rest.length === 0) return undefined;
    if (i > 0) {
      if (rest[0] !== ".") return undefined;
      rest = rest.slice(1);
    }
    const d = leadingDecimal(rest);
    if (!d || d[0] > 0xff) return undefined;
    out[i] = d[0];
    rest = rest.slice(d[1]);
  }
  return rest.length === 0 ? out : undefined;
}

/** An IPv6 address (one "::" at most, an optional trailing dotted IPv4 part); undefined when s is anything else. */
export function parseIPv6Sloppy(s: string): Uint8Array | undefined {
  const ip = new Uint8Array(16);
  let gap = -1; // byte offset of the "::"
  let rest = s;
  if (rest.startsWith("::")) {
    gap = 0;
    rest = rest.slice(2);
    if (rest.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const h = leadingHex(rest);
    if (!h || h[0] > 0xffff) return undefined;
    if (h[1] < rest.length && rest[h[1]] === ".") {
      // A trailing IPv4 part: only where it fills the last four bytes (or a "::" makes room).
      if ((gap < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseIPv4Sloppy(rest);
      if (!v4) return undefined;
      ip.set(v4, i);
      rest = "";
      i += 4;
      break;
    }
    ip[i] = h[0] >> 8;
    ip[i + 1] = h[0] & 0xff;
    i += 2;
    rest = rest.slice(h[1]);
    if (rest.length === 0) break;
    if (rest[0] !== ":" || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ":") {
      if (gap >= 0) return undefined;
      gap = i;
      rest = rest.slice(1);
      if (rest.length === 0) break;
    }
  }
  if (rest.length !== 0) return undefined;
  if (i < 16) {
    if (gap < 0) return undefined;
    const shift = 16 - i;
    ip.copyWithin(gap + shift, gap, i);
    ip.fill(0, gap, gap + shift);
  } else if (gap >= 0) {
    return undefined; // "::" must stand for at least one zero group
  }
  return ip;
}

/** ParseCIDRSloppy: the network of "addr/prefix", or undefined when s is not a CIDR. */
export function parseCIDRSloppy(s: string): IPNet | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const ip = parseIPv4Sloppy(addr) ?? parseIPv6Sloppy(addr);
  const d = leadingDecimal(bits);
  if (!ip || !d || d[1] !== bits.length || d[0] > ip.length * 8) return undefined;
  const prefix = d[0];
  const mask = new Uint8Array(ip.length);
  for (let b = 0; b < ip.length; b++) {
    const ones = Math.min(8, Math.max(0, prefix - b * 8));
    mask[b] = (0xff << (8 - ones)) & 0xff;
  }
  return { ip: ip.map((byte, b) => byte & mask[b]!), mask, prefix };
}

/** net.IP.To4: the last four bytes of an IPv4-mapped IPv6 address; IPv4 as is. */
function to4(ip: Uint8Array): Uint8Array | undefined {
  if (ip.length === 4) return ip;
  for (let b = 0; b < 10; b++) if (ip[b] !== 0) return undefined;
  return ip[10] === 0xff && ip[11] === 0xff ? ip.subarray(12) : undefined;
}

/** net.IPNet.Contains. */
export function netContains(net: IPNet, ip: Uint8Array): boolean {
  const nn = to4(net.ip) ?? net.ip;
  let mask = net.mask;
  if (mask.length === 4 && nn.length !== 4) return false;
  if (mask.length === 16 && nn.length === 4) mask = mask.subarray(12);
  const addr = to4(ip) ?? ip;
  if (addr.length !== nn.length) return false;
  for (let b = 0; b < addr.length; b++) if ((nn[b]! & mask[b]!) !== (addr[b]! & mask[b]!)) return false;
  return true;
}
