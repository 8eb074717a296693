/**
 * Which names a CRD may use (upstream's NamingConditionController and
 * EstablishingController in one step): a requested name is accepted when the CRD already
 * holds it or no other CRD of the group has accepted it; the NamesAccepted condition says
 * which name conflicts, and a CRD whose names are all accepted is Established.
 */
import type { KubeObject } from "../../api/meta/index.ts";

export interface CrdNames {
  plural: string;
  singular?: string;
  shortNames?: string[];
  kind: string;
  listKind?: string;
  categories?: string[];
}

export interface CrdCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export interface NamingResult {
  acceptedNames: CrdNames;
  namesAccepted: CrdCondition;
  established: CrdCondition;
}

export function specOf(crd: KubeObject): { group: string; names: CrdNames; scope: string; versions: CrdVersion[] } {
  return (crd["spec"] ?? {}) as { group: string; names: CrdNames; scope: string; versions: CrdVersion[] };
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  subresources?: { status?: Record<string, never>; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }[];
  selectableFields?: { jsonPath: string }[];
}

export function statusOf(crd: KubeObject): { acceptedNames?: CrdNames; conditions?: CrdCondition[]; storedVersions?: string[] } {
  return (crd["status"] ?? {}) as { acceptedNames?: CrdNames; conditions?: CrdCondition[]; storedVersions?: string[] };
}

export function conditionOf(crd: KubeObject, type: string): CrdCondition | undefined {
  return statusOf(crd).conditions?.find((c) => c.type === type);
}

function conflict(requested: string | undefined, accepted: string | undefined, used: Set<string>): string | undefined {
  if (requested === undefined || requested === "" || requested === accepted || !used.has(requested)) return undefined;
  return `"${requested}" is already in use`;
}

/** The names `crd` may serve under, given every CRD stored (itself included). */
export function acceptNames(crd: KubeObject, all: readonly KubeObject[]): NamingResult {
  const spec = specOf(crd);
  const requested = spec.names ?? ({ plural: "", kind: "" } as CrdNames);
  const accepted = statusOf(crd).acceptedNames ?? ({ plural: "", kind: "" } as CrdNames);
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const other of all) {
    if (other.metadata.name === crd.metadata.name || specOf(other).group !== spec.group) continue;
    const n = statusOf(other).acceptedNames;
    if (!n) continue;
    for (const r of [n.plural, n.singular, ...(n.shortNames ?? [])]) if (r) resources.add(r);
    for (const k of [n.kind, n.listKind]) if (k) kinds.add(k);
  }
  const next: CrdNames = { ...accepted };
  let failure: { reason: string; message: string } | undefined;
  const check = (reason: string, why: string | undefined, take: () => void) => {
    if (why) failure ??= { reason, message: why };
    else take();
  };
  check("PluralConflict", conflict(requested.plural, accepted.plural, resources), () => (next.plural = requested.plural));
  check("SingularConflict", conflict(requested.singular, accepted.singular, resources), () => {
    if (requested.singular) next.singular = requested.singular;
    else delete next.singular;
  });
  const shortWhy = (requested.shortNames ?? []).map((s) => (accepted.shortNames?.includes(s) ? undefined : conflict(s, undefined, resources))).find(Boolean);
  check("ShortNamesConflict", shortWhy, () => {
    if (requested.shortNames?.length) next.shortNames = [...requested.shortNames];
    else delete next.shortNames;
  });
  check("KindConflict", conflict(requested.kind, accepted.kind, kinds), () => (next.kind = requested.kind));
  check("ListKindConflict", conflict(requested.listKind, accepted.listKind, kinds), () => {
    if (requested.listKind) next.listKind = requested.listKind;
    else delete next.listKind;
  });
  if (requested.categories?.length) next.categories = [...requested.categories];
  else delete next.categories;
  const namesAccepted: CrdCondition = failure
    ? { type: "NamesAccepted", status: "False", ...failure }
    : { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" };
  const prevEstablished = conditionOf(crd, "Established");
  let established: CrdCondition;
  if (prevEstablished?.status === "True") established = { type: "Established", status: "True", reason: prevEstablished.reason, message: prevEstablished.message };
  else if (!failure) established = { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" };
  else established = { type: "Established", status: "False", reason: "NotAccepted", message: "not all names are accepted" };
  return { acceptedNames: next, namesAccepted, established };
}
