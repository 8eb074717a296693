/**
 * kubectl describe node: identity, taints, the node's Lease, conditions, addresses,
 * capacity, system info, the non-terminated pods on it with their requests and
 * limits as a share of allocatable, and the totals.
 */
import { Quantity } from "../../../api/quantity/index.ts";
import type { Lease, Node, Pod, Taint } from "../../../api/types/index.ts";
import { humanDuration } from "../../../apiserver/table/duration.ts";
import type { Client } from "../../../client/index.ts";
import { type DescribeWriter, LEVEL_0, LEVEL_1, rfc1123z, writeAnnotations, writeLabels } from "./writer.ts";

const ROLE_PREFIX = "node-role.kubernetes.io/";

function roles(node: Node): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) out.add(k.slice(ROLE_PREFIX.length));
    else if (k === "kubernetes.io/role" && v) out.add(v);
  }
  return [...out].sort();
}

function taintText(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`;
}

function writeTaints(w: DescribeWriter, taints: readonly Taint[] | undefined): void {
  w.write(LEVEL_0, "Taints:\t");
  if (!taints || taints.length === 0) {
    w.write(LEVEL_0, "<none>\n");
    return;
  }
  // kubectl sorts them by "effect,key"
  const sortKey = (t: Taint) => `${t.effect},${t.key}`;
  const sorted = [...taints].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  sorted.forEach((t, i) => w.write(LEVEL_0, `${i === 0 ? "" : "\t"}${taintText(t)}\n`));
}

type Resources = Record<string, Quantity>;

function q(v: unknown): Quantity {
  try {
    return Quantity.parse(String(v ?? "0"));
  } catch {
    return Quantity.zero();
  }
}

function addInto(into: Resources, from: Record<string, unknown> | undefined): void {
  for (const [k, v] of Object.entries(from ?? {})) into[k] = into[k] ? into[k].add(q(v)) : q(v);
}

function maxInto(into: Resources, from: Record<string, unknown> | undefined): void {
  for (const [k, v] of Object.entries(from ?? {})) {
    const n = q(v);
    if (!into[k] || into[k].cmp(n) < 0) into[k] = n;
  }
}

/** A pod's effective requests and limits (sum of containers, at least each init container's, plus overhead). */
export function podRequestsAndLimits(pod: Pod): { requests: Resources; limits: Resources } {
  const requests: Resources = {};
  const limits: Resources = {};
  for (const c of pod.spec?.containers ?? []) {
    addInto(requests, c.resources?.requests);
    addInto(limits, c.resources?.limits);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    maxInto(requests, c.resources?.requests);
    maxInto(limits, c.resources?.limits);
  }
  addInto(requests, pod.spec?.overhead);
  if (Object.keys(limits).length > 0) addInto(limits, pod.spec?.overhead);
  return { requests, limits };
}

function percent(part: Quantity | undefined, whole: Quantity | undefined, milli: boolean): number {
  if (!part || !whole) return 0;
  const w = milli ? whole.milliValue() : whole.value();
  if (w === 0) return 0;
  return Math.trunc(((milli ? part.milliValue() : part.value()) / w) * 100);
}

function cell(v: Quantity | undefined, whole: Quantity | undefined, milli: boolean): string {
  return `${(v ?? Quantity.zero()).toString()} (${percent(v, whole, milli)}%)`;
}

export async function describeNode(w: DescribeWriter, node: Node, client: Client): Promise<void> {
  const st = node.status ?? {};
  const name = node.metadata.name ?? "";
  w.write(LEVEL_0, `Name:\t${name}\n`);
  const r = roles(node);
  w.write(LEVEL_0, `Roles:\t${r.length > 0 ? r.join(",") : "<none>"}\n`);
  writeLabels(w, "Labels", node.metadata.labels);
  writeAnnotations(w, "Annotations", node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  writeTaints(w, node.spec?.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);

  let lease: Lease | undefined;
  try {
    lease = (await client.leases("kube-node-lease").get(name)) as Lease;
  } catch (err) {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  if (lease) {
    w.write(LEVEL_0, "Lease:\n");
    w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? "<unset>"}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : "<unset>"}\n`);
    w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : "<unset>"}\n`);
  }

  if ((st.conditions ?? []).length > 0) {
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
    for (const c of st.conditions!) {
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime) || "Mon, 01 Jan 0001 00:00:00 +0000"} \t${rfc1123z(c.lastTransitionTime) || "Mon, 01 Jan 0001 00:00:00 +0000"} \t${c.reason ?? ""} \t${c.message ?? ""}\n`);
    }
  }
  w.write(LEVEL_0, "Addresses:\n");
  for (const a of st.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [["Capacity", st.capacity], ["Allocatable", st.allocatable]] as const) {
    const keys = Object.keys(list ?? {}).sort();
    if (keys.length === 0) continue;
    w.write(LEVEL_0, `${title}:\n`);
    for (const k of keys) w.write(LEVEL_0, `  ${k}:\t${q(list![k]).toString()}\n`);
  }
  const info = st.nodeInfo;
  w.write(LEVEL_0, "System Info:\n");
  w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ""}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ""}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ""}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ""}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ""}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ""}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ""}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ""}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ""}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ""}\n`);
  if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if ((node.spec?.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${node.spec!.podCIDRs!.join(",")}\n`);
  if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);

  let pods: Pod[];
  try {
    const list = await client.pods().allNamespaces().listAll({ fieldSelector: `spec.nodeName=${name},status.phase!=Failed,status.phase!=Succeeded` });
    pods = list.items as Pod[];
  } catch {
    w.write(LEVEL_0, "Pods:\tnot authorized\n");
    return;
  }
  const alloc: Resources = {};
  addInto(alloc, Object.keys(st.allocatable ?? {}).length > 0 ? st.allocatable : st.capacity);
  const now = Date.now();
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const totalReq: Resources = {};
  const totalLim: Resources = {};
  for (const p of pods) {
    const { requests, limits } = podRequestsAndLimits(p);
    for (const [k, v] of Object.entries(requests)) totalReq[k] = totalReq[k] ? totalReq[k].add(v) : v;
    for (const [k, v] of Object.entries(limits)) totalLim[k] = totalLim[k] ? totalLim[k].add(v) : v;
    const age = p.metadata.creationTimestamp ? humanDuration(now - Date.parse(p.metadata.creationTimestamp)) : "<unknown>";
    w.write(
      LEVEL_1,
      `${p.metadata.namespace ?? ""}\t${p.metadata.name ?? ""}\t\t${cell(requests.cpu, alloc.cpu, true)}\t${cell(limits.cpu, alloc.cpu, true)}\t${cell(requests.memory, alloc.memory, false)}\t${cell(limits.memory, alloc.memory, false)}\t${age}\n`,
    );
  }
  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  w.write(LEVEL_1, `cpu\t${cell(totalReq.cpu, alloc.cpu, true)}\t${cell(totalLim.cpu, alloc.cpu, true)}\n`);
  w.write(LEVEL_1, `memory\t${cell(totalReq.memory, alloc.memory, false)}\t${cell(totalLim.memory, alloc.memory, false)}\n`);
  w.write(LEVEL_1, `ephemeral-storage\t${cell(totalReq["ephemeral-storage"], alloc["ephemeral-storage"], false)}\t${cell(totalLim["ephemeral-storage"], alloc["ephemeral-storage"], false)}\n`);
  const hugePages = Object.keys(alloc).filter((k) => k.startsWith("hugepages-")).sort();
  for (const k of hugePages) w.write(LEVEL_1, `${k}\t${cell(totalReq[k], alloc[k], false)}\t${cell(totalLim[k], alloc[k], false)}\n`);
  const standard = new Set(["cpu", "memory", "ephemeral-storage", "pods", "storage"]);
  const ext = Object.keys(alloc).filter((k) => !standard.has(k) && !k.startsWith("hugepages-") && !k.startsWith("requests.") && !k.startsWith("limits.")).sort();
  for (const k of ext) w.write(LEVEL_1, `${k}\t${(totalReq[k] ?? Quantity.zero()).toString()}\t${(totalLim[k] ?? Quantity.zero()).toString()}\n`);
}
