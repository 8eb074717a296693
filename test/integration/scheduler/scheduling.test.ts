import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Event } from "../../../src/api/types/index.ts";
import { boundTo, eventually, node, nodeOf, pod, type SchedCluster, startCluster } from "./harness.ts";

let c: SchedCluster;

beforeAll(async () => {
  c = await startCluster();
  const zones: Record<string, string> = { a1: "a", a2: "a", b1: "b", b2: "b" };
  for (const [n, z] of Object.entries(zones)) await c.client.nodes().create(node(n, { labels: { "topology.kubernetes.io/zone": z } }));
  await c.client.nodes().create(node("cp", { labels: { "topology.kubernetes.io/zone": "a" }, taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }));
  await c.startScheduler();
});
afterAll(async () => {
  await c.stop();
});

const zoneOf = (n: string) => (n.startsWith("b") ? "b" : "a");

async function failedSchedulingMessage(podName: string): Promise<string> {
  return eventually(`FailedScheduling event for ${podName}`, async () => {
    const list = await c.client.events("default").list();
    const ev = (list.items as Event[]).find((e) => e.reason === "FailedScheduling" && e.involvedObject?.name === podName);
    return ev?.message;
  });
}

describe("scheduler through the API", () => {
  test("taints: pods avoid the tainted control-plane node unless they tolerate it", async () => {
    for (let i = 0; i < 4; i++) await c.client.pods("default").create(pod(`t${i}`));
    for (let i = 0; i < 4; i++) expect(await boundTo(c.client, `t${i}`)).not.toBe("cp");
    await c.client.pods("default").create(
      pod("pinned", {
        nodeSelector: { "kubernetes.io/hostname": "cp" },
        tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
      }),
    );
    expect(await boundTo(c.client, "pinned")).toBe("cp");
  });

  test("anti-affinity spreads replicas per host; the extra one reports why", async () => {
    const anti = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "solo" } }, topologyKey: "kubernetes.io/hostname" }],
        },
      },
    };
    for (let i = 0; i < 5; i++) await c.client.pods("default").create(pod(`solo${i}`, anti, { app: "solo" }));
    const hosts = new Set<string>();
    let pending = "";
    await eventually("4 solo pods bound", async () => {
      hosts.clear();
      for (let i = 0; i < 5; i++) {
        const n = await nodeOf(c.client, `solo${i}`);
        if (n) hosts.add(n);
        else pending = `solo${i}`;
      }
      return hosts.size === 4;
    });
    expect(hosts.has("cp")).toBe(false);
    expect(await failedSchedulingMessage(pending)).toBe(
      "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) didn't match pod anti-affinity rules. " +
        "preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.",
    );
    const p = await c.client.pods("default").get(pending);
    const cond = (p.status as { conditions?: { type: string; status: string; reason?: string }[] }).conditions?.find((x) => x.type === "PodScheduled");
    expect([cond?.status, cond?.reason]).toEqual(["False", "Unschedulable"]);
  });

  test("affinity: pods follow their peer's zone", async () => {
    await c.client.pods("default").create(pod("db", { nodeSelector: { "topology.kubernetes.io/zone": "b" } }, { app: "db" }));
    expect(zoneOf(await boundTo(c.client, "db"))).toBe("b");
    const aff = {
      affinity: {
        podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "topology.kubernetes.io/zone" }] },
      },
    };
    for (let i = 0; i < 3; i++) await c.client.pods("default").create(pod(`cache${i}`, aff));
    for (let i = 0; i < 3; i++) expect(zoneOf(await boundTo(c.client, `cache${i}`))).toBe("b");
  });

  test("topology spread: DoNotSchedule keeps zones within maxSkew", async () => {
    const spread = {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "spread" } } }],
    };
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 6; i++) {
      await c.client.pods("default").create(pod(`s${i}`, spread, { app: "spread" }));
      counts[zoneOf(await boundTo(c.client, `s${i}`))]!++;
      expect(Math.abs(counts.a! - counts.b!)).toBeLessThanOrEqual(1);
    }
    expect(counts).toEqual({ a: 3, b: 3 });
  });
});
