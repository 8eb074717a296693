/**
 * `kubectl top node` and `kubectl top pod` against the compiled server, which serves
 * metrics.k8s.io itself from its kubelets' summaries (no metrics-server to install, as k3s
 * ships one). --metric-resolution makes the scrapes fast here; with an hour between them the
 * second sample never comes and kubectl says what it says on a fresh metrics-server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { RunResult } from "../../helpers/binary.ts";
import type { Cluster } from "../../helpers/cluster.ts";
import { startNodeCluster, succeed } from "../../helpers/node-cluster.ts";

/** Runs `args` until it succeeds (metrics need two scrapes); the last failure otherwise. */
async function eventually(c: Cluster, args: string[], ok: (r: RunResult) => boolean, timeoutMs = 30_000): Promise<RunResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await c.kubectl(args);
    if (r.code === 0 && ok(r)) return r;
    if (Date.now() > deadline) throw new Error(`kubectl ${args.join(" ")} never succeeded: exit ${r.code}\n${r.stdout}\n${r.stderr}\nserver log tail:\n${c.logs().slice(-3000)}`);
    await Bun.sleep(500);
  }
}

const rows = (out: string) =>
  out
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/));

describe("kubectl top with samples", () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startNodeCluster(["--metric-resolution", "1s"]);
  }, 90_000);
  afterAll(async () => {
    await c?.stop();
  });

  test("top node prints the node's CPU and memory", async () => {
    const node = await succeed(c, c.kubectl(["get", "nodes", "-o", "jsonpath={.items[0].metadata.name}"]));
    const r = await eventually(c, ["top", "node"], (x) => x.stdout.includes(node));
    const [header, row, ...rest] = rows(r.stdout);
    expect(header).toEqual(["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]);
    expect(rest).toEqual([]);
    expect(row![0]).toBe(node);
    expect(row![1]).toMatch(/^\d+m$/);
    expect(row![2]).toMatch(/^\d+%$/);
    expect(row![3]).toMatch(/^\d+Mi$/);
    expect(row![4]).toMatch(/^\d+%$/);
    const raw = JSON.parse(await succeed(c, c.kubectl(["get", "--raw", `/apis/metrics.k8s.io/v1beta1/nodes/${node}`])));
    expect(raw).toMatchObject({ kind: "NodeMetrics", apiVersion: "metrics.k8s.io/v1beta1", metadata: { name: node } });
    expect(raw.usage.cpu).toMatch(/^\d+(n|u|m)?$/);
    expect(raw.usage.memory).toMatch(/^\d+(Ki|Mi|Gi)?$/);
  }, 60_000);

  test("top pod prints a running pod, per container with --containers", async () => {
    await succeed(c, c.kubectl(["run", "busy", "--image=busybox:1.36", "--image-pull-policy=IfNotPresent", "--restart=Never", "--", "sh", "-c", "while true; do echo x > /dev/null; sleep 0.1; done"]));
    await succeed(c, c.kubectl(["wait", "--for=condition=Ready", "pod/busy", "--timeout=60s"]));
    const r = await eventually(c, ["top", "pod"], (x) => x.stdout.includes("busy"));
    const [header, row] = rows(r.stdout);
    expect(header).toEqual(["NAME", "CPU(cores)", "MEMORY(bytes)"]);
    expect(row![0]).toBe("busy");
    expect(row![1]).toMatch(/^\d+m$/);
    expect(row![2]).toMatch(/^\d+Mi$/);
    const per = rows(await succeed(c, c.kubectl(["top", "pod", "busy", "--containers"])));
    expect(per[0]).toEqual(["POD", "NAME", "CPU(cores)", "MEMORY(bytes)"]);
    expect(per[1]!.slice(0, 2)).toEqual(["busy", "busy"]);
    const all = await succeed(c, c.kubectl(["top", "pod", "-A", "-l", "run=busy"]));
    expect(rows(all)[1]!.slice(0, 2)).toEqual(["default", "busy"]);
  }, 90_000);
});

describe("kubectl top before the second sample", () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startNodeCluster(["--metric-resolution", "1h"]);
  }, 90_000);
  afterAll(async () => {
    await c?.stop();
  });

  test("says metrics are not available yet, as with a fresh metrics-server", async () => {
    const r = await c.kubectl(["top", "node"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("error: metrics not available yet");
  }, 30_000);
});
