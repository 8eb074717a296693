/**
 * The control plane split into processes, as operators run upstream's components:
 * `kubun apiserver`, then `kubun scheduler` (its kubeconfig named by the config file's
 * clientConnection) and `kubun controller-manager` with its kubeconfig. A Deployment's pods are created by the controller manager and bound by the
 * scheduler to the only node.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary } from "../../helpers/binary.ts";
import { TOOLS } from "../../helpers/cluster.ts";
import { freePort } from "../../helpers/ports.ts";

const procs: ReturnType<typeof Bun.spawn>[] = [];
let dir = "";
let kubeconfig = "";

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const p = Bun.spawn([join(TOOLS, "kubectl"), "--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache"), ...args], { stdin: stdin === undefined ? "ignore" : new Blob([stdin]), stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${err}`);
  return out;
}

beforeAll(async () => {
  const bin = await ensureBinary();
  dir = mkdtempSync(join(tmpdir(), "kubun-split-"));
  kubeconfig = join(dir, "admin.yaml");
  const port = await freePort();
  const spawn = (args: string[], env: Record<string, string | undefined> = {}) => {
    const p = Bun.spawn([bin, ...args], { stdout: "ignore", stderr: "ignore", env: { ...process.env, TMPDIR: dir, ...env } });
    procs.push(p);
    return p;
  };
  spawn(["apiserver", "-d", join(dir, "data"), "--https-listen-port", String(port), "--bind-address", "127.0.0.1", "--write-kubeconfig", kubeconfig]);
  const deadline = Date.now() + 30_000;
  while (!(await Bun.file(kubeconfig).exists()) || (await fetch(`https://127.0.0.1:${port}/readyz`, { tls: { rejectUnauthorized: false } }).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline) throw new Error("apiserver not ready");
    await Bun.sleep(100);
  }
  // As kube-scheduler, the kubeconfig and client limits may come from the config file's
  // clientConnection alone (no --kubeconfig, no KUBECONFIG, no ~/.kube/config).
  const schedConfig = join(dir, "scheduler.yaml");
  writeFileSync(schedConfig, `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nclientConnection:\n  kubeconfig: ${kubeconfig}\n  qps: 100\n  burst: 200\n`);
  spawn(["scheduler", "--config", schedConfig], { KUBECONFIG: undefined, HOME: dir });
  spawn(["controller-manager", "--kubeconfig", kubeconfig]);
}, 60_000);

afterAll(async () => {
  for (const p of procs.reverse()) {
    p.kill("SIGTERM");
    await p.exited;
  }
});

describe("control plane as separate processes", () => {
  test("the deployment's pods are created and bound to the node", async () => {
    await kubectl(["apply", "-f", "-"], `apiVersion: v1
kind: Node
metadata:
  name: worker-1
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions:
  - {type: Ready, status: "True", reason: KubeletReady, message: ready}
`);
    await kubectl(["create", "deployment", "split", "--image=busybox", "--replicas=3"]);
    const deadline = Date.now() + 30_000;
    let nodes: string[] = [];
    while (Date.now() < deadline) {
      nodes = (await kubectl(["get", "pods", "-l", "app=split", "-o", "jsonpath={.items[*].spec.nodeName}"])).split(" ").filter(Boolean);
      if (nodes.length === 3) break;
      await Bun.sleep(200);
    }
    expect(nodes).toEqual(["worker-1", "worker-1", "worker-1"]);
    const leases = await kubectl(["get", "leases", "-n", "kube-system", "-o", "name"]);
    expect(leases).toContain("lease.coordination.k8s.io/kube-scheduler");
    expect(leases).toContain("lease.coordination.k8s.io/kube-controller-manager");
  }, 60_000);
});
