/** kubectl describe for ConfigMaps, Secrets, Namespaces and Services. */
import type { ConfigMap, EndpointSlice, Namespace, Secret, Service } from "../../../api/types/index.ts";
import type { Client } from "../../../client/index.ts";
import { type DescribeWriter, LEVEL_0, labelsInline, writeAnnotations, writeLabels } from "./writer.ts";

function header(w: DescribeWriter, obj: { metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } }, withNamespace = true): void {
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ""}\n`);
  if (withNamespace) w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
  writeLabels(w, "Labels", obj.metadata.labels);
  writeAnnotations(w, "Annotations", obj.metadata.annotations);
}

export function describeConfigMap(w: DescribeWriter, cm: ConfigMap): void {
  header(w, cm);
  w.write(LEVEL_0, "\nData\n====\n");
  for (const k of Object.keys(cm.data ?? {}).sort()) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${cm.data![k]}\n`);
    w.write(LEVEL_0, "\n");
  }
  w.write(LEVEL_0, "\nBinaryData\n====\n");
  for (const k of Object.keys(cm.binaryData ?? {}).sort()) w.write(LEVEL_0, `${k}: ${Buffer.from(cm.binaryData![k]!, "base64").length} bytes\n`);
  w.write(LEVEL_0, "\n");
}

export function describeSecret(w: DescribeWriter, secret: Secret): void {
  header(w, secret);
  w.write(LEVEL_0, `\nType:\t${secret.type ?? ""}\n`);
  w.write(LEVEL_0, "\nData\n====\n");
  for (const k of Object.keys(secret.data ?? {}).sort()) {
    const bytes = Buffer.from(secret.data![k]!, "base64");
    if (k === "token" && secret.type === "kubernetes.io/service-account-token") w.write(LEVEL_0, `${k}:\t${bytes.toString("utf8")}\n`);
    else w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
  }
}

export async function describeNamespace(w: DescribeWriter, ns: Namespace, client: Client): Promise<void> {
  header(w, ns, false);
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
  const name = ns.metadata.name ?? "";
  const quotas = await client.resourceQuotas(name).list().catch(() => undefined);
  if (!quotas || quotas.items.length === 0) w.write(LEVEL_0, "\nNo resource quota.\n");
  else {
    w.write(LEVEL_0, "\nResource Quotas\n");
    for (const q of quotas.items) {
      w.write(LEVEL_0, `  Name:\t${q.metadata.name}\n`);
      w.write(LEVEL_0, "  Resource\tUsed\tHard\n  --------\t---\t---\n");
      for (const r of Object.keys(q.status?.hard ?? q.spec?.hard ?? {}).sort()) {
        w.write(LEVEL_0, `  ${r}\t${String(q.status?.used?.[r] ?? "0")}\t${String((q.status?.hard ?? q.spec?.hard)?.[r] ?? "")}\n`);
      }
    }
  }
  const limits = await client.limitRanges(name).list().catch(() => undefined);
  if (!limits || limits.items.length === 0) w.write(LEVEL_0, "\nNo LimitRange resource.\n");
  else {
    w.write(LEVEL_0, "\nResource Limits\n");
    for (const l of limits.items) w.write(LEVEL_0, `  Name:\t${l.metadata.name}\n`);
  }
}

function endpointsText(slices: readonly EndpointSlice[], portName: string | undefined): string {
  const out: string[] = [];
  for (const s of slices) {
    const port = (s.ports ?? []).find((p) => (p.name ?? "") === (portName ?? ""));
    if (!port) continue;
    for (const e of s.endpoints ?? []) {
      if (e.conditions?.ready === false) continue;
      for (const a of e.addresses ?? []) out.push(`${a}:${port.port}`);
    }
  }
  if (out.length === 0) return "<none>";
  const shown = out.slice(0, 3).join(",");
  return out.length > 3 ? `${shown} + ${out.length - 3} more...` : shown;
}

export async function describeService(w: DescribeWriter, svc: Service, client: Client): Promise<void> {
  const spec = svc.spec ?? {};
  header(w, svc);
  w.write(LEVEL_0, `Selector:\t${labelsInline(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? "ClusterIP"}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(LEVEL_0, `IP Families:\t${(spec.ipFamilies ?? []).length > 0 ? spec.ipFamilies!.join(",") : "<none>"}\n`);
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ""}\n`);
  w.write(LEVEL_0, `IPs:\t${(spec.clusterIPs ?? []).length > 0 ? spec.clusterIPs!.join(",") : "<none>"}\n`);
  if ((spec.externalIPs ?? []).length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs!.join(",")}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `IP:\t${spec.loadBalancerIP}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname || "").join(", ")}\n`);
  let slices: EndpointSlice[] = [];
  try {
    slices = (await client.endpointSlices(svc.metadata.namespace).listAll({ labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` })).items;
  } catch {
    slices = [];
  }
  for (const p of spec.ports ?? []) {
    const name = p.name || "<unset>";
    const proto = p.protocol ?? "TCP";
    w.write(LEVEL_0, `Port:\t${name}\t${p.port}/${proto}\n`);
    w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? p.port}/${proto}\n`);
    if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
    w.write(LEVEL_0, `Endpoints:\t${endpointsText(slices, p.name)}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? "None"}\n`);
  if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
}
