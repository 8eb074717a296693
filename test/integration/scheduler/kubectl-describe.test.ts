/**
 * Real kubectl against the in-process apiserver with the controller manager and the
 * scheduler running: a Deployment whose pods cannot fit shows upstream's
 * FailedScheduling message in `kubectl describe pod`.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SharedInformerFactory } from "../../../src/client/cache/index.ts";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/manager/manager.ts";
import { eventually, node, type SchedCluster, startCluster } from "./harness.ts";

const ROOT = join(import.meta.dir, "../../..");
const KUBECTL = join(ROOT, ".cache/tools/kubectl");

let c: SchedCluster;
let cm: ControllerManager;

beforeAll(async () => {
  if (!existsSync(KUBECTL)) {
    const p = Bun.spawn(["bash", join(ROOT, "scripts/tools.sh")], { stdout: "inherit", stderr: "inherit" });
    if ((await p.exited) !== 0) throw new Error("scripts/tools.sh could not provide kubectl");
  }
  c = await startCluster();
  const client = c.newClient();
  cm = runControllerManager({ client, informers: new SharedInformerFactory(client), leaderElect: false, controllers: ["deployment", "replicaset"] });
  await c.client.nodes().create(node("n1", { cpu: "1" }));
  await c.client.nodes().create(node("n2", { cpu: "1" }));
  await c.startScheduler();
}, 120_000);

afterAll(async () => {
  await cm?.stop();
  await c?.stop();
});

async function kubectl(...args: string[]): Promise<string> {
  const p = Bun.spawn([KUBECTL, "--kubeconfig", c.server.kubeconfigPath, ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${err}`);
  return out;
}

test("kubectl describe pod shows the FailedScheduling event of a pod that cannot fit", async () => {
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "huge", namespace: "default" },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "huge" } },
      template: {
        metadata: { labels: { app: "huge" } },
        spec: { containers: [{ name: "c", image: "busybox", resources: { requests: { cpu: "3" } } }] },
      },
    },
  };
  const p = Bun.spawn([KUBECTL, "--kubeconfig", c.server.kubeconfigPath, "apply", "-f", "-"], { stdin: new Blob([JSON.stringify(deployment)]), stdout: "pipe", stderr: "pipe" });
  expect(await p.exited).toBe(0);
  const described = await eventually(
    "describe shows FailedScheduling",
    async () => {
      const out = await kubectl("describe", "pod", "-l", "app=huge");
      return out.includes("FailedScheduling") ? out : undefined;
    },
    30_000,
    200,
  );
  expect(described).toMatch(/Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/2 nodes are available: 2 Insufficient cpu\. preemption: 0\/2 nodes are available: 2 No preemption victims found for incoming pod\./);
  expect(described).toMatch(/PodScheduled\s+False/);
  if (process.env.KUBUN_TEST_LOGS) console.log(described);
}, 60_000);
