import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Node } from "../../../src/api/types/index.ts";
import { nullRecorder } from "../../../src/controllers/helper/context.ts";
import { NodeLifecycleController } from "../../../src/controllers/nodelifecycle/controller.ts";
import { TaintEvictionController } from "../../../src/controllers/taintevict/controller.ts";
import { eventually, newInformers, podTemplate, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
const stop = new AbortController();

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  const informers = newInformers(client);
  const ctx = { client, informers, recorder: nullRecorder };
  const lifecycle = new NodeLifecycleController(ctx, { gracePeriodMs: 1500, monitorPeriodMs: 200 });
  const eviction = new TaintEvictionController(ctx);
  informers.start(stop.signal);
  void lifecycle.run(1, stop.signal);
  void eviction.run(1, stop.signal);
});
afterAll(async () => {
  stop.abort();
  await cluster.stop();
});

const micro = () => new Date().toISOString().replace("Z", "000Z");

describe("node lifecycle through the API", () => {
  test("a node whose lease stops being renewed becomes Unknown, is tainted unreachable, and its pods are evicted after tolerationSeconds", async () => {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const node: Node = { apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, spec: {} };
    const created = await cluster.client.nodes().create(node);
    await cluster.client.nodes().updateStatus({ ...created, status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: now, lastTransitionTime: now }] } });
    await cluster.client.leases("kube-node-lease").create({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "n1", namespace: "kube-node-lease" }, spec: { holderIdentity: "n1", leaseDurationSeconds: 40, renewTime: micro() } });
    const t = podTemplate({ app: "x" });
    await cluster.client.pods("default").create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "on-n1", namespace: "default" },
      spec: { ...t.spec, nodeName: "n1", tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 1 }, { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }] },
    });
    // keep renewing for a while: the node stays Ready
    for (let i = 0; i < 10; i++) {
      const lease = await cluster.client.leases("kube-node-lease").get("n1");
      await cluster.client.leases("kube-node-lease").update({ ...lease, spec: { ...lease.spec, renewTime: micro() } });
      await Bun.sleep(250);
    }
    const healthy = await cluster.client.nodes().get("n1");
    expect(healthy.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(healthy.spec?.taints ?? []).toEqual([]);

    // the kubelet goes silent
    const unknown = await eventually("node unknown and tainted", async () => {
      const n = await cluster.client.nodes().get("n1");
      return n.status?.conditions?.find((c) => c.type === "Ready")?.status === "Unknown" && (n.spec?.taints ?? []).some((x) => x.key === "node.kubernetes.io/unreachable" && x.effect === "NoExecute") ? n : undefined;
    }, 10_000);
    expect(unknown.status?.conditions?.find((c) => c.type === "Ready")).toMatchObject({ reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
    const evicted = await eventually("pod evicted", async () => ((p) => (p.metadata.deletionTimestamp ? p : undefined))(await cluster.client.pods("default").get("on-n1")), 10_000);
    expect(evicted.status?.conditions?.find((c) => c.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByTaintManager" });
  }, 30_000);
});
