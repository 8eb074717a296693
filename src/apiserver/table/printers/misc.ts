/** Printers for coordination, discovery, policy, rbac and autoscaling kinds. */
import type { Scale } from "../../../api/types/autoscaling/scale.ts";
import type { Lease } from "../../../api/types/coordination/lease.ts";
import type { EndpointSlice } from "../../../api/types/discovery/endpointslice.ts";
import type { PodDisruptionBudget } from "../../../api/types/policy/poddisruptionbudget.ts";
import type { ClusterRoleBinding, RoleBinding, Subject } from "../../../api/types/rbac/role.ts";
import { since } from "../duration.ts";
import { AGE_COLUMN, col, intOrStringText, listWithMore, NAME_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

export const leasePrinter = printer<Lease>(
  [NAME_COLUMN, col("Holder", "string", "Current holder of the lease."), AGE_COLUMN],
  (lease, now) => [lease.metadata.name ?? "", lease.spec?.holderIdentity ?? "", since(lease.metadata.creationTimestamp, now)],
);

export const endpointSlicePrinter = printer<EndpointSlice>(
  [
    NAME_COLUMN,
    col("AddressType", "string", "IPv4, IPv6 or FQDN."),
    col("Ports", "string", "Ports of the endpoints."),
    col("Endpoints", "string", "Addresses of the endpoints."),
    AGE_COLUMN,
  ],
  (slice, now) => {
    const ports = (slice.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? "*")));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [slice.metadata.name ?? "", slice.addressType ?? "", listWithMore(ports), listWithMore(addresses), since(slice.metadata.creationTimestamp, now)];
  },
);

export const podDisruptionBudgetPrinter = printer<PodDisruptionBudget>(
  [
    NAME_COLUMN,
    col("Min Available", "string", "Pods that must stay available."),
    col("Max Unavailable", "string", "Pods that may be unavailable."),
    col("Allowed Disruptions", "integer", "Evictions allowed now."),
    AGE_COLUMN,
  ],
  (pdb, now) => [
    pdb.metadata.name ?? "",
    pdb.spec?.minAvailable !== undefined ? intOrStringText(pdb.spec.minAvailable) : "N/A",
    pdb.spec?.maxUnavailable !== undefined ? intOrStringText(pdb.spec.maxUnavailable) : "N/A",
    pdb.status?.disruptionsAllowed ?? 0,
    since(pdb.metadata.creationTimestamp, now),
  ],
);

function subjectCells(subjects: readonly Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === "ServiceAccount") sas.push(`${s.namespace ?? ""}/${s.name}`);
    else if (s.kind === "User") users.push(s.name);
    else if (s.kind === "Group") groups.push(s.name);
  }
  return [users.join(", "), groups.join(", "), sas.join(", ")];
}

function bindingColumns(what: string) {
  return [
    NAME_COLUMN,
    col("Role", "string", "The role granted, as Kind/name."),
    AGE_COLUMN,
    col("Users", "string", `Users in the ${what}.`, { priority: 1 }),
    col("Groups", "string", `Groups in the ${what}.`, { priority: 1 }),
    col("ServiceAccounts", "string", `ServiceAccounts in the ${what}.`, { priority: 1 }),
  ];
}

function bindingCells(b: RoleBinding | ClusterRoleBinding, now: number): unknown[] {
  return [b.metadata.name ?? "", `${b.roleRef.kind}/${b.roleRef.name}`, since(b.metadata.creationTimestamp, now), ...subjectCells(b.subjects)];
}

export const roleBindingPrinter = printer<RoleBinding>(bindingColumns("roleBinding"), bindingCells);
export const clusterRoleBindingPrinter = printer<ClusterRoleBinding>(bindingColumns("clusterRoleBinding"), bindingCells);

export const scalePrinter = printer<Scale>(
  [col("Name", "string", "Name of the scaled object."), col("Desired", "integer", "Desired replicas."), col("Available", "integer", "Current replicas."), AGE_COLUMN],
  (scale, now) => [scale.metadata.name ?? "", scale.spec?.replicas ?? 0, scale.status?.replicas ?? 0, since(scale.metadata.creationTimestamp, now)],
);
