import { isDNS1035Label } from "../names/dns.ts";
import type { LabelSelector } from "../meta/types.ts";
import type { MutatingWebhook, MutatingWebhookConfiguration, RuleWithOperations, ValidatingWebhook, ValidatingWebhookConfiguration } from "../types/index.ts";
import { duplicate, goQuote, invalid, notSupported, Path, required, tooMany, type FieldError } from "./field-error.ts";
import { GoValue } from "./go-values.ts";
import { arr, isObj } from "./helpers.ts";
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
