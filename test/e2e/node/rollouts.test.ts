/**
 * Controllers end to end on a real node, through the real kubectl and helm: a template
 * change rolls out and `rollout undo` restores the previous one, `scale` changes the pod
 * count, `delete` cascades to ReplicaSets and pods, and `helm install --wait` returns
 * only once the chart's Deployment is available.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { REPO_ROOT } from "../../helpers/binary.ts";
import type { Cluster } from "../../helpers/cluster.ts";
import { useNodeCluster } from "../../helpers/node-cluster.ts";

let c: Cluster;
const ok = useNodeCluster((cluster) => (c = cluster));

async function podCount(selector: string): Promise<number> {
  const out = await ok(c.kubectl(["get", "pods", "-l", selector, "-o", "jsonpath={range .items[?(@.metadata.deletionTimestamp)]}x{end}|{.items[*].metadata.name}"]));
  const [terminating, names] = out.split("|");
  return (names ?? "").split(" ").filter(Boolean).length - (terminating ?? "").length;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${c.logs().slice(-2000)}`);
    await Bun.sleep(250);
  }
}

describe("workload controllers on a real node", () => {
  test("rollout, undo and scale", async () => {
    await ok(c.kubectl(["create", "deployment", "app", "--image=busybox:1.36", "--replicas=2", "--", "sleep", "3600"]));
    await ok(c.kubectl(["rollout", "status", "deployment/app", "--timeout=90s"], { timeoutMs: 100_000 }));
    await ok(c.kubectl(["set", "env", "deployment/app", "VERSION=2"]));
    expect(await ok(c.kubectl(["rollout", "status", "deployment/app", "--timeout=90s"], { timeoutMs: 100_000 }))).toContain("successfully rolled out");
    const history = await ok(c.kubectl(["rollout", "history", "deployment/app"]));
    expect(history).toMatch(/^1\s/m);
    expect(history).toMatch(/^2\s/m);

    expect(await ok(c.kubectl(["rollout", "undo", "deployment/app"]))).toContain("deployment.apps/app rolled back");
    await ok(c.kubectl(["rollout", "status", "deployment/app", "--timeout=90s"], { timeoutMs: 100_000 }));
    const dep = JSON.parse(await ok(c.kubectl(["get", "deployment", "app", "-o", "json"])));
    expect(dep.spec.template.spec.containers[0].env ?? []).toEqual([]);
    expect(dep.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");

    await ok(c.kubectl(["scale", "deployment/app", "--replicas=4"]));
    await ok(c.kubectl(["rollout", "status", "deployment/app", "--timeout=90s"], { timeoutMs: 100_000 }));
    await waitFor("4 pods", async () => (await podCount("app=app")) === 4);
  }, 240_000);

  test("delete cascades to replica sets and pods", async () => {
    await ok(c.kubectl(["delete", "deployment", "app", "--cascade=foreground", "--wait=true", "--timeout=90s"], { timeoutMs: 100_000 }));
    await waitFor("replica sets gone", async () => (await ok(c.kubectl(["get", "rs", "-l", "app=app", "-o", "name"]))).trim() === "");
    await waitFor("pods gone", async () => (await ok(c.kubectl(["get", "pods", "-l", "app=app", "-o", "name"]))).trim() === "", 90_000);
  }, 200_000);

  test("helm install --wait returns once the chart is available", async () => {
    const chart = join(REPO_ROOT, "test", "fixtures", "charts", "web");
    const out = await ok(c.helm(["install", "w1", chart, "--wait", "--timeout", "120s"], { timeoutMs: 150_000 }));
    expect(out).toContain("STATUS: deployed");
    const dep = JSON.parse(await ok(c.kubectl(["get", "deployment", "w1-web", "-o", "json"])));
    expect(dep.status.availableReplicas).toBe(2);
    expect(dep.status.readyReplicas).toBe(2);
  }, 200_000);
});
