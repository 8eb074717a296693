/**
 * podFailurePolicy matching (upstream matchPodFailurePolicy): the first rule a failed
 * pod matches decides: FailJob fails the job, Ignore does not count the failure, Count
 * counts it (as does a pod no rule matches); FailIndex counts against its index.
 */
import type { Job, Pod } from "../../api/types/index.ts";

export type FailureAction = "FailJob" | "FailIndex" | "Ignore" | "Count";

export interface FailureMatch {
  action: FailureAction;
  /** The message upstream writes into the Failed condition for FailJob. */
  message?: string;
}

export function matchPodFailurePolicy(job: Job, pod: Pod): FailureMatch | undefined {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  const ns = pod.metadata.namespace ?? "";
  const name = pod.metadata.name ?? "";
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const action = rule.action as FailureAction;
    const ex = rule.onExitCodes;
    if (ex) {
      for (const cs of statuses) {
        if (ex.containerName && ex.containerName !== cs.name) continue;
        const code = cs.state?.terminated?.exitCode;
        if (code === undefined || code === 0) continue;
        const inValues = ex.values.includes(code);
        if ((ex.operator === "In" && inValues) || (ex.operator === "NotIn" && !inValues)) {
          return { action, message: `Container ${cs.name} for pod ${ns}/${name} failed with exit code ${code} matching ${action} rule at index ${i}` };
        }
      }
    }
    for (const pattern of rule.onPodConditions ?? []) {
      if (pod.status?.conditions?.some((c) => c.type === pattern.type && c.status === (pattern.status ?? "True"))) {
        return { action, message: `Pod ${ns}/${name} has condition ${pattern.type} matching ${action} rule at index ${i}` };
      }
    }
  }
  return undefined;
}
