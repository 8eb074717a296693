/**
 * `kubectl drain` on a single-node cluster (`dist/kubun server` with its agent) honours a
 * PodDisruptionBudget: while the budget allows no disruption the eviction is refused and
 * drain gives up with upstream's message, the pods keep running; once the budget allows
 * them, drain evicts them and the node stays cordoned until uncordoned.
 */
import { expect, test } from "bun:test";
import type { Cluster } from "../../helpers/cluster.ts";
import { useNodeCluster } from "../../helpers/node-cluster.ts";

let c: Cluster;
const ok = useNodeCluster((cluster) => (c = cluster));

const PDB = (spec: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: guarded
spec:
  ${spec}
  selector:
    matchLabels:
      app: guarded
`;

test("drain waits on the disruption budget, then evicts", async () => {
  const node = (await ok(c.kubectl(["get", "nodes", "-o", "jsonpath={.items[0].metadata.name}"]))).trim();
  await ok(c.kubectl(["create", "deployment", "guarded", "--image=busybox:1.36", "--replicas=2", "--", "httpd", "-f", "-p", "8080"]));
  await ok(c.kubectl(["rollout", "status", "deployment/guarded", "--timeout=90s"], { timeoutMs: 100_000 }));
  await ok(c.kubectl(["apply", "-f", "-"], { stdin: PDB("minAvailable: 2") }));
  await ok(c.kubectl(["wait", "--for=jsonpath={.status.currentHealthy}=2", "pdb/guarded", "--timeout=30s"]));
  expect((await ok(c.kubectl(["get", "pdb", "guarded", "-o", "jsonpath={.status.disruptionsAllowed}"]))).trim()).toBe("0");

  const refused = await c.kubectl(["drain", node, "--pod-selector=app=guarded", "--timeout=8s"], { timeoutMs: 30_000 });
  expect(refused.code).not.toBe(0);
  expect(refused.stdout + refused.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
  const running = await ok(c.kubectl(["get", "pods", "-l", "app=guarded", "-o", "jsonpath={.items[*].status.phase}"]));
  expect(running.trim().split(" ")).toEqual(["Running", "Running"]);
  expect((await ok(c.kubectl(["get", "node", node, "-o", "jsonpath={.spec.unschedulable}"]))).trim()).toBe("true");

  await ok(c.kubectl(["apply", "-f", "-"], { stdin: PDB("maxUnavailable: 2") }));
  await ok(c.kubectl(["wait", "--for=jsonpath={.status.disruptionsAllowed}=2", "pdb/guarded", "--timeout=30s"]));
  const drained = await ok(c.kubectl(["drain", node, "--pod-selector=app=guarded", "--grace-period=1", "--timeout=60s"], { timeoutMs: 90_000 }));
  expect(drained).toContain("evicted");
  expect(drained).toContain("drained");
  // the replacements wait for a schedulable node
  await ok(c.kubectl(["uncordon", node]));
  await ok(c.kubectl(["rollout", "status", "deployment/guarded", "--timeout=90s"], { timeoutMs: 100_000 }));
}, 240_000);
