import { describe, expect, test } from "bun:test";
import { selectControllers } from "../../../../src/controllers/manager/registry.ts";
import { MetricsRegistry } from "../../../../src/controllers/helper/metrics.ts";

describe("selectControllers", () => {
  const names = (l?: string[]) => selectControllers(l).map((d) => d.name);
  const all = ["deployment", "replicaset", "replicationcontroller", "daemonset", "statefulset", "garbagecollector", "namespace", "serviceaccount", "root-ca-cert-publisher", "endpoint", "endpointslice", "job", "nodelifecycle", "taint-eviction", "cronjob", "disruption", "resourcequota", "podgc", "ttl-after-finished"];
  const cases: { list?: string[]; want: string[] }[] = [
    { want: all },
    { list: ["*"], want: all },
    { list: ["*", "-garbagecollector"], want: all.filter((n) => n !== "garbagecollector") },
    { list: ["replicaset", "deployment-controller"], want: ["deployment", "replicaset"] },
  ];
  for (const c of cases) test(JSON.stringify(c.list ?? null), () => expect(names(c.list)).toEqual(c.want));
  test("unknown names are refused", () => {
    expect(() => selectControllers(["nope"])).toThrow('"nope" is not in the list of known controllers');
  });
});

describe("MetricsRegistry", () => {
  test("renders counters, gauges and histograms in the text format", () => {
    const r = new MetricsRegistry();
    r.counter("syncs_total", "Syncs.").inc({ controller: "rs", result: "success" }, 2);
    r.gauge("depth", "Depth.").sample({ name: "q" }, () => 7);
    r.histogram("dur_seconds", "Duration.", [0.1, 1]).observe({ c: "x" }, 0.5);
    expect(r.render()).toBe(
      [
        "# HELP syncs_total Syncs.",
        "# TYPE syncs_total counter",
        'syncs_total{controller="rs",result="success"} 2',
        "# HELP depth Depth.",
        "# TYPE depth gauge",
        'depth{name="q"} 7',
        "# HELP dur_seconds Duration.",
        "# TYPE dur_seconds histogram",
        'dur_seconds_bucket{c="x",le="0.1"} 0',
        'dur_seconds_bucket{c="x",le="1"} 1',
        'dur_seconds_bucket{c="x",le="+Inf"} 1',
        'dur_seconds_sum{c="x"} 0.5',
        'dur_seconds_count{c="x"} 1',
        "",
      ].join("\n"),
    );
    expect(() => r.gauge("syncs_total", "x")).toThrow("already registered as counter");
  });
});
