/**
 * upstream helper.DefaultSelector: the union of the selectors of the Services that select
 * the pod and of its controlling ReplicationController, ReplicaSet or StatefulSet. Used for
 * cluster-default topology spreading.
 */
import type { Pod } from "../../api-types.ts";
import type { ClusterListers } from "../../framework/interfaces.ts";
import { andMatchers, type Matcher, selectorMatcher, setMatcher } from "../../util/labels.ts";

/** The selector and a key identifying its content. */
export function defaultSelector(pod: Pod, listers: ClusterListers): { matcher: Matcher; key: string } {
  const ns = pod.metadata.namespace ?? "";
  const labelSet: Record<string, string> = {};
  for (const svc of listers.services(ns)) {
    const sel = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    if (setMatcher(sel).matches(pod.metadata.labels)) Object.assign(labelSet, sel);
  }
  const parts: Matcher[] = [setMatcher(labelSet)];
  let extraKey = "";
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller === true);
  if (owner) {
    const group = owner.apiVersion.includes("/") ? owner.apiVersion.split("/")[0] : "";
    if (owner.kind === "ReplicationController" && group === "") {
      const rc = listers.replicationController(ns, owner.name);
      if (rc?.spec?.selector) {
        Object.assign(labelSet, rc.spec.selector);
        parts[0] = setMatcher(labelSet);
      }
    } else if (group === "apps" && (owner.kind === "ReplicaSet" || owner.kind === "StatefulSet")) {
      const obj = owner.kind === "ReplicaSet" ? listers.replicaSet(ns, owner.name) : listers.statefulSet(ns, owner.name);
      if (obj?.spec?.selector) {
        parts.push(selectorMatcher(obj.spec.selector));
        extraKey = JSON.stringify(obj.spec.selector);
      }
    }
  }
  const keys = Object.keys(labelSet).sort();
  return { matcher: andMatchers(parts), key: `default:${JSON.stringify(keys.map((k) => [k, labelSet[k]]))}${extraKey}` };
}
