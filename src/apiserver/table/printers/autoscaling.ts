/** Printer for autoscaling/v2 HorizontalPodAutoscalers (upstream printHorizontalPodAutoscaler). */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from "../../../api/types/autoscaling/horizontal-pod-autoscaler.ts";
import { since } from "../duration.ts";
import { AGE_COLUMN, col, NAME_COLUMN, quantityText } from "../format.ts";
import { printer } from "../printer.ts";

/** (*resource.Quantity).String(): the canonical form, "<nil>" for a nil pointer. */
function q(v: string | number | null | undefined): string {
  return v === undefined || v === null ? "<nil>" : quantityText(v);
}

const isSet = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/**
 * One metric as "current/target" ("<unknown>" until a status reports it): averages of
 * Object and External metrics end in " (avg)", Resource and ContainerResource metrics start
 * with the resource name and show utilization as a percentage ("<auto>" when the target has
 * none).
 */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  const unknown = "<unknown>";
  switch (spec.type) {
    case "External": {
      const target = spec.external?.target;
      const current = status?.external?.current;
      if (isSet(target?.averageValue)) return `${isSet(current?.averageValue) ? q(current.averageValue) : unknown}/${q(target.averageValue)} (avg)`;
      return `${status?.external ? q(current?.value) : unknown}/${q(target?.value)}`;
    }
    case "Pods":
      return `${status?.pods ? q(status.pods.current?.averageValue) : unknown}/${q(spec.pods?.target?.averageValue)}`;
    case "Object": {
      const target = spec.object?.target;
      const current = status?.object?.current;
      if (isSet(target?.averageValue)) return `${isSet(current?.averageValue) ? q(current.averageValue) : unknown}/${q(target.averageValue)} (avg)`;
      return `${status?.object ? q(current?.value) : unknown}/${q(target?.value)}`;
    }
    case "Resource":
    case "ContainerResource": {
      const source = spec.type === "Resource" ? spec.resource : spec.containerResource;
      const observed = spec.type === "Resource" ? status?.resource : status?.containerResource;
      const target = source?.target;
      const name = source?.name ?? "";
      if (isSet(target?.averageValue)) return `${name}: ${observed ? q(observed.current?.averageValue) : unknown}/${q(target.averageValue)}`;
      const utilization = observed?.current?.averageUtilization;
      const current = isSet(utilization) ? `${utilization}%` : unknown;
      const goal = isSet(target?.averageUtilization) ? `${target.averageUtilization}%` : "<auto>";
      return `${name}: ${current}/${goal}`;
    }
    default:
      return "<unknown type>";
  }
}

/**
 * formatHPAMetrics: the first two metrics, comma-joined, then " + N more..."; "<none>"
 * without metrics. The status entry at the same index is the metric's current value.
 */
export function formatHPAMetrics(specs: readonly MetricSpec[] | undefined, statuses: readonly MetricStatus[] | undefined): string {
  if (!specs || specs.length === 0) return "<none>";
  const max = 2;
  const list = specs.map((spec, i) => formatMetric(spec ?? ({} as MetricSpec), statuses?.[i] ?? undefined));
  const shown = list.slice(0, max).join(", ");
  return list.length > max ? `${shown} + ${list.length - max} more...` : shown;
}

export const horizontalPodAutoscalerPrinter = printer<HorizontalPodAutoscaler>(
  [
    NAME_COLUMN,
    col("Reference", "string", "The resource being scaled, as Kind/Name."),
    col("Targets", "string", "Current and target values of the metrics."),
    col("MinPods", "string", "Lower limit of the replicas."),
    col("MaxPods", "string", "Upper limit of the replicas."),
    col("Replicas", "string", "Current replicas of the target, as the autoscaler last saw them."),
    AGE_COLUMN,
  ],
  (hpa, now) => {
    const spec = hpa.spec;
    const min = spec?.minReplicas;
    return [
      hpa.metadata.name ?? "",
      `${spec?.scaleTargetRef?.kind ?? ""}/${spec?.scaleTargetRef?.name ?? ""}`,
      formatHPAMetrics(spec?.metrics, hpa.status?.currentMetrics),
      isSet(min) ? String(min) : "<unset>",
      spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      since(hpa.metadata.creationTimestamp, now),
    ];
  },
);
