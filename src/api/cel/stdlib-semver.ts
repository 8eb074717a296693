/**
 * Kubernetes' semver library (k8s.io/apiserver/pkg/cel/library/semverlib.go, library version 1
 * as the 1.33+ base environment enables it): semver(string), semver(string, normalize),
 * isSemver(string), isSemver(string, normalize), major, minor, patch, isGreaterThan,
 * isLessThan, compareTo and equality of kubernetes.Semver values. Parsing and ordering
 * follow github.com/blang/semver/v4 (build metadata takes no part in comparisons).
 */
import { CelEvalError } from "./errors.ts";
import { global, type Library, method } from "./functions.ts";
import { CelObject } from "./values.ts";

const UINT64_MAX = (1n << 64n) - 1n;

/** A prerelease identifier: numeric (compared as numbers) or alphanumeric. */
type PreRelease = bigint | string;

export interface Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: readonly PreRelease[];
  readonly build: readonly string[];
}

export class CelSemver extends CelObject {
  readonly typeName = "kubernetes.Semver";
  constructor(readonly version: Version) {
    super();
  }
  equals(other: CelObject): boolean {
    return other instanceof CelSemver && compareVersions(this.version, other.version) === 0;
  }
}

const SEMVER = "object:kubernetes.Semver" as const;

class SemverError extends Error {}

const isNumbers = (s: string): boolean => /^[0-9]*$/.test(s);
const isAlphanum = (s: string): boolean => /^[0-9A-Za-z-]*$/.test(s);
const hasLeadingZeroes = (s: string): boolean => s.length > 1 && s[0] === "0";

/** Go's %q for the strings these errors quote. */
function quote(s: string): string {
  const named: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (named[ch] !== undefined) out += named[ch];
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

/** strconv.ParseUint(s, 10, 64) of a digits-only string. */
function parseUint(s: string): bigint {
  if (s === "") throw new SemverError(`strconv.ParseUint: parsing ${quote(s)}: invalid syntax`);
  const v = BigInt(s);
  if (v > UINT64_MAX) throw new SemverError(`strconv.ParseUint: parsing ${quote(s)}: value out of range`);
  return v;
}

function component(s: string, name: string): bigint {
  const cap = name[0]!.toUpperCase() + name.slice(1);
  if (!isNumbers(s)) throw new SemverError(`Invalid character(s) found in ${name} number ${quote(s)}`);
  if (hasLeadingZeroes(s)) throw new SemverError(`${cap} number must not contain leading zeroes ${quote(s)}`);
  return parseUint(s);
}

/** blang/semver v4 Parse. */
export function parseSemver(s: string): Version {
  if (s.length === 0) throw new SemverError("Version string empty");
  const parts = splitN(s, ".", 3);
  if (parts.length !== 3) throw new SemverError("No Major.Minor.Patch elements found");
  const major = component(parts[0]!, "major");
  const minor = component(parts[1]!, "minor");
  let patchStr = parts[2]!;
  let build: string[] = [];
  let prerelease: string[] = [];
  const buildIndex = patchStr.indexOf("+");
  if (buildIndex !== -1) {
    build = patchStr.slice(buildIndex + 1).split(".");
    patchStr = patchStr.slice(0, buildIndex);
  }
  const preIndex = patchStr.indexOf("-");
  if (preIndex !== -1) {
    prerelease = patchStr.slice(preIndex + 1).split(".");
    patchStr = patchStr.slice(0, preIndex);
  }
  const patch = component(patchStr, "patch");
  const pre: PreRelease[] = [];
  for (const p of prerelease) {
    if (p.length === 0) throw new SemverError("Prerelease is empty");
    if (isNumbers(p)) {
      if (hasLeadingZeroes(p)) throw new SemverError(`Numeric PreRelease version must not contain leading zeroes ${quote(p)}`);
      pre.push(parseUint(p));
    } else if (isAlphanum(p)) {
      pre.push(p);
    } else {
      throw new SemverError(`Invalid character(s) found in prerelease ${quote(p)}`);
    }
  }
  for (const b of build) {
    if (b.length === 0) throw new SemverError("Build meta data is empty");
    if (!isAlphanum(b)) throw new SemverError(`Invalid character(s) found in build meta data ${quote(b)}`);
  }
  return { major, minor, patch, pre, build };
}

/**
 * semverlib.go's normalizeAndParse: drops a "v" prefix, strips leading zeros from each of
 * the first three dot-separated parts, and fills a missing minor or patch with 0.
 */
export function normalizeAndParseSemver(s: string): Version {
  if (s.startsWith("v")) s = s.slice(1);
  const parts = splitN(s, ".", 3).map((p) => {
    if (p.length <= 1) return p;
    p = p.replace(/^0+/, "");
    return p.length === 0 || !/[0-9]/.test(p[0]!) ? "0" + p : p;
  });
  if (parts.length < 3) {
    if (/[+-]/.test(parts[parts.length - 1]!)) throw new SemverError("short version cannot contain PreRelease/Build meta data");
    while (parts.length < 3) parts.push("0");
  }
  return parseSemver(parts.join("."));
}

/** Go's strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i === -1) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

const cmp = <T extends bigint | string>(a: T, b: T): -1 | 0 | 1 => (a === b ? 0 : a > b ? 1 : -1);

function comparePre(a: PreRelease, b: PreRelease): -1 | 0 | 1 {
  const an = typeof a === "bigint";
  const bn = typeof b === "bigint";
  if (an && !bn) return -1;
  if (!an && bn) return 1;
  return cmp(a, b);
}

/** blang/semver Version.Compare: build metadata is ignored; a prerelease sorts first. */
export function compareVersions(v: Version, o: Version): -1 | 0 | 1 {
  const c = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (c !== 0) return c;
  if (v.pre.length === 0 && o.pre.length === 0) return 0;
  if (v.pre.length === 0) return 1;
  if (o.pre.length === 0) return -1;
  const n = Math.min(v.pre.length, o.pre.length);
  for (let i = 0; i < n; i++) {
    const r = comparePre(v.pre[i]!, o.pre[i]!);
    if (r !== 0) return r;
  }
  return cmp(BigInt(v.pre.length), BigInt(o.pre.length));
}

function toSemver(s: string, normalize: boolean): CelSemver {
  try {
    return new CelSemver(normalize ? normalizeAndParseSemver(s) : parseSemver(s));
  } catch (e) {
    if (e instanceof SemverError) throw new CelEvalError(e.message);
    throw e;
  }
}

function isSemver(s: string, normalize: boolean): boolean {
  try {
    toSemver(s, normalize);
    return true;
  } catch (e) {
    if (e instanceof CelEvalError) return false;
    throw e;
  }
}

/** types.Int(uint64): Go's conversion wraps values past int64. */
const asInt = (v: bigint): bigint => BigInt.asIntN(64, v);

export const SEMVER_LIBRARY: Library = {
  semver: global(
    [1, 2],
    [["string"], (s: string) => toSemver(s, false)],
    [["string", "bool"], (s: string, n: boolean) => toSemver(s, n)],
  ),
  isSemver: global(
    [1, 2],
    [["string"], (s: string) => isSemver(s, false)],
    [["string", "bool"], (s: string, n: boolean) => isSemver(s, n)],
  ),
  major: method([0], [[SEMVER], (v: CelSemver) => asInt(v.version.major)]),
  minor: method([0], [[SEMVER], (v: CelSemver) => asInt(v.version.minor)]),
  patch: method([0], [[SEMVER], (v: CelSemver) => asInt(v.version.patch)]),
  isGreaterThan: method([1], [[SEMVER, SEMVER], (a: CelSemver, b: CelSemver) => compareVersions(a.version, b.version) === 1]),
  isLessThan: method([1], [[SEMVER, SEMVER], (a: CelSemver, b: CelSemver) => compareVersions(a.version, b.version) === -1]),
  compareTo: method([1], [[SEMVER, SEMVER], (a: CelSemver, b: CelSemver) => BigInt(compareVersions(a.version, b.version))]),
};
