/**
 * Printer for apiregistration.k8s.io APIServices (upstream kube-aggregator's
 * pkg/registry/apiservice/etcd ConvertToTable): NAME, SERVICE ("Local" without a service,
 * else namespace/name), AVAILABLE (the Available condition's status, with " (reason)" when
 * it is not True and has a reason; Unknown without the condition), AGE.
 */
import type { APIService } from "../../../api/types/apiregistration/api-service.ts";
import { since } from "../duration.ts";
import { AGE_COLUMN, col, NAME_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

function serviceCell(svc: APIService): string {
  const ref = svc.spec?.service;
  if (ref === undefined || ref === null) return "Local";
  return `${ref.namespace ?? ""}/${ref.name ?? ""}`;
}

function availableCell(svc: APIService): string {
  const c = (svc.status?.conditions ?? []).find((x) => x.type === "Available");
  if (!c) return "Unknown";
  const status = c.status ?? "";
  if (status === "True") return status;
  return c.reason ? `${status} (${c.reason})` : status;
}

export const apiServicePrinter = printer<APIService>(
  [
    NAME_COLUMN,
    col("Service", "string", "The reference to the service that hosts this API endpoint."),
    col("Available", "string", "Whether this service is available."),
    AGE_COLUMN,
  ],
  (svc, now) => [svc.metadata.name ?? "", serviceCell(svc), availableCell(svc), since(svc.metadata.creationTimestamp, now)],
);
