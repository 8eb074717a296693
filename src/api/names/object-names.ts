import { byteLength, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from "./dns.ts";

/**
 * Object name rules (apimachinery/pkg/api/validation). A name function takes the name and
 * whether it is a generateName prefix (then a trailing dash is allowed) and returns
 * upstream's problems.
 */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** A prefix may end in '-': check it as if that dash were a letter. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? `${name.slice(0, -2)}a` : name;
}

export const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);
export const validateNamespaceName: NameValidator = nameIsDNSLabel;

/** Names that are only path segments (RBAC objects): not "." or "..", no '/' or '%'. */
export const validatePathSegmentName: NameValidator = (name, prefix) => {
  if (!prefix) {
    for (const bad of [".", ".."]) if (name === bad) return [`may not be '${bad}'`];
  }
  const errs: string[] = [];
  for (const bad of ["/", "%"]) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
};

/** The name rule of each kind, by "group/Kind" (core group ""), as upstream's validators. */
const BY_KIND: Record<string, NameValidator> = {
  "/Namespace": validateNamespaceName,
  "/Service": nameIsDNS1035Label,
  "rbac.authorization.k8s.io/Role": validatePathSegmentName,
  "rbac.authorization.k8s.io/RoleBinding": validatePathSegmentName,
  "rbac.authorization.k8s.io/ClusterRole": validatePathSegmentName,
  "rbac.authorization.k8s.io/ClusterRoleBinding": validatePathSegmentName,
};

/** The name validator for a kind; DNS-1123 subdomain unless upstream says otherwise. */
export function nameValidatorFor(group: string, kind: string): NameValidator {
  return BY_KIND[`${group}/${kind}`] ?? nameIsDNSSubdomain;
}

/** Upstream's SimpleNameGenerator: 5 random characters after a base cut to 58 bytes. */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;
const MAX_GENERATED_NAME_LENGTH = MAX_NAME_LENGTH - RANDOM_LENGTH;

export function randomSuffix(n: number = RANDOM_LENGTH): string {
  let out = "";
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  for (const b of bytes) out += ALPHANUMS[b % ALPHANUMS.length];
  return out;
}

export function generateName(base: string): string {
  if (byteLength(base) > MAX_GENERATED_NAME_LENGTH) base = base.slice(0, MAX_GENERATED_NAME_LENGTH);
  return base + randomSuffix();
}
