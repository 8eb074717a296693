/**
 * Whether a policy's matchConstraints, or a binding's matchResources, select a request
 * (upstream's matching for admission policies): a resource rule must match (and name the
 * object when it lists resourceNames), no exclude rule may, and the namespace and object
 * selectors must select, as for webhooks.
 */
import { labelSelectorMatches } from "../../../api/labels/index.ts";
import type { KubeObject } from "../../../api/meta/index.ts";
import type { AdmissionAttributes } from "../types.ts";
import { namespaceLabelsOf, ruleMatches } from "../webhook/matching.ts";
import type { MatchResources, NamedRule } from "./types.ts";

function namedRuleMatches(r: NamedRule, a: AdmissionAttributes): boolean {
  if (!ruleMatches(r, a)) return false;
  return !r.resourceNames?.length || r.resourceNames.includes(a.name);
}

export function resourcesMatch(m: MatchResources | undefined, a: AdmissionAttributes, namespace: KubeObject | undefined): boolean {
  if (!m) return true;
  if (m.resourceRules && !m.resourceRules.some((r) => namedRuleMatches(r, a))) return false;
  if (m.excludeResourceRules?.some((r) => namedRuleMatches(r, a))) return false;
  const namespaced = a.resource.namespaced || (a.resource.group === "" && a.resource.plural === "namespaces");
  if (namespaced && m.namespaceSelector && !labelSelectorMatches(m.namespaceSelector, namespaceLabelsOf(a, namespace))) return false;
  if (m.objectSelector) {
    const selects = (o: KubeObject | undefined) => o !== undefined && labelSelectorMatches(m.objectSelector, o.metadata?.labels ?? {});
    if (!selects(a.object) && !selects(a.oldObject)) return false;
  }
  return true;
}
