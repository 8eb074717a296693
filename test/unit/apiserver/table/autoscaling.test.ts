import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { toTable } from "../../../../src/apiserver/table/index.ts";
import { formatHPAMetrics } from "../../../../src/apiserver/table/printers/autoscaling.ts";

/** autoscaling printers: upstream's printHorizontalPodAutoscaler and formatHPAMetrics. */

const NOW = new Date("2025-01-01T12:00:00Z");
const meta = (name: string) => ({ name, creationTimestamp: new Date(NOW.getTime() - 3600_000).toISOString() });
const table = (obj: unknown) => toTable({ group: "autoscaling", kind: "HorizontalPodAutoscaler" }, [obj as KubeObject], { now: NOW });

const cpu = (averageUtilization?: number) => ({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", ...(averageUtilization ? { averageUtilization } : {}) } } });
const memAvg = { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "1024Mi" } } };
const id = { name: "rps" };

describe("formatHPAMetrics", () => {
  test.each([
    ["no metrics", [], [], "<none>"],
    ["cpu utilization, no status yet", [cpu(80)], [], "cpu: <unknown>/80%"],
    ["cpu utilization with a reading", [cpu(80)], [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 42 } } }], "cpu: 42%/80%"],
    ["a utilization target left unset", [cpu()], [], "cpu: <unknown>/<auto>"],
    ["average value, canonical quantities", [memAvg], [{ type: "Resource", resource: { name: "memory", current: { averageValue: "512Mi" } } }], "memory: 512Mi/1Gi"],
    ["a status without the value prints <nil>", [memAvg], [{ type: "Resource", resource: { name: "memory", current: {} } }], "memory: <nil>/1Gi"],
    [
      "container resource",
      [{ type: "ContainerResource", containerResource: { name: "cpu", container: "app", target: { type: "Utilization", averageUtilization: 60 } } }],
      [],
      "cpu: <unknown>/60%",
    ],
    ["pods", [{ type: "Pods", pods: { metric: id, target: { type: "AverageValue", averageValue: "1000" } } }], [{ type: "Pods", pods: { metric: id, current: { averageValue: "500" } } }], "500/1k"],
    ["object value", [{ type: "Object", object: { metric: id, describedObject: {}, target: { type: "Value", value: "10" } } }], [], "<unknown>/10"],
    ["object average", [{ type: "Object", object: { metric: id, describedObject: {}, target: { type: "AverageValue", averageValue: "10" } } }], [], "<unknown>/10 (avg)"],
    [
      "external average with a reading",
      [{ type: "External", external: { metric: id, target: { type: "AverageValue", averageValue: "30" } } }],
      [{ type: "External", external: { metric: id, current: { averageValue: "12" } } }],
      "12/30 (avg)",
    ],
    ["external value", [{ type: "External", external: { metric: id, target: { type: "Value", value: "2k" } } }], [], "<unknown>/2k"],
    ["an unknown type", [{ type: "Custom" }], [], "<unknown type>"],
    ["three metrics: two shown", [cpu(80), memAvg, cpu(50)], [], "cpu: <unknown>/80%, memory: <unknown>/1Gi + 1 more..."],
  ] as const)("%s", (_name, specs, statuses, want) => expect(formatHPAMetrics(specs as never, statuses as never)).toBe(want));
});

describe("horizontalpodautoscaler rows", () => {
  test("columns as upstream: NAME, REFERENCE, TARGETS, MINPODS, MAXPODS, REPLICAS, AGE", () => {
    const t = table({ metadata: meta("web"), spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 10, metrics: [cpu(80)] } });
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.priority ?? 0])).toEqual([
      ["Name", "string", 0],
      ["Reference", "string", 0],
      ["Targets", "string", 0],
      ["MinPods", "string", 0],
      ["MaxPods", "string", 0],
      ["Replicas", "string", 0],
      ["Age", "string", 0],
    ]);
    expect(t.rows[0]!.cells).toEqual(["web", "Deployment/web", "cpu: <unknown>/80%", "2", 10, 0, "60m"]);
  });

  test("minReplicas unset prints <unset>; replicas come from status", () => {
    const t = table({ metadata: meta("rc"), spec: { scaleTargetRef: { kind: "ReplicationController", name: "rc" }, maxReplicas: 3 }, status: { currentReplicas: 2, desiredReplicas: 3 } });
    expect(t.rows[0]!.cells).toEqual(["rc", "ReplicationController/rc", "<none>", "<unset>", 3, 2, "60m"]);
  });
});
