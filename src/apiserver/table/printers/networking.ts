/** Printers for networking.k8s.io kinds (upstream printIngress, printIngressClass, printNetworkPolicy). */
import type { Ingress, IngressRule } from "../../../api/types/networking/ingress.ts";
import type { IngressClass } from "../../../api/types/networking/ingress-class.ts";
import type { NetworkPolicy } from "../../../api/types/networking/network-policy.ts";
import { since } from "../duration.ts";
import { AGE_COLUMN, col, formatLabelSelector, NAME_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

/**
 * formatHosts: the first three rule hosts, comma-joined ("*" when no rule names one), then
 * " + N more..." counting every rule past the third (hostless ones too), as upstream does.
 */
export function formatIngressHosts(rules: readonly IngressRule[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return "*";
  const joined = list.join(",");
  return more ? `${joined} + ${(rules?.length ?? 0) - max} more...` : joined;
}

/**
 * ingressLoadBalancerStatusStringer: the distinct ingress points (IP, else hostname),
 * sorted and comma-joined. Server-side tables print "wide", so nothing is clipped.
 */
function ingressAddress(ing: Ingress): string {
  const points = new Set<string>();
  for (const p of ing.status?.loadBalancer?.ingress ?? []) {
    if (p.ip) points.add(p.ip);
    else if (p.hostname) points.add(p.hostname);
  }
  return [...points].sort().join(",");
}

export const ingressPrinter = printer<Ingress>(
  [
    NAME_COLUMN,
    col("Class", "string", "The IngressClass that implements the ingress."),
    col("Hosts", "string", "Hosts the rules match."),
    col("Address", "string", "Ingress points of the load balancer."),
    col("Ports", "string", "Ports the ingress opens: 80, and 443 with TLS."),
    AGE_COLUMN,
  ],
  (ing, now) => [
    ing.metadata.name ?? "",
    ing.spec?.ingressClassName ?? "<none>",
    formatIngressHosts(ing.spec?.rules),
    ingressAddress(ing),
    (ing.spec?.tls ?? []).length > 0 ? "80, 443" : "80",
    since(ing.metadata.creationTimestamp, now),
  ],
);

export const ingressClassPrinter = printer<IngressClass>(
  [
    NAME_COLUMN,
    col("Controller", "string", "The controller that handles the class."),
    col("Parameters", "string", "The object holding the controller's parameters, as Kind.group/name."),
    AGE_COLUMN,
  ],
  (ic, now) => {
    const p = ic.spec?.parameters;
    // Kind, ".apiGroup" when set (even empty, as upstream's pointer check), "/name".
    const parameters = p ? `${p.kind}${p.apiGroup !== undefined && p.apiGroup !== null ? `.${p.apiGroup}` : ""}/${p.name}` : "<none>";
    return [ic.metadata.name ?? "", ic.spec?.controller ?? "", parameters, since(ic.metadata.creationTimestamp, now)];
  },
);

/** The pod selector as a label selector string ("<none>" when it selects every pod). */
export const networkPolicyPrinter = printer<NetworkPolicy>(
  [NAME_COLUMN, col("Pod-Selector", "string", "The pods of the namespace the policy applies to; empty selects them all."), AGE_COLUMN],
  (np, now) => [np.metadata.name ?? "", formatLabelSelector(np.spec?.podSelector ?? {}), since(np.metadata.creationTimestamp, now)],
);
