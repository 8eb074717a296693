import { child, isObj, list, type Obj } from "./util.ts";

/**
 * admissionregistration.k8s.io/v1 defaults (pkg/apis/admissionregistration/v1/defaults.go):
 * SetDefaults_ValidatingWebhook and SetDefaults_MutatingWebhook give each webhook
 * failurePolicy Fail, matchPolicy Equivalent, empty (match-all) namespace and object
 * selectors and timeoutSeconds 10, and a mutating one reinvocationPolicy Never;
 * SetDefaults_Rule gives each rule scope "*"; SetDefaults_ServiceReference gives a service
 * port 443. Only missing (nil) values are defaulted: an empty string stays, as upstream
 * keeps a pointer to "", for validation to refuse. sideEffects and admissionReviewVersions
 * have no v1 default (they are required).
 */
function defaultWebhook(hook: Obj, mutating: boolean): void {
  const unset = (key: string) => hook[key] === undefined || hook[key] === null;
  if (unset("failurePolicy")) hook["failurePolicy"] = "Fail";
  if (unset("matchPolicy")) hook["matchPolicy"] = "Equivalent";
  if (unset("namespaceSelector")) hook["namespaceSelector"] = {};
  if (unset("objectSelector")) hook["objectSelector"] = {};
  if (unset("timeoutSeconds")) hook["timeoutSeconds"] = 10;
  if (mutating && unset("reinvocationPolicy")) hook["reinvocationPolicy"] = "Never";
  for (const rule of list(hook, "rules")) if (rule["scope"] === undefined || rule["scope"] === null) rule["scope"] = "*";
  const cc = hook["clientConfig"];
  if (isObj(cc) && isObj(cc["service"])) {
    const svc = cc["service"];
    if (svc["port"] === undefined || svc["port"] === null) svc["port"] = 443;
  }
}

function defaultWebhooks(config: Obj, mutating: boolean): void {
  for (const hook of list(config, "webhooks")) defaultWebhook(hook, mutating);
}

export function defaultValidatingWebhookConfiguration(config: Obj): void {
  defaultWebhooks(config, false);
}

export function defaultMutatingWebhookConfiguration(config: Obj): void {
  defaultWebhooks(config, true);
}

/**
 * SetDefaults_MatchResources (with SetDefaults_Rule on each resource and exclude rule):
 * matchPolicy Equivalent, empty (match-all) namespace and object selectors, scope "*".
 */
function defaultMatchResources(match: Obj): void {
  const unset = (key: string) => match[key] === undefined || match[key] === null;
  if (unset("matchPolicy")) match["matchPolicy"] = "Equivalent";
  if (unset("namespaceSelector")) match["namespaceSelector"] = {};
  if (unset("objectSelector")) match["objectSelector"] = {};
  for (const key of ["resourceRules", "excludeResourceRules"]) {
    for (const rule of list(match, key)) if (rule["scope"] === undefined || rule["scope"] === null) rule["scope"] = "*";
  }
}

/**
 * ValidatingAdmissionPolicy (SetDefaults_ValidatingAdmissionPolicySpec, SetDefaults_MatchResources):
 * failurePolicy Fail (the spec is a struct upstream, so a policy without one gets one) and
 * the match constraints' defaults.
 */
export function defaultValidatingAdmissionPolicy(policy: Obj): void {
  const spec = child(policy, "spec");
  if (spec["failurePolicy"] === undefined || spec["failurePolicy"] === null) spec["failurePolicy"] = "Fail";
  if (isObj(spec["matchConstraints"])) defaultMatchResources(spec["matchConstraints"]);
}

/**
 * ValidatingAdmissionPolicyBinding: the matchResources' defaults (SetDefaults_MatchResources).
 * v1 has no default for paramRef.parameterNotFoundAction (v1alpha1's Deny): it is required.
 */
export function defaultValidatingAdmissionPolicyBinding(binding: Obj): void {
  const spec = child(binding, "spec");
  if (isObj(spec["matchResources"])) defaultMatchResources(spec["matchResources"]);
}
