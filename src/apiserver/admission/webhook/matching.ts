/**
 * Which webhooks a request goes to (upstream's webhook rule matcher and predicates):
 * operations, API groups, versions and resources (with upstream's forms "*", "*\/*",
 * "pods/*", "*\/status"), scope, then the namespace selector (namespaced objects and
 * namespaces themselves) and the object selector (the new or the old object's labels).
 * Webhook and admission policy configurations never go to webhooks, so a broken webhook
 * can always be removed.
 */
import { labelSelectorMatches } from "../../../api/labels/index.ts";
import type { KubeObject } from "../../../api/meta/index.ts";
import type { AdmissionAttributes } from "../types.ts";
import type { Webhook, WebhookRule } from "./types.ts";

const EXEMPT = new Set(["validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings", "mutatingadmissionpolicies", "mutatingadmissionpolicybindings"]);

export function isExempt(a: AdmissionAttributes): boolean {
  return a.resource.group === "admissionregistration.k8s.io" && EXEMPT.has(a.resource.plural);
}

function listHas(list: readonly string[] | undefined, value: string): boolean {
  return !!list && (list.includes("*") || list.includes(value));
}

function resourceMatches(resources: readonly string[] | undefined, plural: string, subresource: string): boolean {
  for (const r of resources ?? []) {
    const [res, sub = ""] = r.split("/", 2) as [string, string?];
    if (r === "*/*") return true;
    if (res === "*" && sub === "" && subresource === "") return true;
    if (res === "*" && sub === subresource) return true;
    if (res === plural && (sub === subresource || (sub === "*" && subresource !== ""))) return true;
  }
  return false;
}

function scopeMatches(scope: string | undefined, a: AdmissionAttributes): boolean {
  if (scope === undefined || scope === "*") return true;
  const namespaced = a.resource.namespaced;
  return scope === "Namespaced" ? namespaced : !namespaced;
}

export function ruleMatches(rule: WebhookRule, a: AdmissionAttributes): boolean {
  return (
    listHas(rule.operations, a.operation) &&
    listHas(rule.apiGroups, a.resource.group) &&
    listHas(rule.apiVersions, a.resource.version) &&
    resourceMatches(rule.resources, a.resource.plural, a.subresource) &&
    scopeMatches(rule.scope, a)
  );
}

/** The labels the namespace selector reads: the namespace's, or a namespace's own. */
export function namespaceLabelsOf(a: AdmissionAttributes, namespace: KubeObject | undefined): Record<string, string> | undefined {
  if (a.resource.group === "" && a.resource.plural === "namespaces") return (a.object ?? a.oldObject)?.metadata.labels ?? {};
  return namespace?.metadata.labels ?? {};
}

function appliesToNamespace(a: AdmissionAttributes): boolean {
  return a.resource.namespaced || (a.resource.group === "" && a.resource.plural === "namespaces");
}

/** Whether webhook `w` is called for the request; `namespace` is the request's namespace object (when namespaced). */
export function webhookMatches(w: Webhook, a: AdmissionAttributes, namespace: KubeObject | undefined): boolean {
  if (!(w.rules ?? []).some((r) => ruleMatches(r, a))) return false;
  if (appliesToNamespace(a) && w.namespaceSelector && !labelSelectorMatches(w.namespaceSelector, namespaceLabelsOf(a, namespace))) return false;
  if (w.objectSelector) {
    // an absent object (the old one of a create, the new one of a delete) matches nothing
    const matchesObject = (o: KubeObject | undefined) => o !== undefined && labelSelectorMatches(w.objectSelector, o.metadata?.labels ?? {});
    if (!matchesObject(a.object) && !matchesObject(a.oldObject)) return false;
  }
  return true;
}
