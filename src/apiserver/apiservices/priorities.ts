/**
 * The priorities upstream's kube-aggregator gives the built-in group versions it registers
 * (groupPriorityMinimum, versionPriority): they order groups in discovery. Group versions
 * it does not list get 1000 and 15 (upstream's defaults for unknown ones); custom
 * resources' groups get 1000 and 100, as its CRD registration controller gives them.
 */
const BUILTIN: Readonly<Record<string, readonly [number, number]>> = {
  "/v1": [18000, 1],
  "apps/v1": [17800, 15],
  "events.k8s.io/v1": [17750, 15],
  "authentication.k8s.io/v1": [17700, 15],
  "authorization.k8s.io/v1": [17600, 15],
  "autoscaling/v2": [17500, 30],
  "autoscaling/v1": [17500, 15],
  "batch/v1": [17400, 15],
  "certificates.k8s.io/v1": [17300, 15],
  "networking.k8s.io/v1": [17200, 15],
  "policy/v1": [17100, 15],
  "rbac.authorization.k8s.io/v1": [17000, 15],
  "storage.k8s.io/v1": [16800, 15],
  "admissionregistration.k8s.io/v1": [16700, 15],
  "apiextensions.k8s.io/v1": [16700, 15],
  "scheduling.k8s.io/v1": [16600, 15],
  "coordination.k8s.io/v1": [16500, 15],
  "node.k8s.io/v1": [16300, 15],
  "discovery.k8s.io/v1": [16200, 15],
  "flowcontrol.apiserver.k8s.io/v1": [16100, 21],
  "apiregistration.k8s.io/v1": [18000, 15],
  "metrics.k8s.io/v1beta1": [100, 100],
};

export function prioritiesOf(group: string, version: string, custom: boolean): { groupPriorityMinimum: number; versionPriority: number } {
  const p = BUILTIN[`${group}/${version}`] ?? (custom ? [1000, 100] : [1000, 15]);
  return { groupPriorityMinimum: p[0], versionPriority: p[1] };
}
