/**
 * Image references normalized as containerd's docker.ParseDockerRef does:
 * `busybox` -> `docker.io/library/busybox:latest`; `name:tag@sha256:...` keeps only
 * the digest; `index.docker.io` is `docker.io`. Grammar from distribution/reference.
 */

export interface ImageReference {
  /** Registry host[:port], e.g. "docker.io", "localhost:5000". */
  domain: string;
  /** Repository path without the domain, e.g. "library/busybox". */
  path: string;
  tag?: string;
  /** "sha256:<hex>" */
  digest?: string;
}

export class InvalidReferenceError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid reference format: ${reason}: "${input}"`);
  }
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;
const HEX64 = /^[a-f0-9]{64}$/;

export const DEFAULT_DOMAIN = "docker.io";

export function parseReference(input: string): ImageReference {
  if (input === "") throw new InvalidReferenceError(input, "empty reference");
  if (HEX64.test(input)) throw new InvalidReferenceError(input, "cannot specify 64-byte hexadecimal strings");
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new InvalidReferenceError(input, "invalid digest");
    if (digest.startsWith("sha256:") && !HEX64.test(digest.slice(7))) throw new InvalidReferenceError(input, "invalid sha256 digest");
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new InvalidReferenceError(input, "invalid tag");
  }
  let domain = DEFAULT_DOMAIN;
  let path = rest;
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost" || first.toLowerCase() !== first) {
      domain = first;
      path = rest.slice(slash + 1);
    }
  }
  if (!DOMAIN.test(domain)) throw new InvalidReferenceError(input, "invalid domain");
  if (domain === "index.docker.io") domain = DEFAULT_DOMAIN;
  if (path === "") throw new InvalidReferenceError(input, "empty repository");
  if (path.toLowerCase() !== path) throw new InvalidReferenceError(input, "repository name must be lowercase");
  for (const c of path.split("/")) if (!COMPONENT.test(c)) throw new InvalidReferenceError(input, "invalid repository component");
  if (domain === DEFAULT_DOMAIN && !path.includes("/")) path = `library/${path}`;
  if ((domain + "/" + path).length > 255) throw new InvalidReferenceError(input, "repository name must not be more than 255 characters");
  const out: ImageReference = { domain, path };
  // A digested reference drops its tag (containerd ParseDockerRef); a bare name gets "latest".
  if (digest !== undefined) out.digest = digest;
  else out.tag = tag ?? "latest";
  return out;
}

export function repositoryOf(r: ImageReference): string {
  return `${r.domain}/${r.path}`;
}

export function formatReference(r: ImageReference): string {
  return r.digest !== undefined ? `${repositoryOf(r)}@${r.digest}` : `${repositoryOf(r)}:${r.tag ?? "latest"}`;
}

/** The fully qualified form of an image name. Throws InvalidReferenceError. */
export function normalizeImageRef(input: string): string {
  return formatReference(parseReference(input));
}

/** The tag a pod's image names, for imagePullPolicy defaulting: "latest" when none and no digest. */
export function isLatestOrUntagged(input: string): boolean {
  try {
    const r = parseReference(input);
    return r.digest === undefined && r.tag === "latest";
  } catch {
    return false;
  }
}
