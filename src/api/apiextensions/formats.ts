/**
 * The string formats custom resources are checked against: kube-openapi's strfmt registry
 * (uri, email, hostname, ipv4, ipv6, cidr, mac, uuid*, isbn*, creditcard, ssn, hexcolor,
 * rgbcolor, byte, password, date, duration, date-time, bsonobjectid, k8s-*-name) and the
 * apiextensions rule that drops formats a type does not support before validating
 * (StripUnsupportedFormatsPostProcessorForVersion at the 1.34 default compatibility
 * version, 1.33: k8s-short-name and k8s-long-name are not yet enforced).
 * uri and email follow Go's net/url and net/mail closely but not byte for byte.
 */
import { byteLength } from "../names/dns.ts";
import { parseCIDRSloppy, parseIPv4Sloppy, parseIPv6Sloppy } from "../validation/cidr.ts";

/** Format names are compared with dashes removed (strfmt.DefaultNameNormalizer). */
const normalize = (name: string): string => (name.includes("-") ? name.replaceAll("-", "") : name);

/** String formats apiextensions keeps (its supported set at compatibility version 1.33). */
const SUPPORTED_STRING_FORMATS = new Set(
  [
    "bsonobjectid",
    "uri",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "cidr",
    "mac",
    "uuid",
    "uuid3",
    "uuid4",
    "uuid5",
    "isbn",
    "isbn10",
    "isbn13",
    "creditcard",
    "ssn",
    "hexcolor",
    "rgbcolor",
    "byte",
    "password",
    "date",
    "duration",
    "datetime",
  ].map(normalize),
);

/**
 * The format a schema node is validated with: its format, or "" where apiextensions strips
 * it (unsupported string formats; integer formats other than int32/int64; number formats
 * other than float/double; any format on other types). `types` is the node's type list
 * (two entries for x-kubernetes-int-or-string).
 */
export function effectiveFormat(format: string | undefined, types: readonly string[]): string {
  if (!format) return "";
  const type = types.length === 1 ? types[0] : "";
  switch (type) {
    case "":
    case "string":
      return SUPPORTED_STRING_FORMATS.has(normalize(format)) ? format : "";
    case "integer":
      return format === "int32" || format === "int64" ? format : "";
    case "number":
      return format === "float" || format === "double" ? format : "";
    default:
      return "";
  }
}

const rx = {
  hostname:
    /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u,
  uuid: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  uuid3: /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  uuid4: /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i,
  uuid5: /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i,
  creditCard: /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/,
  isbn10: /^(?:[0-9]{9}X|[0-9]{10})$/,
  isbn13: /^(?:[0-9]{13})$/,
  hexColor: /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/,
  rgbColor:
    /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/,
  base64: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/,
  ssn: /^\d{3}[- ]?\d{2}[- ]?\d{4}$/,
  date: /^(\d{4})-(\d{2})-(\d{2})$/,
  timeOfDay: /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/,
  goDuration: /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/,
  durationPart: /(\d+)\s*([A-Za-zµ]+)/g,
  shortName: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  longName: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  atom: /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/,
  quotedLocal: /^"([^"\\]|\\.)*"$/,
  hex: /^[0-9a-fA-F]+$/,
};

function isHostname(s: string): boolean {
  if (!rx.hostname.test(s) || s.length > 255) return false;
  for (const part of s.split(".")) if (byteLength(part) > 63) return false;
  return true;
}

/** time.Parse("2006-01-02"): digits in place, month 1-12, day within the month. */
function isDate(s: string): boolean {
  const m = rx.date.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

/** strfmt.IsDateTime: a date, "t", then hh:mm:ss[.frac](z|±hh:mm), case-insensitive. */
function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split("t");
  if (parts.length < 2 || !isDate(parts[0]!)) return false;
  const m = rx.timeOfDay.exec(parts[1]!);
  return m !== null && m[1]! <= "23" && m[2]! <= "59" && m[3]! <= "59";
}

const DURATION_UNITS: readonly (readonly string[])[] = [["ns", "nano"], ["us", "µs", "micro"], ["ms", "milli"], ["s", "sec"], ["m", "min"], ["h", "hr", "hour"], ["d", "day"], ["w", "wk", "week"]];

/** strfmt.ParseDuration: Go's time.ParseDuration, else any "<n> <unit>" part with a known unit. */
function isDuration(s: string): boolean {
  if (s === "0" || s === "+0" || s === "-0" || rx.goDuration.test(s)) return true;
  for (const m of s.matchAll(rx.durationPart)) {
    const unit = m[2]!.toLowerCase().trim();
    for (const variants of DURATION_UNITS) {
      const last = variants.length - 1;
      if (variants.some((v, i) => (i === last && unit.startsWith(v)) || v === unit)) return true;
    }
  }
  return false;
}

/** net.ParseMAC: 6, 8 or 20 octets as xx:xx / xx-xx groups or xxxx.xxxx groups. */
function isMAC(s: string): boolean {
  if (s.length < 14) return false;
  const hex = (t: string) => rx.hex.test(t);
  const octets = (n: number) => n === 6 || n === 8 || n === 20;
  if (s[2] === ":" || s[2] === "-") {
    if ((s.length + 1) % 3 !== 0) return false;
    const groups = s.split(s[2]);
    return octets(groups.length) && groups.every((g) => g.length === 2 && hex(g));
  }
  if (s[4] === ".") {
    if ((s.length + 1) % 5 !== 0) return false;
    const groups = s.split(".");
    return octets(groups.length * 2) && groups.every((g) => g.length === 4 && hex(g));
  }
  return false;
}

function isCreditCard(s: string): boolean {
  const digits = s.replace(/[^0-9]+/g, "");
  if (!rx.creditCard.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      sum += d >= 10 ? (d % 10) + 1 : d;
    } else sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isISBN(s: string, version: 10 | 13): boolean {
  const t = s.replace(/[\s-]+/g, "");
  const d = (i: number) => t.charCodeAt(i) - 48;
  if (version === 10) {
    if (!rx.isbn10.test(t)) return false;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += (i + 1) * d(i);
    sum += t[9] === "X" ? 100 : 10 * d(9);
    return sum % 11 === 0;
  }
  if (!rx.isbn13.test(t)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * d(i);
  return d(12) === (10 - (sum % 10)) % 10;
}

/** url.ParseRequestURI: an absolute URI or an absolute path, no control characters, valid escapes and port. */
function isRequestURI(s: string): boolean {
  if (s === "") return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  if (s === "*") return true;
  if (/%(?![0-9a-fA-F]{2})/.test(s)) return false;
  let rest = s;
  const scheme = /^[A-Za-z][A-Za-z0-9+\-.]*:/.exec(s);
  if (scheme) rest = s.slice(scheme[0].length);
  else if (s[0] === ":") return false;
  const q = rest.indexOf("?");
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith("/")) return scheme !== null;
  if (scheme && rest.startsWith("//")) {
    const end = rest.indexOf("/", 2);
    const authority = rest.slice(2, end < 0 ? undefined : end);
    const host = authority.slice(authority.lastIndexOf("@") + 1);
    if (host.startsWith("[")) {
      const close = host.indexOf("]");
      if (close < 0) return false;
      const port = host.slice(close + 1);
      return port === "" || /^:\d*$/.test(port);
    }
    const colon = host.indexOf(":");
    if (colon >= 0 && !/^\d*$/.test(host.slice(colon + 1))) return false;
  }
  return true;
}

/** net/mail.ParseAddress, for the usual shapes: addr-spec or "Name <addr-spec>". */
function isEmail(s: string): boolean {
  let addr = s.trim();
  const angle = /^(.*)<([^<>]*)>$/.exec(addr);
  if (angle) addr = angle[2]!;
  const at = addr.lastIndexOf("@");
  if (at <= 0 || at === addr.length - 1) return false;
  const local = addr.slice(0, at);
  const domain = addr.slice(at + 1);
  return (rx.atom.test(local) || rx.quotedLocal.test(local)) && (rx.atom.test(domain) || /^\[[^[\]\\]*\]$/.test(domain));
}

const VALIDATORS: ReadonlyMap<string, (s: string) => boolean> = new Map<string, (s: string) => boolean>([
  ["bsonobjectid", (s) => /^[0-9a-fA-F]{24}$/.test(s)],
  ["uri", isRequestURI],
  ["email", isEmail],
  ["hostname", isHostname],
  ["ipv4", (s) => (parseIPv4Sloppy(s) !== undefined || parseIPv6Sloppy(s) !== undefined) && s.includes(".")],
  ["ipv6", (s) => (parseIPv4Sloppy(s) !== undefined || parseIPv6Sloppy(s) !== undefined) && s.includes(":")],
  ["cidr", (s) => parseCIDRSloppy(s) !== undefined],
  ["mac", isMAC],
  ["uuid", (s) => rx.uuid.test(s)],
  ["uuid3", (s) => rx.uuid3.test(s)],
  ["uuid4", (s) => rx.uuid4.test(s)],
  ["uuid5", (s) => rx.uuid5.test(s)],
  ["isbn", (s) => isISBN(s, 10) || isISBN(s, 13)],
  ["isbn10", (s) => isISBN(s, 10)],
  ["isbn13", (s) => isISBN(s, 13)],
  ["creditcard", isCreditCard],
  ["ssn", (s) => s.length === 11 && rx.ssn.test(s)],
  ["hexcolor", (s) => rx.hexColor.test(s)],
  ["rgbcolor", (s) => rx.rgbColor.test(s)],
  ["byte", (s) => rx.base64.test(s)],
  ["password", () => true],
  ["date", isDate],
  ["duration", isDuration],
  ["datetime", isDateTime],
  ["k8sshortname", (s) => s.length <= 63 && rx.shortName.test(s)],
  ["k8slongname", (s) => s.length <= 253 && rx.longName.test(s)],
]);

/** Whether the strfmt registry knows a format (kube-openapi validates strings only against known ones). */
export function isKnownFormat(format: string): boolean {
  return VALIDATORS.has(normalize(format));
}

/** Whether a string is valid in a known format (true for unknown formats). */
export function matchesFormat(format: string, value: string): boolean {
  const v = VALIDATORS.get(normalize(format));
  return v === undefined || v(value);
}
