import { isDNS1035Label } from "../names/dns.ts";
import { validatePathSegmentName, type NameValidator } from "../names/object-names.ts";
import type { APIService } from "../types/index.ts";
import { goQuote, invalid, notSupported, Path, required, type FieldError } from "./field-error.ts";
import { arr, isObj } from "./helpers.ts";
import { isDNS1123Subdomain, isValidPortNum } from "./names.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.ts";

/**
 * apiregistration.k8s.io/v1 APIService rules (kube-aggregator
 * pkg/apis/apiregistration/validation, Kubernetes 1.34: ValidateAPIService,
 * ValidateAPIServiceUpdate, ValidateAPIServiceStatusUpdate), with upstream's messages and
 * field paths. They include the metadata rules: the name must be `<version>.<group>`,
 * which an update that changes spec.version or spec.group breaks too.
 */

type APISpec = NonNullable<APIService["spec"]>;

/** In upstream's order (the NotSupported message lists them so). */
const CONDITION_STATUSES = ["True", "False", "Unknown"];

const str = (v: unknown): string => (typeof v === "string" ? v : "");
/** An int32 field as Go holds it: 0 when unset. */
const int = (v: unknown): number => (typeof v === "number" ? v : 0);

/** The decoded length of a []byte field (base64 in JSON). */
function byteCount(v: unknown): number {
  return typeof v === "string" && v !== "" ? Buffer.from(v, "base64").length : 0;
}

/** The name rule: a path segment name that is exactly spec.version + "." + spec.group. */
function nameRule(requiredName: string): NameValidator {
  return (name) => {
    const minimal = validatePathSegmentName(name, false);
    if (minimal.length > 0) return minimal;
    if (name !== requiredName) return [`must be \`spec.version+"."+spec.group\`: ${goQuote(requiredName)}`];
    return [];
  };
}

/** ValidateAPIService: metadata (the name included) and spec. */
export function validateAPIService(apiService: APIService): FieldError[] {
  const spec: Partial<APISpec> = isObj(apiService.spec) ? apiService.spec : {};
  const group = str(spec.group);
  const version = str(spec.version);
  const errs = validateObjectMeta(apiService.metadata ?? {}, { namespaced: false, nameFn: nameRule(`${version}.${group}`) });
  const p = Path.root("spec");

  // only the legacy core group is empty
  if (group === "" && version !== "v1") errs.push(required(p.child("group"), "only v1 may have an empty group and it better be legacy kube"));
  if (group !== "") for (const msg of isDNS1123Subdomain(group)) errs.push(invalid(p.child("group"), group, msg));
  for (const msg of isDNS1035Label(version)) errs.push(invalid(p.child("version"), version, msg));

  const groupPriority = int(spec.groupPriorityMinimum);
  if (groupPriority <= 0 || groupPriority > 20000) errs.push(invalid(p.child("groupPriorityMinimum"), groupPriority, "must be positive and less than 20000"));
  const versionPriority = int(spec.versionPriority);
  if (versionPriority <= 0 || versionPriority > 1000) errs.push(invalid(p.child("versionPriority"), versionPriority, "must be positive and less than 1000"));

  const caBytes = byteCount(spec.caBundle);
  const insecure = spec.insecureSkipTLSVerify === true;
  const service = spec.service;
  if (!isObj(service)) {
    if (caBytes !== 0) errs.push(invalid(p.child("caBundle"), `${caBytes} bytes`, "local APIServices may not have a caBundle"));
    if (insecure) errs.push(invalid(p.child("insecureSkipTLSVerify"), true, "local APIServices may not have insecureSkipTLSVerify"));
    return errs;
  }

  const sp = p.child("service");
  if (str(service.namespace) === "") errs.push(required(sp.child("namespace"), ""));
  if (str(service.name) === "") errs.push(required(sp.child("name"), ""));
  const port = int(service.port);
  const portErrs = isValidPortNum(port);
  if (portErrs.length > 0) errs.push(invalid(sp.child("port"), port, `port is not valid: ${portErrs.join(", ")}`));
  if (insecure && caBytes > 0) errs.push(invalid(p.child("insecureSkipTLSVerify"), true, "may not be true if caBundle is present"));
  return errs;
}

/** ValidateAPIServiceUpdate: the metadata update rules, then every create rule again. */
export function validateAPIServiceUpdate(apiService: APIService, old: APIService): FieldError[] {
  return [...validateObjectMetaUpdate(apiService.metadata ?? {}, old.metadata ?? {}), ...validateAPIService(apiService)];
}

/** ValidateAPIServiceStatus: each condition's status is True, False or Unknown. */
export function validateAPIServiceStatus(status: APIService["status"], path: Path = Path.root("status")): FieldError[] {
  const errs: FieldError[] = [];
  const conditions = arr<{ status?: unknown }>(isObj(status) ? status.conditions : undefined);
  conditions.forEach((c, i) => {
    const value = isObj(c) ? str(c.status) : "";
    if (!CONDITION_STATUSES.includes(value)) errs.push(notSupported(path.child("conditions").index(i).child("status"), value, CONDITION_STATUSES));
  });
  return errs;
}

/** ValidateAPIServiceStatusUpdate: the metadata update rules and the status. */
export function validateAPIServiceStatusUpdate(apiService: APIService, old: APIService): FieldError[] {
  return [...validateObjectMetaUpdate(apiService.metadata ?? {}, old.metadata ?? {}), ...validateAPIServiceStatus(apiService.status)];
}
