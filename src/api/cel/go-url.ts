/**
 * The parts of Go's net/url that Kubernetes' CEL URL library relies on: url.ParseRequestURI
 * (validation), url.Parse, Hostname/Port, EscapedPath and Query.
 */

export interface GoUrl {
  scheme: string;
  opaque: string;
  userinfo: string | undefined;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
}

export class UrlError extends Error {}

const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

type Mode = "path" | "host" | "query" | "userinfo";

/** Go's shouldEscape for the modes used here (ASCII c). */
function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c) || c === "-" || c === "_" || c === "." || c === "~") return false;
  if (mode === "host") return !"!$&'()*+,;=:[]<>\"".includes(c);
  if ("$&+,/:;=?@".includes(c)) {
    if (mode === "path") return c === "?";
    if (mode === "userinfo") return c === "@" || c === "/" || c === "?" || c === ":";
    return true; // query component
  }
  return true;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** Go's unescape: percent-decoding with the mode's validity rules; '+' is a space in queries. */
function unescape(s: string, mode: Mode): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; ) {
    const c = s[i] as string;
    if (c === "%") {
      if (!isHex(s[i + 1]) || !isHex(s[i + 2])) throw new UrlError(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      const v = parseInt(s.slice(i + 1, i + 3), 16);
      if (mode === "host" && v < 0x80 && s.slice(i, i + 3) !== "%25") throw new UrlError(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      bytes.push(v);
      i += 3;
      continue;
    }
    if (c === "+" && mode === "query") {
      bytes.push(0x20);
      i++;
      continue;
    }
    const cp = s.codePointAt(i) as number;
    if (mode === "host" && cp < 0x80 && shouldEscape(c, mode)) throw new UrlError(`invalid character ${JSON.stringify(c)} in host name`);
    const ch = String.fromCodePoint(cp);
    bytes.push(...enc.encode(ch));
    i += ch.length;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function escapePath(s: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && !shouldEscape(c, "path") ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function validEncodedPath(s: string): boolean {
  for (const c of s) {
    if ("!$&'()*+,;=:@[]%".includes(c)) continue;
    if (c.codePointAt(0)! >= 0x80 || shouldEscape(c, "path")) return false;
  }
  return true;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new UrlError("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:\d*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
    return unescape(host.slice(0, i + 1), "host") + colonPort;
  }
  const i = host.lastIndexOf(":");
  if (i >= 0 && !validOptionalPort(host.slice(i))) throw new UrlError(`invalid port ${JSON.stringify(host.slice(i))} after host`);
  return unescape(host, "host");
}

/** Go's url.parse(rawURL, viaRequest) for a URL without its fragment. */
function parse(raw: string, viaRequest: boolean): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError("net/url: invalid control character in URL");
  if (raw === "" && viaRequest) throw new UrlError("empty url");
  const u: GoUrl = { scheme: "", opaque: "", userinfo: undefined, host: "", path: "", rawPath: "", rawQuery: "" };
  if (raw === "*") {
    u.path = "*";
    return u;
  }
  let [scheme, rest] = getScheme(raw);
  u.scheme = scheme.toLowerCase();
  if (rest.endsWith("?") && rest.indexOf("?") === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith("/")) {
    if (u.scheme !== "") {
      u.opaque = rest;
      return u;
    }
    if (viaRequest) throw new UrlError("invalid URI for request");
    const seg = rest.split("/")[0] as string;
    if (seg.includes(":")) throw new UrlError("first path segment in URL cannot contain colon");
  }
  if ((u.scheme !== "" || (!viaRequest && !rest.startsWith("///"))) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const slash = authority.indexOf("/");
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf("@");
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError("net/url: invalid userinfo");
      u.userinfo = userinfo;
    }
    u.host = parseHost(authority.slice(at + 1));
  }
  u.path = unescape(rest, "path");
  u.rawPath = escapePath(u.path) === rest ? "" : rest;
  return u;
}

/** url.ParseRequestURI: an absolute URI or an absolute path; '#' is not special. */
export function parseRequestURI(raw: string): GoUrl {
  return parse(raw, true);
}

/** url.Parse: the fragment is cut off first. */
export function parseUrl(raw: string): GoUrl {
  const hash = raw.indexOf("#");
  const u = parse(hash < 0 ? raw : raw.slice(0, hash), false);
  if (hash >= 0) unescape(raw.slice(hash + 1), "path"); // the fragment must still decode
  return u;
}

export function hostname(u: GoUrl): string {
  return splitHostPort(u.host)[0];
}

export function port(u: GoUrl): string {
  return splitHostPort(u.host)[1];
}

/** Go's splitHostPort (for URL.Hostname / URL.Port): only a numeric port counts. */
function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let p = "";
  const colon = host.lastIndexOf(":");
  if (colon !== -1 && validOptionalPort(host.slice(colon))) {
    p = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return [host, p];
}

export function escapedPath(u: GoUrl): string {
  if (u.rawPath !== "" && validEncodedPath(u.rawPath)) {
    try {
      if (unescape(u.rawPath, "path") === u.path) return u.rawPath;
    } catch {
      // fall through to re-escaping
    }
  }
  if (u.path === "*") return "*";
  return escapePath(u.path);
}

/** url.Query(): ParseQuery ignoring malformed pairs; keys in first-seen order. */
export function query(u: GoUrl): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of u.rawQuery.split("&")) {
    if (part === "" || part.includes(";")) continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = unescape(rawKey, "query");
      value = unescape(rawValue, "query");
    } catch {
      continue;
    }
    const list = out.get(key) ?? [];
    list.push(value);
    out.set(key, list);
  }
  return out;
}
