/** kubectl describe for apps/v1 Deployments and ReplicaSets. */
import { selectorFromLabelSelector } from "../../../api/labels/index.ts";
import type { Deployment, Pod, ReplicaSet } from "../../../api/types/index.ts";
import type { Client } from "../../../client/index.ts";
import { writePodTemplate } from "./containers.ts";
import { controlledBy } from "./pod.ts";
import { type DescribeWriter, LEVEL_0, LEVEL_1, rfc1123z, writeAnnotations, writeLabels } from "./writer.ts";

const REVISION = "deployment.kubernetes.io/revision";

function replicaSetsText(list: readonly ReplicaSet[]): string {
  if (list.length === 0) return "<none>";
  return list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`).join(", ");
}

function intOrString(v: string | number | undefined, dflt: string): string {
  return v === undefined ? dflt : String(v);
}

export async function describeDeployment(w: DescribeWriter, d: Deployment, client: Client): Promise<void> {
  const spec = d.spec;
  const st = d.status ?? {};
  w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ""}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  writeLabels(w, "Labels", d.metadata.labels);
  writeAnnotations(w, "Annotations", d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${selectorFromLabelSelector(spec?.selector).toString()}\n`);
  w.write(LEVEL_0, `Replicas:\t${spec?.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ""}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
  const ru = spec?.strategy?.rollingUpdate;
  if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable, "25%")} max unavailable, ${intOrString(ru.maxSurge, "25%")} max surge\n`);
  writePodTemplate(w, spec?.template);
  if ((st.conditions ?? []).length > 0) {
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(LEVEL_1, "----\t------\t------\n");
    for (const c of st.conditions!) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
  }
  try {
    const all = await client.replicaSets(d.metadata.namespace).listAll({ labelSelector: selectorFromLabelSelector(spec?.selector).toString() });
    const owned = all.items.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
    const rev = d.metadata.annotations?.[REVISION];
    const newRS = owned.filter((rs) => rev !== undefined && rs.metadata.annotations?.[REVISION] === rev);
    const old = owned.filter((rs) => !newRS.includes(rs) && ((rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0));
    w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsText(old)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(newRS)}\n`);
  } catch {
    // kubectl leaves the replica set lines out when it cannot list them
  }
}

export async function describeReplicaSet(w: DescribeWriter, rs: ReplicaSet, client: Client): Promise<void> {
  const spec = rs.spec;
  const st = rs.status;
  w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ""}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorFromLabelSelector(spec?.selector).toString()}\n`);
  writeLabels(w, "Labels", rs.metadata.labels);
  writeAnnotations(w, "Annotations", rs.metadata.annotations);
  const owner = controlledBy(rs);
  if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
  w.write(LEVEL_0, `Replicas:\t${st?.replicas ?? 0} current / ${spec?.replicas ?? 1} desired\n`);
  const counts = { Running: 0, Waiting: 0, Succeeded: 0, Failed: 0 };
  try {
    const pods = await client.pods(rs.metadata.namespace).listAll({ labelSelector: selectorFromLabelSelector(spec?.selector).toString() });
    for (const p of pods.items as Pod[]) {
      if (!p.metadata.ownerReferences?.some((r) => r.controller && r.uid === rs.metadata.uid)) continue;
      const phase = p.status?.phase ?? "Pending";
      if (phase === "Running") counts.Running++;
      else if (phase === "Pending") counts.Waiting++;
      else if (phase === "Succeeded") counts.Succeeded++;
      else if (phase === "Failed") counts.Failed++;
    }
  } catch {
    // counts stay zero
  }
  w.write(LEVEL_0, `Pods Status:\t${counts.Running} Running / ${counts.Waiting} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed\n`);
  writePodTemplate(w, spec?.template);
  if ((st?.conditions ?? []).length > 0) {
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(LEVEL_1, "----\t------\t------\n");
    for (const c of st!.conditions!) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
  }
}
