/** Printers for core/v1 kinds other than pods. */
import type { ConfigMap, Secret, ServiceAccount } from "../../../api/types/core/config.ts";
import type { Endpoints } from "../../../api/types/core/endpoints.ts";
import type { Namespace } from "../../../api/types/core/namespace.ts";
import type { Node } from "../../../api/types/core/node.ts";
import type { PersistentVolume, PersistentVolumeClaim } from "../../../api/types/core/persistent-volume.ts";
import type { ResourceQuota } from "../../../api/types/core/quota.ts";
import type { ReplicationController } from "../../../api/types/core/replication-controller.ts";
import type { Service } from "../../../api/types/core/service.ts";
import { getOwn } from "../../../util/own-keys.ts";
import { since } from "../duration.ts";
import { accessModesText, AGE_COLUMN, col, formatLabels, NAME_COLUMN, quantityText } from "../format.ts";
import { printer } from "../printer.ts";
import { replicatedPrinter } from "./apps.ts";

const NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
const NODE_ROLE_LABEL = "kubernetes.io/role";
const BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

export const nodePrinter = printer<Node>(
  [
    NAME_COLUMN,
    col("Status", "string", "Readiness of the node, and whether scheduling is disabled."),
    col("Roles", "string", "Roles of the node, from its node-role labels."),
    AGE_COLUMN,
    col("Version", "string", "Kubelet version of the node."),
    col("Internal-IP", "string", "First internal IP address of the node.", { priority: 1 }),
    col("External-IP", "string", "First external IP address of the node.", { priority: 1 }),
    col("OS-Image", "string", "Operating system image of the node.", { priority: 1 }),
    col("Kernel-Version", "string", "Kernel version of the node.", { priority: 1 }),
    col("Container-Runtime", "string", "Container runtime and its version.", { priority: 1 }),
  ],
  (node, now) => {
    const status: string[] = [];
    const ready = node.status?.conditions?.find((c) => c.type === "Ready");
    if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
    else status.push("Unknown");
    if (node.spec?.unschedulable) status.push("SchedulingDisabled");
    const roles = new Set<string>();
    for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
      if (k.startsWith(NODE_ROLE_PREFIX) && k.length > NODE_ROLE_PREFIX.length) roles.add(k.slice(NODE_ROLE_PREFIX.length));
      else if (k === NODE_ROLE_LABEL && v !== "") roles.add(v);
    }
    const address = (type: string) => node.status?.addresses?.find((a) => a.type === type)?.address ?? "<none>";
    const info = node.status?.nodeInfo;
    return [
      node.metadata.name ?? "",
      status.join(","),
      roles.size ? [...roles].sort().join(",") : "<none>",
      since(node.metadata.creationTimestamp, now),
      info?.kubeletVersion ?? "",
      address("InternalIP"),
      address("ExternalIP"),
      info?.osImage || "<unknown>",
      info?.kernelVersion || "<unknown>",
      info?.containerRuntimeVersion || "<unknown>",
    ];
  },
);

function serviceExternalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type ?? "ClusterIP") {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = new Set<string>();
      for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
        if (ing.ip) lb.add(ing.ip);
        else if (ing.hostname) lb.add(ing.hostname);
      }
      const lbIPs = [...lb].sort();
      if (externalIPs.length) return [...lbIPs, ...externalIPs].join(",");
      return lbIPs.length ? lbIPs.join(",") : "<pending>";
    }
    case "ExternalName":
      return spec.externalName ?? "";
  }
  return "<unknown>";
}

export const servicePrinter = printer<Service>(
  [
    NAME_COLUMN,
    col("Type", "string", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
    col("Cluster-IP", "string", "Virtual IP of the service."),
    col("External-IP", "string", "External addresses of the service."),
    col("Port(s)", "string", "Ports of the service, with node ports."),
    AGE_COLUMN,
    col("Selector", "string", "Labels of the pods behind the service.", { priority: 1 }),
  ],
  (svc, now) => {
    const spec = svc.spec ?? {};
    const clusterIP = spec.clusterIPs?.[0] || spec.clusterIP || "<none>";
    const ports = (spec.ports ?? [])
      .map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`))
      .join(",");
    return [
      svc.metadata.name ?? "",
      spec.type ?? "ClusterIP",
      clusterIP,
      serviceExternalIP(svc),
      ports || "<none>",
      since(svc.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
);

function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Up to three endpoints as ip:port, then " + N more...". */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter = printer<Endpoints>(
  [NAME_COLUMN, col("Endpoints", "string", "Addresses and ports of the endpoints."), AGE_COLUMN],
  (ep, now) => [ep.metadata.name ?? "", formatEndpoints(ep), since(ep.metadata.creationTimestamp, now)],
);

export const namespacePrinter = printer<Namespace>(
  [NAME_COLUMN, col("Status", "string", "Phase of the namespace: Active or Terminating."), AGE_COLUMN],
  (ns, now) => [ns.metadata.name ?? "", ns.status?.phase ?? "", since(ns.metadata.creationTimestamp, now)],
);

export const configMapPrinter = printer<ConfigMap>(
  [NAME_COLUMN, col("Data", "string", "Number of keys in data and binaryData."), AGE_COLUMN],
  (cm, now) => [cm.metadata.name ?? "", Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, since(cm.metadata.creationTimestamp, now)],
);

export const secretPrinter = printer<Secret>(
  [NAME_COLUMN, col("Type", "string", "Type of the secret."), col("Data", "string", "Number of keys in the secret."), AGE_COLUMN],
  (secret, now) => {
    const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    return [secret.metadata.name ?? "", secret.type ?? "", keys.size, since(secret.metadata.creationTimestamp, now)];
  },
);

export const serviceAccountPrinter = printer<ServiceAccount>(
  [NAME_COLUMN, col("Secrets", "string", "Number of secrets the account lists."), AGE_COLUMN],
  (sa, now) => [sa.metadata.name ?? "", (sa.secrets ?? []).length, since(sa.metadata.creationTimestamp, now)],
);

export const persistentVolumePrinter = printer<PersistentVolume>(
  [
    NAME_COLUMN,
    col("Capacity", "string", "Storage capacity of the volume."),
    col("Access Modes", "string", "How the volume can be mounted."),
    col("Reclaim Policy", "string", "What happens to the volume when its claim is released."),
    col("Status", "string", "Phase of the volume."),
    col("Claim", "string", "The claim bound to the volume."),
    col("StorageClass", "string", "StorageClass of the volume."),
    col("VolumeAttributesClass", "string", "VolumeAttributesClass of the volume."),
    col("Reason", "string", "Why the volume is in its phase."),
    AGE_COLUMN,
    col("VolumeMode", "string", "Filesystem or Block.", { priority: 1 }),
  ],
  (pv, now) => {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ""}/${spec.claimRef.name ?? ""}` : "";
    const phase = pv.metadata.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? "");
    const storageClass = pv.metadata.annotations?.[BETA_STORAGE_CLASS] ?? spec.storageClassName ?? "";
    return [
      pv.metadata.name ?? "",
      quantityText(spec.capacity?.["storage"] ?? 0),
      accessModesText(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? "",
      phase,
      claim,
      storageClass,
      spec.volumeAttributesClassName ?? "<unset>",
      pv.status?.reason ?? "",
      since(pv.metadata.creationTimestamp, now),
      spec.volumeMode ?? "<unset>",
    ];
  },
);

export const persistentVolumeClaimPrinter = printer<PersistentVolumeClaim>(
  [
    NAME_COLUMN,
    col("Status", "string", "Phase of the claim."),
    col("Volume", "string", "The volume bound to the claim."),
    col("Capacity", "string", "Storage capacity of the bound volume."),
    col("Access Modes", "string", "Access modes of the bound volume."),
    col("StorageClass", "string", "StorageClass of the claim."),
    col("VolumeAttributesClass", "string", "VolumeAttributesClass of the claim."),
    AGE_COLUMN,
    col("VolumeMode", "string", "Filesystem or Block.", { priority: 1 }),
  ],
  (pvc, now) => {
    const spec = pvc.spec ?? {};
    const phase = pvc.metadata.deletionTimestamp ? "Terminating" : (pvc.status?.phase ?? "");
    const bound = !!spec.volumeName;
    const storageClass = pvc.metadata.annotations?.[BETA_STORAGE_CLASS] ?? spec.storageClassName ?? "";
    return [
      pvc.metadata.name ?? "",
      phase,
      spec.volumeName ?? "",
      bound ? quantityText(pvc.status?.capacity?.["storage"] ?? 0) : "",
      bound ? accessModesText(pvc.status?.accessModes) : "",
      storageClass,
      spec.volumeAttributesClassName ?? "<unset>",
      since(pvc.metadata.creationTimestamp, now),
      spec.volumeMode ?? "<unset>",
    ];
  },
);

export const resourceQuotaPrinter = printer<ResourceQuota>(
  [
    NAME_COLUMN,
    col("Request", "string", "Used and hard amounts of the requested resources."),
    col("Limit", "string", "Used and hard amounts of the resource limits."),
    AGE_COLUMN,
  ],
  (quota, now) => {
    const hard = quota.status?.hard ?? {};
    const used = quota.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const entry = `${name}: ${quantityText((getOwn(used, name) as string | number | undefined) ?? 0)}/${quantityText(hard[name] ?? 0)}`;
      const pieces = name.split(".");
      (pieces.length > 1 && pieces[0] === "limits" ? limits : requests).push(entry);
    }
    return [quota.metadata.name ?? "", requests.join(", "), limits.join(", "), since(quota.metadata.creationTimestamp, now)];
  },
);

/** ReplicaSet's columns; the selector is a label map, printed as labels.FormatLabels does. */
export const replicationControllerPrinter = replicatedPrinter<ReplicationController>((rc) => formatLabels(rc.spec?.selector));
