/**
 * From kubelet summaries to metrics.k8s.io objects: quantity and window formatting as
 * metrics-server prints them, the summary decoding rules, and the two-sample storage.
 */
import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/index.ts";
import { cpuQuantity, decodeSummary, memoryQuantity, metaTime, MetricsStorage, metricsList, nodeMetrics, podMetrics, resourceUsage, windowText, type Summary } from "../../../../src/apiserver/resourcemetrics/index.ts";

const T0 = Date.parse("2025-03-01T10:00:00.250Z");

describe("formatting", () => {
  test("cpu is a nanocore quantity in upstream's canonical form", () => {
    expect(cpuQuantity(123456789)).toBe("123456789n");
    expect(cpuQuantity(120_000_000)).toBe("120m");
    expect(cpuQuantity(1_000_000_000)).toBe("1");
    expect(cpuQuantity(1_500_000_000)).toBe("1500m");
    expect(cpuQuantity(12_000)).toBe("12u");
    expect(cpuQuantity(0)).toBe("0");
    expect(cpuQuantity(329087452.9)).toBe("329087452n");
  });

  test("memory is a BinarySI quantity of the working set", () => {
    expect(memoryQuantity(2748180 * 1024)).toBe("2748180Ki");
    expect(memoryQuantity(7 * 1024 * 1024)).toBe("7Mi");
    expect(memoryQuantity(1234567)).toBe("1234567");
    // below 1024 upstream prints the value in DecimalSI
    expect(memoryQuantity(1000)).toBe("1k");
    expect(memoryQuantity(1023)).toBe("1023");
    expect(memoryQuantity(2 * 1024 ** 3)).toBe("2Gi");
  });

  test("times are whole RFC 3339 seconds; windows Go durations", () => {
    expect(metaTime(T0)).toBe("2025-03-01T10:00:00Z");
    expect(windowText(20064)).toBe("20.064s");
    expect(windowText(15000)).toBe("15s");
    expect(windowText(60500)).toBe("1m0.5s");
    expect(windowText(900)).toBe("900ms");
  });

  test("usage is the CPU rate between two samples", () => {
    const prev = { startTime: 0, timestamp: T0, cumulativeCpu: 10e9, memory: 1 };
    const last = { startTime: 0, timestamp: T0 + 2000, cumulativeCpu: 10e9 + 500e6, memory: 4096 };
    expect(resourceUsage(last, prev)).toEqual({ usage: { cpu: "250m", memory: "4Ki" }, time: { timestamp: T0 + 2000, windowMs: 2000 } });
    expect(resourceUsage({ ...last, cumulativeCpu: 1 }, prev)).toBeUndefined();
    expect(resourceUsage({ ...last, timestamp: T0 }, prev)).toBeUndefined();
    expect(resourceUsage({ ...last, startTime: -1 }, { ...prev, startTime: 5 })).toBeUndefined();
  });
});

function summary(at: number, nodeCpuNs: number, containers: { name: string; cpuNs: number; mem: number }[], extra: Summary["pods"] = []): Summary {
  const time = new Date(at).toISOString();
  return {
    node: { nodeName: "ignored", cpu: { time, usageCoreNanoSeconds: nodeCpuNs }, memory: { time, workingSetBytes: 512 * 1024 * 1024 } },
    pods: [
      {
        podRef: { name: "web", namespace: "default" },
        containers: containers.map((c) => ({ name: c.name, startTime: "2025-03-01T09:00:00Z", cpu: { time, usageCoreNanoSeconds: c.cpuNs }, memory: { time, workingSetBytes: c.mem } })),
      },
      ...extra,
    ],
  };
}

describe("decodeSummary", () => {
  test("node and pods keyed by the Node's name and namespace/name", () => {
    const b = decodeSummary("n1", summary(T0, 5e9, [{ name: "app", cpuNs: 1e9, mem: 4096 }]));
    expect([...b.nodes.keys()]).toEqual(["n1"]);
    expect(b.nodes.get("n1")).toEqual({ startTime: 0, timestamp: T0, cumulativeCpu: 5e9, memory: 512 * 1024 * 1024 });
    expect(b.pods.get("default/web")?.get("app")).toEqual({ startTime: Date.parse("2025-03-01T09:00:00Z"), timestamp: T0, cumulativeCpu: 1e9, memory: 4096 });
  });

  test("incomplete samples are left out: a pod with any incomplete container, a node without CPU", () => {
    const time = new Date(T0).toISOString();
    const b = decodeSummary(
      "n1",
      summary(T0, 0, [{ name: "app", cpuNs: 1e9, mem: 4096 }], [
        { podRef: { name: "zero-mem", namespace: "default" }, containers: [{ name: "a", startTime: time, cpu: { time, usageCoreNanoSeconds: 1 }, memory: { time, workingSetBytes: 0 } }] },
        {
          podRef: { name: "half", namespace: "default" },
          containers: [
            { name: "ok", startTime: time, cpu: { time, usageCoreNanoSeconds: 1 }, memory: { time, workingSetBytes: 1 } },
            { name: "no-cpu", startTime: time, memory: { time, workingSetBytes: 1 } },
          ],
        },
        { podRef: { name: "empty", namespace: "default" }, containers: [] },
      ]),
    );
    expect(b.nodes.size).toBe(0);
    expect([...b.pods.keys()]).toEqual(["default/web"]);
  });
});

const node: KubeObject = { apiVersion: "v1", kind: "Node", metadata: { name: "n1", labels: { "kubernetes.io/hostname": "n1" }, uid: "u", resourceVersion: "9" } };
const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", labels: { app: "web" }, uid: "p" } };

describe("MetricsStorage", () => {
  test("nothing before the second sample; then the rate over the window", () => {
    const s = new MetricsStorage(15_000);
    s.store(decodeSummary("n1", summary(T0, 5e9, [{ name: "app", cpuNs: 1e9, mem: 4096 }])));
    expect(s.nodeUsage("n1")).toBeUndefined();
    expect(s.podUsage("default", "web")).toBeUndefined();
    expect(s.hasUsage).toBe(false);
    s.store(decodeSummary("n1", summary(T0 + 15_023, 5e9 + 15_023 * 2e6, [{ name: "app", cpuNs: 1e9 + 15_023 * 1e5, mem: 8192 }])));
    expect(s.hasUsage).toBe(true);
    expect(s.nodeUsage("n1")).toEqual({ usage: { cpu: "2", memory: "512Mi" }, timestamp: T0 + 15_023, windowMs: 15_023 });
    const now = Date.parse("2025-03-01T10:01:00Z");
    expect(nodeMetrics(node, s.nodeUsage("n1")!, now)).toEqual({
      kind: "NodeMetrics",
      apiVersion: "metrics.k8s.io/v1beta1",
      metadata: { name: "n1", creationTimestamp: "2025-03-01T10:01:00Z", labels: { "kubernetes.io/hostname": "n1" } },
      timestamp: "2025-03-01T10:00:15Z",
      window: "15.023s",
      usage: { cpu: "2", memory: "512Mi" },
    });
    expect(podMetrics(pod, s.podUsage("default", "web")!, now)).toEqual({
      kind: "PodMetrics",
      apiVersion: "metrics.k8s.io/v1beta1",
      metadata: { name: "web", namespace: "default", creationTimestamp: "2025-03-01T10:01:00Z", labels: { app: "web" } },
      timestamp: "2025-03-01T10:00:15Z",
      window: "15.023s",
      containers: [{ name: "app", usage: { cpu: "100m", memory: "8Ki" } }],
    });
  });

  test("a node or pod missing from a round loses its samples", () => {
    const s = new MetricsStorage(15_000);
    s.store(decodeSummary("n1", summary(T0, 5e9, [{ name: "app", cpuNs: 1e9, mem: 4096 }])));
    s.store(decodeSummary("n1", summary(T0 + 1000, 6e9, [{ name: "app", cpuNs: 2e9, mem: 4096 }])));
    expect(s.nodeUsage("n1")).toBeDefined();
    s.store({ nodes: new Map(), pods: new Map() });
    expect(s.nodeUsage("n1")).toBeUndefined();
    expect(s.podUsage("default", "web")).toBeUndefined();
    s.store(decodeSummary("n1", summary(T0 + 2000, 7e9, [{ name: "app", cpuNs: 3e9, mem: 4096 }])));
    expect(s.nodeUsage("n1")).toBeUndefined();
  });

  test("a sample no newer than the stored one keeps the previous pair", () => {
    const s = new MetricsStorage(15_000);
    s.store(decodeSummary("n1", summary(T0, 5e9, [])));
    s.store(decodeSummary("n1", summary(T0 + 1000, 6e9, [])));
    s.store(decodeSummary("n1", summary(T0 + 1000, 6e9, [])));
    expect(s.nodeUsage("n1")).toMatchObject({ usage: { cpu: "1" }, windowMs: 1000 });
  });

  test("a restarted container starts over; a container of 10 s to one resolution counts from its start", () => {
    const s = new MetricsStorage(60_000);
    const at = (ms: number, startTime: string, cpuNs: number): Summary => {
      const time = new Date(ms).toISOString();
      return { pods: [{ podRef: { name: "web", namespace: "default" }, containers: [{ name: "app", startTime, cpu: { time, usageCoreNanoSeconds: cpuNs }, memory: { time, workingSetBytes: 1024 } }] }] };
    };
    s.store(decodeSummary("n1", at(T0, "2025-03-01T09:00:00Z", 1e9)));
    // restarted after the stored sample: no usage from the old counter
    s.store(decodeSummary("n1", at(T0 + 1000, "2025-03-01T10:00:00.500Z", 1e6)));
    expect(s.podUsage("default", "web")).toBeUndefined();
    // 20 s after its start, with a 60 s resolution: the start is the previous sample
    const fresh = new MetricsStorage(60_000);
    fresh.store(decodeSummary("n1", at(T0 + 20_000, new Date(T0).toISOString(), 2e9)));
    expect(fresh.podUsage("default", "web")).toMatchObject({ containers: [{ name: "app", usage: { cpu: "100m", memory: "1Ki" } }], windowMs: 20_000 });
  });

  test("lists carry items without kind and apiVersion", () => {
    const s = new MetricsStorage(15_000);
    s.store(decodeSummary("n1", summary(T0, 5e9, [])));
    s.store(decodeSummary("n1", summary(T0 + 1000, 6e9, [])));
    const list = metricsList("NodeMetricsList", [nodeMetrics(node, s.nodeUsage("n1")!, T0)]);
    expect(list).toMatchObject({ kind: "NodeMetricsList", apiVersion: "metrics.k8s.io/v1beta1", metadata: {} });
    expect((list["items"] as Record<string, unknown>[])[0]).not.toHaveProperty("kind");
    expect((list["items"] as Record<string, unknown>[])[0]).toHaveProperty("usage");
  });
});
