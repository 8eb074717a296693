/**
 * Kubernetes' IP and CIDR libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go):
 * ip, isIP, ip.isCanonical, family, isUnspecified, isLoopback, isLinkLocalMulticast,
 * isLinkLocalUnicast, isGlobalUnicast, cidr, isCIDR, containsIP, containsCIDR, ip(),
 * masked, prefixLength, and string() of both.
 */
import { CelEvalError } from "./errors.ts";
import { global, type Library, method } from "./functions.ts";
import { type Addr, addrEquals, addrString, is4In6, maskAddr, NetipError, parseAddr, parsePrefix, type Prefix, prefixContains } from "./netip.ts";
import { CelObject } from "./values.ts";

export class CelIP extends CelObject {
  readonly typeName = "net.IP";
  constructor(readonly addr: Addr) {
    super();
  }
  equals(other: CelObject): boolean {
    return other instanceof CelIP && addrEquals(this.addr, other.addr);
  }
}

export class CelCIDR extends CelObject {
  readonly typeName = "net.CIDR";
  constructor(readonly prefix: Prefix) {
    super();
  }
  equals(other: CelObject): boolean {
    return other instanceof CelCIDR && other.prefix.bits === this.prefix.bits && addrEquals(this.prefix.addr, other.prefix.addr);
  }
}

const IP = "object:net.IP" as const;
const CIDR = "object:net.CIDR" as const;

function parseIP(s: string): Addr {
  let a: Addr;
  try {
    a = parseAddr(s);
  } catch (e) {
    if (!(e instanceof NetipError)) throw e;
    throw new CelEvalError(`IP Address ${JSON.stringify(s)} parse error during conversion from string: ${e.message}`);
  }
  if (a.zone !== "") throw new CelEvalError(`IP address ${JSON.stringify(s)} with zone value is not allowed`);
  if (is4In6(a)) throw new CelEvalError(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return a;
}

function parseCIDR(s: string): Prefix {
  let p: Prefix;
  try {
    p = parsePrefix(s);
  } catch (e) {
    if (!(e instanceof NetipError)) throw e;
    const msg = `network address parse error during conversion from string: ${e.message}`;
    throw new CelEvalError(`network address parse error during conversion from string: ${msg}`);
  }
  if (is4In6(p.addr)) throw new CelEvalError(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return p;
}

const succeeds = (f: () => unknown): boolean => {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof CelEvalError) return false;
    throw e;
  }
};

const v4 = (a: Addr): boolean => a.bytes.length === 4;
const b = (a: Addr, i: number): number => a.bytes[i] as number;
const isZero = (a: Addr): boolean => a.bytes.every((x) => x === 0);

function isLoopback(a: Addr): boolean {
  if (v4(a)) return b(a, 0) === 127;
  return a.bytes.every((x, i) => x === (i === 15 ? 1 : 0));
}
const isMulticast = (a: Addr): boolean => (v4(a) ? (b(a, 0) & 0xf0) === 0xe0 : b(a, 0) === 0xff);
const isLinkLocalMulticast = (a: Addr): boolean =>
  v4(a) ? b(a, 0) === 224 && b(a, 1) === 0 && b(a, 2) === 0 : b(a, 0) === 0xff && (b(a, 1) & 0x0f) === 0x02;
const isLinkLocalUnicast = (a: Addr): boolean => (v4(a) ? b(a, 0) === 169 && b(a, 1) === 254 : b(a, 0) === 0xfe && (b(a, 1) & 0xc0) === 0x80);

function isGlobalUnicast(a: Addr): boolean {
  if (v4(a) && (isZero(a) || a.bytes.every((x) => x === 255))) return false;
  return !isZero(a) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);
}

/** As upstream: masked(cidr) equals the other prefix's address at this prefix's length (unmasked). */
function containsCIDR(c: CelCIDR, other: Prefix): boolean {
  const mine = c.prefix;
  if (other.addr.bytes.length !== mine.addr.bytes.length) return false;
  return addrEquals(maskAddr(mine.addr, mine.bits), other.addr) && mine.bits <= other.bits;
}

export const IP_LIBRARY: Library = {
  ip: [global([1], [["string"], (s: string) => new CelIP(parseIP(s))]), method([0], [[CIDR], (c: CelCIDR) => new CelIP(c.prefix.addr)])],
  isIP: global([1], [["string"], (s: string) => succeeds(() => parseIP(s))]),
  "ip.isCanonical": global([1], [["string"], (s: string) => addrString(parseIP(s)) === s]),
  family: method([0], [[IP], (ip: CelIP) => (v4(ip.addr) ? 4n : 6n)]),
  isUnspecified: method([0], [[IP], (ip: CelIP) => isZero(ip.addr)]),
  isLoopback: method([0], [[IP], (ip: CelIP) => isLoopback(ip.addr)]),
  isLinkLocalMulticast: method([0], [[IP], (ip: CelIP) => isLinkLocalMulticast(ip.addr)]),
  isLinkLocalUnicast: method([0], [[IP], (ip: CelIP) => isLinkLocalUnicast(ip.addr)]),
  isGlobalUnicast: method([0], [[IP], (ip: CelIP) => isGlobalUnicast(ip.addr)]),

  cidr: global([1], [["string"], (s: string) => new CelCIDR(parseCIDR(s))]),
  isCIDR: global([1], [["string"], (s: string) => succeeds(() => parseCIDR(s))]),
  containsIP: method(
    [1],
    [[CIDR, IP], (c: CelCIDR, ip: CelIP) => prefixContains(c.prefix, ip.addr)],
    [[CIDR, "string"], (c: CelCIDR, s: string) => prefixContains(c.prefix, parseIP(s))],
  ),
  containsCIDR: method(
    [1],
    [[CIDR, CIDR], (c: CelCIDR, o: CelCIDR) => containsCIDR(c, o.prefix)],
    [[CIDR, "string"], (c: CelCIDR, s: string) => containsCIDR(c, parseCIDR(s))],
  ),
  masked: method([0], [[CIDR], (c: CelCIDR) => new CelCIDR({ addr: maskAddr(c.prefix.addr, c.prefix.bits), bits: c.prefix.bits })]),
  prefixLength: method([0], [[CIDR], (c: CelCIDR) => BigInt(c.prefix.bits)]),

  string: global(
    [1],
    [[IP], (ip: CelIP) => addrString(ip.addr)],
    [[CIDR], (c: CelCIDR) => `${addrString(c.prefix.addr)}/${c.prefix.bits}`],
  ),
};
