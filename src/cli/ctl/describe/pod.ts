/** kubectl describe pod. */
import type { Container, Pod } from "../../../api/types/index.ts";
import { humanDuration } from "../../../apiserver/table/duration.ts";
import { writeContainers, writeTolerations, writeVolumes } from "./containers.ts";
import { type DescribeWriter, LEVEL_0, LEVEL_1, rfc1123z, writeAnnotations, writeLabels } from "./writer.ts";

/** `Kind/name` of the controlling owner, or "". */
export function controlledBy(obj: { metadata?: { ownerReferences?: { kind: string; name: string; controller?: boolean }[] } }): string {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

/** The QoS class kubectl shows: the status field, else computed from requests and limits. */
export function qosClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const all: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ["cpu", "memory"]) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

export function describePod(w: DescribeWriter, pod: Pod): void {
  const spec = pod.spec;
  const st = pod.status;
  w.write(LEVEL_0, `Name:\t${pod.metadata.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ""}\n`);
  if (spec?.priority !== undefined) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
  if (spec?.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec?.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec?.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(LEVEL_0, spec?.nodeName ? `Node:\t${spec.nodeName}/${st?.hostIP ?? ""}\n` : "Node:\t<none>\n");
  if (st?.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  writeLabels(w, "Labels", pod.metadata.labels);
  writeAnnotations(w, "Annotations", pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && st?.phase !== "Failed" && st?.phase !== "Succeeded") {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${humanDuration(Date.now() - Date.parse(pod.metadata.deletionTimestamp))})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${st?.phase ?? ""}\n`);
  }
  if (st?.reason) w.write(LEVEL_0, `Reason:\t${st.reason}\n`);
  if (st?.message) w.write(LEVEL_0, `Message:\t${st.message}\n`);
  w.write(LEVEL_0, `IP:\t${st?.podIP ?? ""}\n`);
  const ips = st?.podIPs ?? [];
  if (ips.length === 0) w.write(LEVEL_0, "IPs:\t<none>\n");
  else {
    w.write(LEVEL_0, "IPs:\n");
    for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
  }
  const owner = controlledBy(pod);
  if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
  if (st?.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
  if ((spec?.initContainers ?? []).length > 0) writeContainers(w, "Init Containers", spec!.initContainers!, st?.initContainerStatuses, "", pod);
  writeContainers(w, "Containers", spec?.containers ?? [], st?.containerStatuses, "", pod);
  if ((spec?.readinessGates ?? []).length > 0) {
    w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
    for (const g of spec!.readinessGates!) {
      const c = st?.conditions?.find((x) => x.type === g.conditionType);
      w.write(LEVEL_1, `${g.conditionType} \t${c?.status ?? "<none>"} \n`);
    }
  }
  if ((st?.conditions ?? []).length > 0) {
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
    for (const c of st!.conditions!) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
  writeVolumes(w, spec?.volumes, "");
  w.write(LEVEL_0, `QoS Class:\t${qosClass(pod)}\n`);
  writeLabels(w, "Node-Selectors", spec?.nodeSelector);
  writeTolerations(w, "Tolerations", spec?.tolerations);
}
