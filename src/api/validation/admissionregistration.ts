import { isDNS1035Label } from "../names/dns.ts";
import type { LabelSelector } from "../meta/types.ts";
import { nameIsDNSSubdomain, validatePathSegmentName } from "../names/object-names.ts";
import { regexError } from "../names/messages.ts";
import type {
  MutatingWebhook,
  MutatingWebhookConfiguration,
  RuleWithOperations,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingAdmissionPolicySpec,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
} from "../types/index.ts";
import { duplicate, forbidden, goQuote, invalid, notSupported, Path, required, tooLong, tooMany, type FieldError } from "./field-error.ts";
import { GoValue } from "./go-values.ts";
import { arr, isObj, obj } from "./helpers.ts";
import { validateWebhookService, validateWebhookURL } from "./apiextensions.ts";
import { validateLabelSelector } from "./label-selector.ts";
import { isDNS1123Subdomain, isQualifiedName } from "./names.ts";
import { jsonEqual } from "./object-meta.ts";

/**
 * admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration and
 * MutatingWebhookConfiguration rules (upstream pkg/apis/admissionregistration/validation,
 * Kubernetes 1.34: ValidateValidatingWebhookConfiguration, ValidateMutatingWebhookConfiguration
 * and their Update forms), with upstream's messages and field paths. Metadata is checked by
 * the caller, as for every kind.
 *
 * matchConditions' expressions are CEL: they are checked to be non-empty only, not compiled
 * or type-checked (upstream reports compile errors here; this server has no CEL).
 */

type Webhook = ValidatingWebhook | MutatingWebhook;

/** What an update relaxes, from the stored configuration (upstream's validationOptions). */
interface Options {
  /** The match conditions did not change: they are not checked again. */
  ignoreMatchConditions: boolean;
  /** sideEffects must be None or NoneOnDryRun (else Unknown and Some pass too). */
  requireNoSideEffects: boolean;
  /** admissionReviewVersions must include v1 or v1beta1. */
  requireRecognizedAdmissionReviewVersion: boolean;
  requireUniqueWebhookNames: boolean;
  /** Selector values that are not label values pass (the stored configuration has such). */
  allowInvalidLabelValueInSelector: boolean;
}

const CREATE_OPTIONS: Options = {
  ignoreMatchConditions: false,
  requireNoSideEffects: true,
  requireRecognizedAdmissionReviewVersion: true,
  requireUniqueWebhookNames: true,
  allowInvalidLabelValueInSelector: false,
};

// sets.NewString(...).List() order, as upstream prints them in "supported values".
const FAILURE_POLICIES = ["Fail", "Ignore"];
const MATCH_POLICIES = ["Equivalent", "Exact"];
const SIDE_EFFECT_CLASSES = ["None", "NoneOnDryRun", "Some", "Unknown"];
const NO_SIDE_EFFECT_CLASSES = ["None", "NoneOnDryRun"];
const OPERATIONS = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
const REINVOCATION_POLICIES = ["IfNeeded", "Never"];
const SCOPES = ["*", "Cluster", "Namespaced"];
/** AcceptedAdmissionReviewVersions: the AdmissionReview versions this server speaks. */
const ACCEPTED_REVIEW_VERSIONS = ["v1", "v1beta1"];
const MAX_MATCH_CONDITIONS = 64;

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const strings = (v: unknown): string[] => arr<unknown>(v).map(str);
const hasWildcard = (list: readonly string[]): boolean => list.includes("*");

/** utilvalidation.IsFullyQualifiedName: a DNS subdomain of at least three labels. */
function validateFullyQualifiedName(name: string, path: Path): FieldError[] {
  if (name === "") return [required(path, "")];
  const errs = isDNS1123Subdomain(name);
  if (errs.length > 0) return [invalid(path, name, errs.join(","))];
  if (name.split(".").length < 3) return [invalid(path, name, "should be a domain with at least three segments separated by dots")];
  return [];
}

/** validateResources (subresources allowed): "*", "*\/*", "pods/*", "*\/scale" and how they may mix. */
function validateResources(resources: string[], path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (resources.length === 0) errs.push(required(path, ""));
  const resourcesWithWildcardSubresources = new Set<string>(); // x/*
  const subresourcesWithWildcardResource = new Set<string>(); // */x
  let hasDoubleWildcard = false;
  let hasSingleWildcard = false;
  let hasResourceWithoutSubresource = false;
  resources.forEach((resSub, i) => {
    if (resSub === "") {
      errs.push(required(path.index(i), ""));
      return;
    }
    if (resSub === "*/*") hasDoubleWildcard = true;
    if (resSub === "*") hasSingleWildcard = true;
    const slash = resSub.indexOf("/");
    if (slash < 0) {
      // upstream assigns rather than accumulates: the last plain resource decides
      hasResourceWithoutSubresource = resSub !== "*";
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (resourcesWithWildcardSubresources.has(res)) errs.push(invalid(path.index(i), resSub, `if '${res}/*' is present, must not specify ${resSub}`));
    if (subresourcesWithWildcardResource.has(sub)) errs.push(invalid(path.index(i), resSub, `if '*/${sub}' is present, must not specify ${resSub}`));
    if (sub === "*") resourcesWithWildcardSubresources.add(res);
    if (res === "*") subresourcesWithWildcardResource.add(sub);
  });
  if (resources.length > 1 && hasDoubleWildcard) errs.push(invalid(path, resources, "if '*/*' is present, must not specify other resources"));
  if (hasSingleWildcard && hasResourceWithoutSubresource) errs.push(invalid(path, resources, "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

/** validateRuleWithOperations (with validateRule, subresources allowed). */
function validateRule(rule: RuleWithOperations, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const operations = strings(rule.operations);
  if (operations.length === 0) errs.push(required(path.child("operations"), ""));
  if (operations.length > 1 && hasWildcard(operations)) {
    const bad = new GoValue(`[]admissionregistration.OperationType{${operations.map(goQuote).join(", ")}}`, operations);
    errs.push(invalid(path.child("operations"), bad, "if '*' is present, must not specify other operations"));
  }
  operations.forEach((op, i) => {
    if (!OPERATIONS.includes(op)) errs.push(notSupported(path.child("operations").index(i), op, OPERATIONS));
  });

  const groups = strings(rule.apiGroups);
  if (groups.length === 0) errs.push(required(path.child("apiGroups"), ""));
  if (groups.length > 1 && hasWildcard(groups)) errs.push(invalid(path.child("apiGroups"), groups, "if '*' is present, must not specify other API groups"));
  // a group may be empty: the legacy core group
  const versions = strings(rule.apiVersions);
  if (versions.length === 0) errs.push(required(path.child("apiVersions"), ""));
  if (versions.length > 1 && hasWildcard(versions)) errs.push(invalid(path.child("apiVersions"), versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (v === "") errs.push(required(path.child("apiVersions").index(i), ""));
  });
  errs.push(...validateResources(strings(rule.resources), path.child("resources")));
  if (isSet(rule.scope) && !SCOPES.includes(str(rule.scope))) errs.push(notSupported(path.child("scope"), rule.scope, SCOPES));
  return errs;
}

/** validateAdmissionReviewVersions: at least one, distinct DNS-1035 labels, and (on create) v1 or v1beta1 among them. */
function validateAdmissionReviewVersions(raw: unknown, requireRecognized: boolean, path: Path): FieldError[] {
  const versions = strings(raw);
  if (versions.length < 1) return [required(path, `must specify one of ${ACCEPTED_REVIEW_VERSIONS.join(", ")}`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let hasAccepted = false;
  versions.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(invalid(path.index(i), v, "duplicate version"));
      return;
    }
    seen.add(v);
    for (const msg of isDNS1035Label(v)) errs.push(invalid(path.index(i), v, msg));
    if (ACCEPTED_REVIEW_VERSIONS.includes(v)) hasAccepted = true;
  });
  if (requireRecognized && !hasAccepted) errs.push(invalid(path, versions, `must include at least one of ${ACCEPTED_REVIEW_VERSIONS.join(", ")}`));
  return errs;
}

/** validateMatchConditions: at most 64, names qualified and distinct, expressions non-empty (not compiled: no CEL here). */
function validateMatchConditions(raw: unknown, path: Path): FieldError[] {
  const conditions = arr<unknown>(raw);
  const errs: FieldError[] = [];
  if (conditions.length > MAX_MATCH_CONDITIONS) errs.push(tooMany(path, conditions.length, MAX_MATCH_CONDITIONS));
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const cond = isObj(c) ? c : {};
    const name = str(cond["name"]);
    if (str(cond["expression"]).trim() === "") errs.push(required(path.index(i).child("expression"), ""));
    if (name === "") errs.push(required(path.index(i).child("name"), ""));
    else for (const msg of isQualifiedName(name)) errs.push(invalid(path.index(i).child("name"), name, msg));
    if (name !== "") {
      if (names.has(name)) errs.push(duplicate(path.index(i).child("name"), name));
      else names.add(name);
    }
  });
  return errs;
}

/** A selector's errors; values that are not label values pass when the options allow them. */
function validateSelector(sel: unknown, allowInvalidValues: boolean, path: Path): FieldError[] {
  if (!isSet(sel)) return [];
  const errs = validateLabelSelector((isObj(sel) ? sel : {}) as LabelSelector, path);
  if (!allowInvalidValues) return errs;
  const prefix = `${path.toString()}.matchExpressions[`;
  return errs.filter((e) => !(e.type === "FieldValueInvalid" && e.field.startsWith(prefix) && /\]\.values\[\d+\]$/.test(e.field)));
}

/** The client config: exactly one of url (https, no user, query or fragment) and service. */
function validateClientConfig(cc: unknown, path: Path): FieldError[] {
  const config = isObj(cc) ? cc : {};
  const url = config["url"];
  const service = config["service"];
  if (isSet(url) === isSet(service)) return [required(path, "exactly one of url or service is required")];
  if (isSet(url)) return validateWebhookURL(path.child("url"), str(url));
  const svc = isObj(service) ? service : {};
  return validateWebhookService(path.child("service"), {
    name: str(svc["name"]),
    namespace: str(svc["namespace"]),
    path: typeof svc["path"] === "string" ? svc["path"] : null,
    port: typeof svc["port"] === "number" ? svc["port"] : 0,
  });
}

/** validateValidatingWebhook / validateMutatingWebhook, in upstream's order. */
function validateWebhook(hook: Webhook, mutating: boolean, opts: Options, path: Path): FieldError[] {
  const errs = validateFullyQualifiedName(str(hook.name), path.child("name"));
  arr<RuleWithOperations>(hook.rules).forEach((rule, i) => errs.push(...validateRule(isObj(rule) ? rule : {}, path.child("rules").index(i))));
  if (isSet(hook.failurePolicy) && !FAILURE_POLICIES.includes(str(hook.failurePolicy))) errs.push(notSupported(path.child("failurePolicy"), hook.failurePolicy, FAILURE_POLICIES));
  if (isSet(hook.matchPolicy) && !MATCH_POLICIES.includes(str(hook.matchPolicy))) errs.push(notSupported(path.child("matchPolicy"), hook.matchPolicy, MATCH_POLICIES));
  const allowedSideEffects = opts.requireNoSideEffects ? NO_SIDE_EFFECT_CLASSES : SIDE_EFFECT_CLASSES;
  if (!isSet(hook.sideEffects)) errs.push(required(path.child("sideEffects"), `must specify one of ${allowedSideEffects.join(", ")}`));
  else if (!allowedSideEffects.includes(str(hook.sideEffects))) errs.push(notSupported(path.child("sideEffects"), hook.sideEffects, allowedSideEffects));
  const timeout = hook.timeoutSeconds;
  if (typeof timeout === "number" && (timeout > 30 || timeout < 1)) errs.push(invalid(path.child("timeoutSeconds"), timeout, "the timeout value must be between 1 and 30 seconds"));
  errs.push(...validateSelector(hook.namespaceSelector, opts.allowInvalidLabelValueInSelector, path.child("namespaceSelector")));
  errs.push(...validateSelector(hook.objectSelector, opts.allowInvalidLabelValueInSelector, path.child("objectSelector")));
  if (mutating) {
    const policy = (hook as MutatingWebhook).reinvocationPolicy;
    if (isSet(policy) && !REINVOCATION_POLICIES.includes(str(policy))) errs.push(notSupported(path.child("reinvocationPolicy"), policy, REINVOCATION_POLICIES));
  }
  errs.push(...validateClientConfig(hook.clientConfig, path.child("clientConfig")));
  if (!opts.ignoreMatchConditions) errs.push(...validateMatchConditions(hook.matchConditions, path.child("matchConditions")));
  return errs;
}

function webhooksOf(config: { webhooks?: readonly Webhook[] }): Webhook[] {
  return arr<unknown>(config.webhooks).map((h) => (isObj(h) ? h : {}) as Webhook);
}

/** validateValidatingWebhookConfiguration / validateMutatingWebhookConfiguration (less metadata). */
function validateConfiguration(hooks: readonly Webhook[], mutating: boolean, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  hooks.forEach((hook, i) => {
    const path = Path.root("webhooks").index(i);
    errs.push(...validateWebhook(hook, mutating, opts, path));
    errs.push(...validateAdmissionReviewVersions(hook.admissionReviewVersions, opts.requireRecognizedAdmissionReviewVersion, path.child("admissionReviewVersions")));
    const name = str(hook.name);
    if (opts.requireUniqueWebhookNames && name !== "") {
      if (names.has(name)) errs.push(duplicate(path.child("name"), name));
      else names.add(name);
    }
  });
  return errs;
}

/** What the stored configuration relaxes (ValidateXWebhookConfigurationUpdate's options). */
function updateOptions(hooks: readonly Webhook[], old: readonly Webhook[]): Options {
  const names = old.map((h) => str(h.name));
  return {
    // ignoreXWebhookMatchConditions: as many webhooks, each with the same conditions
    ignoreMatchConditions: hooks.length === old.length && old.every((o, i) => jsonEqual(hooks[i]?.matchConditions ?? null, o.matchConditions ?? null)),
    requireNoSideEffects: old.every((h) => NO_SIDE_EFFECT_CLASSES.includes(str(h.sideEffects))),
    requireRecognizedAdmissionReviewVersion: old.every((h) => {
      const versions = strings(h.admissionReviewVersions);
      return versions.length === 0 || versions.some((v) => ACCEPTED_REVIEW_VERSIONS.includes(v));
    }),
    requireUniqueWebhookNames: new Set(names).size === names.length,
    allowInvalidLabelValueInSelector: old.some((h) => validateSelector(h.namespaceSelector, false, Path.root()).length > 0 || validateSelector(h.objectSelector, false, Path.root()).length > 0),
  };
}

/** ValidateValidatingWebhookConfiguration (less metadata). */
export function validateValidatingWebhookConfiguration(config: ValidatingWebhookConfiguration): FieldError[] {
  return validateConfiguration(webhooksOf(config), false, CREATE_OPTIONS);
}

/** ValidateMutatingWebhookConfiguration (less metadata). */
export function validateMutatingWebhookConfiguration(config: MutatingWebhookConfiguration): FieldError[] {
  return validateConfiguration(webhooksOf(config), true, CREATE_OPTIONS);
}

/**
 * ValidateValidatingWebhookConfigurationUpdate (less metadata): the create rules, relaxed
 * where the stored configuration already breaks them (side effects Unknown or Some, no
 * recognized AdmissionReview version, duplicate names, selector values that are not label
 * values); unchanged match conditions are not checked again.
 */
export function validateValidatingWebhookConfigurationUpdate(config: ValidatingWebhookConfiguration, old: ValidatingWebhookConfiguration): FieldError[] {
  const hooks = webhooksOf(config);
  return validateConfiguration(hooks, false, updateOptions(hooks, webhooksOf(old)));
}

/** ValidateMutatingWebhookConfigurationUpdate (less metadata), relaxed as the validating one. */
export function validateMutatingWebhookConfigurationUpdate(config: MutatingWebhookConfiguration, old: MutatingWebhookConfiguration): FieldError[] {
  const hooks = webhooksOf(config);
  return validateConfiguration(hooks, true, updateOptions(hooks, webhooksOf(old)));
}

// ---------------------------------------------------------------------------
// ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
//
// ValidateValidatingAdmissionPolicy, ValidateValidatingAdmissionPolicyUpdate,
// ValidateValidatingAdmissionPolicyStatusUpdate, ValidateValidatingAdmissionPolicyBinding and
// its Update form (Kubernetes 1.34), less metadata. The CEL expressions (validations,
// messageExpressions, auditAnnotations' valueExpressions, variables, matchConditions) are
// checked to be non-empty only: they are neither compiled nor type-checked here (upstream
// reports compile errors and cost-limit errors at this point). Upstream's authorization
// checks of paramKind and paramRef (the strategies' authorizer) are not made either.

const VALIDATION_REASONS = ["Forbidden", "Invalid", "RequestEntityTooLarge"];
const VALIDATION_ACTIONS = ["Audit", "Deny", "Warn"];
const MAX_AUDIT_ANNOTATIONS = 20;
const MAX_AUDIT_ANNOTATION_VALUE_EXPRESSION_LENGTH = 5 * 1024;
const CEL_IDENT = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const CEL_RESERVED = new Set(["true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"]);
const CONDITION_STATUSES = ["False", "True", "Unknown"];
const CONDITION_REASON_FMT = "[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?";
const CONDITION_REASON_RE = new RegExp(`^${CONDITION_REASON_FMT}$`);
const CONDITION_REASON_MSG =
  "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'";

const byteLen = (v: string): number => Buffer.byteLength(v, "utf8");
const hasNewlines = (v: string): boolean => /[\n\r]+/.test(v);

/** validateParamKind: apiVersion "group/version" (group a DNS subdomain, version a DNS-1035 label), kind a DNS-1035 label in any case. */
function validateParamKind(raw: unknown, path: Path): FieldError[] {
  const pk = obj(raw);
  const errs: FieldError[] = [];
  const apiVersion = str(pk["apiVersion"]);
  const p = path.child("apiVersion");
  if (apiVersion === "") errs.push(required(p, ""));
  else if (apiVersion !== "/" && apiVersion.split("/").length > 2) errs.push(invalid(p, apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
  else {
    const slash = apiVersion.indexOf("/");
    const [group, version] = apiVersion === "/" ? ["", ""] : slash < 0 ? ["", apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
    if (group !== "") {
      const e = isDNS1123Subdomain(group);
      if (e.length > 0) errs.push(invalid(p, group, e.join(",")));
    }
    if (version === "") errs.push(invalid(p, apiVersion, "version must be specified"));
    else {
      const e = isDNS1035Label(version);
      if (e.length > 0) errs.push(invalid(p, version, e.join(",")));
    }
  }
  const kind = str(pk["kind"]);
  if (kind === "") errs.push(required(path.child("kind"), ""));
  else {
    const e = isDNS1035Label(kind.toLowerCase());
    if (e.length > 0) errs.push(invalid(path.child("kind"), kind, `may have mixed case, but should otherwise match: ${e.join(",")}`));
  }
  return errs;
}

/** validateNamedRuleWithOperations: resource names are path segments and distinct; then the webhook rule checks. */
function validateNamedRule(raw: unknown, path: Path): FieldError[] {
  const rule = obj(raw);
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  strings(rule["resourceNames"]).forEach((name, i) => {
    for (const msg of validatePathSegmentName(name, false)) errs.push(invalid(path.child("resourceNames").index(i), name, msg));
    if (seen.has(name)) errs.push(duplicate(path.child("resourceNames").index(i), name));
    else seen.add(name);
  });
  errs.push(...validateRule(rule as RuleWithOperations, path));
  return errs;
}

/** validateMatchResources: matchPolicy and both selectors required (selectors strictly checked), each rule checked. */
function validateMatchResources(raw: unknown, path: Path): FieldError[] {
  if (!isSet(raw)) return [];
  const mc = obj(raw);
  const errs: FieldError[] = [];
  const policy = mc["matchPolicy"];
  if (!isSet(policy)) errs.push(required(path.child("matchPolicy"), ""));
  else if (!MATCH_POLICIES.includes(str(policy))) errs.push(notSupported(path.child("matchPolicy"), policy, MATCH_POLICIES));
  for (const key of ["namespaceSelector", "objectSelector"]) {
    if (!isSet(mc[key])) errs.push(required(path.child(key), ""));
    else errs.push(...validateSelector(mc[key], false, path.child(key)));
  }
  arr<unknown>(mc["resourceRules"]).forEach((r, i) => errs.push(...validateNamedRule(r, path.child("resourceRules").index(i))));
  arr<unknown>(mc["excludeResourceRules"]).forEach((r, i) => errs.push(...validateNamedRule(r, path.child("excludeResourceRules").index(i))));
  return errs;
}

function isCELIdentifier(name: string): boolean {
  return CEL_IDENT.test(name) && !CEL_RESERVED.has(name);
}

/** validateVariable: a CEL identifier and a non-empty expression. */
function validateVariable(raw: unknown, path: Path): FieldError[] {
  const v = obj(raw);
  const errs: FieldError[] = [];
  const name = str(v["name"]);
  if (name.trim() === "") errs.push(required(path.child("name"), "name is not specified"));
  else if (!isCELIdentifier(name)) errs.push(invalid(path.child("name"), name, "name is not a valid CEL identifier"));
  if (str(v["expression"]).trim() === "") errs.push(required(path.child("expression"), "expression is not specified"));
  return errs;
}

/** validateValidation: a non-empty expression, a non-blank one-line message, a supported reason. */
function validateValidation(raw: unknown, path: Path): FieldError[] {
  const v = obj(raw);
  const errs: FieldError[] = [];
  if (str(v["expression"]).trim() === "") errs.push(required(path.child("expression"), "expression is not specified"));
  const messageExpression = str(v["messageExpression"]);
  if (messageExpression.length > 0 && messageExpression.trim() === "") errs.push(invalid(path.child("messageExpression"), messageExpression, "must be non-empty if specified"));
  const message = str(v["message"]);
  const trimmed = message.trim();
  if (message.length > 0 && trimmed === "") errs.push(invalid(path.child("message"), message, "message must be non-empty if specified"));
  else if (hasNewlines(trimmed)) errs.push(invalid(path.child("message"), message, "message must not contain line breaks"));
  if (isSet(v["reason"]) && !VALIDATION_REASONS.includes(str(v["reason"]))) errs.push(notSupported(path.child("reason"), v["reason"], VALIDATION_REASONS));
  return errs;
}

/** validateAuditAnnotation: "{policy name}/{key}" a qualified name; a non-empty valueExpression of at most 5kb. */
function validateAuditAnnotation(policyName: string, raw: unknown, path: Path): FieldError[] {
  const a = obj(raw);
  const errs: FieldError[] = [];
  const key = str(a["key"]);
  if (policyName !== "") {
    const qualified = `${policyName}/${key}`;
    for (const msg of isQualifiedName(qualified)) errs.push(invalid(path.child("key"), qualified, msg));
  } else errs.push(invalid(path.child("key"), key, "requires metadata.name be non-empty"));
  const value = str(a["valueExpression"]).trim();
  if (value === "") errs.push(required(path.child("valueExpression"), "valueExpression is not specified"));
  else if (byteLen(value) > MAX_AUDIT_ANNOTATION_VALUE_EXPRESSION_LENGTH)
    errs.push(required(path.child("valueExpression"), `must not exceed ${MAX_AUDIT_ANNOTATION_VALUE_EXPRESSION_LENGTH} bytes in length`));
  return errs;
}

/** The audit annotations as %#v prints them. */
function goAuditAnnotations(list: readonly unknown[]): GoValue {
  const items = list.map((a) => `admissionregistration.AuditAnnotation{Key:${goQuote(str(obj(a)["key"]))}, ValueExpression:${goQuote(str(obj(a)["valueExpression"]))}}`);
  return new GoValue(`[]admissionregistration.AuditAnnotation{${items.join(", ")}}`, list);
}

/** validateValidatingAdmissionPolicySpec. */
function validatePolicySpec(policyName: string, rawSpec: unknown, ignoreMatchConditions: boolean): FieldError[] {
  const spec = obj(rawSpec) as ValidatingAdmissionPolicySpec;
  const path = Path.root("spec");
  const errs: FieldError[] = [];
  if (!isSet(spec.failurePolicy)) errs.push(required(path.child("failurePolicy"), ""));
  else if (!FAILURE_POLICIES.includes(str(spec.failurePolicy))) errs.push(notSupported(path.child("failurePolicy"), spec.failurePolicy, FAILURE_POLICIES));
  if (isSet(spec.paramKind)) errs.push(...validateParamKind(spec.paramKind, path.child("paramKind")));
  if (!isSet(spec.matchConstraints)) errs.push(required(path.child("matchConstraints"), ""));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, path.child("matchConstraints")));
    // at least one resource rule, for type information
    if (arr(obj(spec.matchConstraints)["resourceRules"]).length === 0) errs.push(required(path.child("matchConstraints").child("resourceRules"), ""));
  }
  if (!ignoreMatchConditions) errs.push(...validateMatchConditions(spec.matchConditions, path.child("matchConditions")));
  arr<unknown>(spec.variables).forEach((v, i) => errs.push(...validateVariable(v, path.child("variables").index(i))));
  const validations = arr<unknown>(spec.validations);
  const annotations = arr<unknown>(spec.auditAnnotations);
  if (validations.length === 0 && annotations.length === 0) {
    errs.push(required(path.child("validations"), "validations or auditAnnotations must contain at least one item"));
    errs.push(required(path.child("auditAnnotations"), "validations or auditAnnotations must contain at least one item"));
    return errs;
  }
  validations.forEach((v, i) => errs.push(...validateValidation(v, path.child("validations").index(i))));
  if (annotations.length > MAX_AUDIT_ANNOTATIONS)
    errs.push(invalid(path.child("auditAnnotations"), goAuditAnnotations(annotations), `must not have more than ${MAX_AUDIT_ANNOTATIONS} auditAnnotations`));
  const keys = new Set<string>();
  annotations.forEach((a, i) => {
    const p = path.child("auditAnnotations").index(i);
    errs.push(...validateAuditAnnotation(policyName, a, p));
    const key = str(obj(a)["key"]);
    if (keys.has(key)) errs.push(duplicate(p.child("key"), key));
    keys.add(key);
  });
  return errs;
}

/** ValidateValidatingAdmissionPolicy (less metadata). */
export function validateValidatingAdmissionPolicy(policy: ValidatingAdmissionPolicy): FieldError[] {
  return validatePolicySpec(str(policy.metadata?.name), policy.spec, false);
}

/**
 * ValidateValidatingAdmissionPolicyUpdate (less metadata): as on create, but the match
 * conditions are not checked again when they and paramKind did not change.
 */
export function validateValidatingAdmissionPolicyUpdate(policy: ValidatingAdmissionPolicy, old: ValidatingAdmissionPolicy): FieldError[] {
  const spec = obj(policy.spec);
  const oldSpec = obj(old.spec);
  const ignore = jsonEqual(spec["paramKind"] ?? null, oldSpec["paramKind"] ?? null) && jsonEqual(spec["matchConditions"] ?? null, oldSpec["matchConditions"] ?? null);
  return validatePolicySpec(str(policy.metadata?.name), policy.spec, ignore);
}

/** metav1validation.ValidateCondition over each condition, and no duplicate types. */
function validateConditions(raw: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  arr<unknown>(raw).forEach((c, i) => {
    const cond = obj(c);
    const p = path.index(i);
    const type = str(cond["type"]);
    if (types.has(type)) errs.push(duplicate(p.child("type"), type));
    else types.add(type);
    for (const msg of isQualifiedName(type)) errs.push(invalid(p.child("type"), type, msg));
    if (!CONDITION_STATUSES.includes(str(cond["status"]))) errs.push(notSupported(p.child("status"), str(cond["status"]), CONDITION_STATUSES));
    const gen = cond["observedGeneration"];
    if (typeof gen === "number" && gen < 0) errs.push(invalid(p.child("observedGeneration"), gen, "must be greater than or equal to zero"));
    if (!isSet(cond["lastTransitionTime"]) || cond["lastTransitionTime"] === "") errs.push(required(p.child("lastTransitionTime"), "must be set"));
    const reason = str(cond["reason"]);
    if (reason === "") errs.push(required(p.child("reason"), "must be set"));
    else {
      if (!CONDITION_REASON_RE.test(reason)) errs.push(invalid(p.child("reason"), reason, regexError(CONDITION_REASON_MSG, CONDITION_REASON_FMT, "ReasonA", "ReasonA_ReasonB", "ReasonA:ReasonB")));
      if (byteLen(reason) > 1024) errs.push(tooLong(p.child("reason"), reason, 1024));
    }
    const message = str(cond["message"]);
    if (byteLen(message) > 32 * 1024) errs.push(tooLong(p.child("message"), message, 32 * 1024));
  });
  return errs;
}

/**
 * ValidateValidatingAdmissionPolicyStatusUpdate: each expression warning has a warning and
 * a fieldRef (not parsed as a JSONPath here), and the conditions are valid.
 */
export function validateValidatingAdmissionPolicyStatus(policy: ValidatingAdmissionPolicy): FieldError[] {
  const status = obj(policy.status);
  const path = Path.root("status");
  const errs: FieldError[] = [];
  if (isSet(status["typeChecking"])) {
    arr<unknown>(obj(status["typeChecking"])["expressionWarnings"]).forEach((w, i) => {
      const p = path.child("typeChecking").child("expressionWarnings").index(i);
      if (str(obj(w)["warning"]) === "") errs.push(required(p.child("warning"), ""));
      if (str(obj(w)["fieldRef"]).trim() === "") errs.push(required(p.child("fieldRef"), ""));
    });
  }
  errs.push(...validateConditions(status["conditions"], path.child("conditions")));
  return errs;
}

/** validateParamRef: one of name (a path segment) and selector, and parameterNotFoundAction Deny or Allow. */
function validateParamRef(raw: unknown, path: Path): FieldError[] {
  if (!isSet(raw)) return [];
  const pr = obj(raw);
  const errs: FieldError[] = [];
  const name = str(pr["name"]);
  const hasSelector = isSet(pr["selector"]);
  if (name !== "") {
    for (const msg of validatePathSegmentName(name, false)) errs.push(invalid(path.child("name"), name, msg));
    if (hasSelector) errs.push(forbidden(path.child("name"), "name and selector are mutually exclusive"));
  }
  if (hasSelector) {
    errs.push(...validateSelector(pr["selector"], false, path.child("selector")));
    if (name !== "") errs.push(forbidden(path.child("selector"), "name and selector are mutually exclusive"));
  }
  if (name === "" && !hasSelector) errs.push(required(path, "one of name or selector must be specified"));
  const action = pr["parameterNotFoundAction"];
  if (!isSet(action) || action === "") errs.push(required(path.child("parameterNotFoundAction"), ""));
  else if (action !== "Deny" && action !== "Allow") errs.push(notSupported(path.child("parameterNotFoundAction"), action, ["Deny", "Allow"]));
  return errs;
}

/** validateValidationActions: at least one, each Deny, Warn or Audit, no duplicates, not both Deny and Warn. */
function validateValidationActions(raw: unknown, path: Path): FieldError[] {
  const actions = strings(raw);
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!VALIDATION_ACTIONS.includes(a)) errs.push(notSupported(path.index(i), a, VALIDATION_ACTIONS));
    if (seen.has(a)) errs.push(duplicate(path.index(i), a));
    seen.add(a);
  });
  if (seen.has("Deny") && seen.has("Warn")) {
    const bad = new GoValue(`[]admissionregistration.ValidationAction{${actions.map(goQuote).join(", ")}}`, actions);
    errs.push(invalid(path, bad, "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"));
  }
  if (seen.size === 0) errs.push(required(path, "at least one validation action is required"));
  return errs;
}

/**
 * ValidateValidatingAdmissionPolicyBinding (less metadata); the update form is the same.
 * The match resources' errors are reported under spec.matchResouces, upstream's spelling.
 */
export function validateValidatingAdmissionPolicyBinding(binding: ValidatingAdmissionPolicyBinding): FieldError[] {
  const spec = obj(binding.spec);
  const path = Path.root("spec");
  const errs: FieldError[] = [];
  const policyName = str(spec["policyName"]);
  if (policyName === "") errs.push(required(path.child("policyName"), ""));
  else for (const msg of nameIsDNSSubdomain(policyName, false)) errs.push(invalid(path.child("policyName"), policyName, msg));
  errs.push(...validateParamRef(spec["paramRef"], path.child("paramRef")));
  errs.push(...validateMatchResources(spec["matchResources"], path.child("matchResouces")));
  errs.push(...validateValidationActions(spec["validationActions"], path.child("validationActions")));
  return errs;
}
