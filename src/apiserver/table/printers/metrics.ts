/**
 * Printers for metrics.k8s.io kinds (metrics-server's ConvertToTable): NAME, cpu, memory,
 * WINDOW; a pod's usage is the sum over its containers.
 */
import { Quantity } from "../../../api/quantity/index.ts";
import type { NodeMetrics, PodMetrics } from "../../../api/types/metrics/metrics.ts";
import { col } from "../format.ts";
import { printer } from "../printer.ts";

const COLUMNS = [
  col("Name", "string", "Name of the resource", { format: "name" }),
  col("cpu", "string", "", { format: "quantity" }),
  col("memory", "string", "", { format: "quantity" }),
  col("Window", "string", "", { format: "duration" }),
];

function sum(usages: readonly Record<string, string | number>[], resource: string): string {
  let total = Quantity.zero();
  for (const u of usages) {
    const v = u[resource];
    if (v !== undefined) total = total.add(Quantity.fromJSON(v));
  }
  return total.toString();
}

export const nodeMetricsPrinter = printer<NodeMetrics>(COLUMNS, (m) => [m.metadata.name ?? "", sum([m.usage ?? {}], "cpu"), sum([m.usage ?? {}], "memory"), m.window ?? ""]);

export const podMetricsPrinter = printer<PodMetrics>(COLUMNS, (m) => {
  const usages = (m.containers ?? []).map((c) => c.usage ?? {});
  return [m.metadata.name ?? "", sum(usages, "cpu"), sum(usages, "memory"), m.window ?? ""];
});
