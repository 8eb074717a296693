import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nodeResources } from "../../../src/kubelet/node/capacity.ts";
import { microTime } from "../../../src/kubelet/node/heartbeat.ts";
import { readStaticPods } from "../../../src/kubelet/static-pods.ts";
import { type Harness, startHarness, waitFor } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("node capacity", () => {
  test("allocatable subtracts reservations and the 100Mi eviction threshold", () => {
    const r = nodeResources({ dataDir: "/", cpuCount: 4, memoryBytes: 8 * 2 ** 30, kubeReserved: { cpu: "500m", memory: "512Mi" }, systemReserved: { cpu: "250m" }, maxPods: 50 });
    expect(r.capacity).toMatchObject({ cpu: "4", memory: `${8 * 2 ** 20}Ki`, pods: "50" });
    expect(r.allocatable).toMatchObject({ cpu: "3250m", memory: `${8 * 2 ** 20 - 512 * 1024 - 100 * 1024}Ki`, pods: "50" });
  });
  test("lease times are microseconds", () => expect(microTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678))).toBe("2024-01-02T03:04:05.678000Z"));
});

describe("node registration and heartbeats", () => {
  test("the node is created with labels, conditions and addresses; the lease is renewed", async () => {
    h = await startHarness();
    const node = h.api.nodes.get("node-a")!;
    expect(node.metadata.labels).toMatchObject({ "kubernetes.io/hostname": "node-a", "kubernetes.io/os": "linux" });
    expect(node.status!.addresses).toEqual([
      { type: "InternalIP", address: "192.0.2.10" },
      { type: "Hostname", address: "node-a" },
    ]);
    const conds = Object.fromEntries(node.status!.conditions!.map((c) => [c.type, [c.status, c.reason]]));
    expect(conds).toEqual({
      MemoryPressure: ["False", "KubeletHasSufficientMemory"],
      DiskPressure: ["False", "KubeletHasNoDiskPressure"],
      PIDPressure: ["False", "KubeletHasSufficientPID"],
      Ready: ["True", "KubeletReady"],
      ResourceLimitsEnforced: ["True", "CgroupControllersAvailable"],
    });
    const lease = h.api.leases.get("kube-node-lease/node-a")!;
    expect(lease.spec).toMatchObject({ holderIdentity: "node-a", leaseDurationSeconds: 40 });
    expect(lease.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Node", name: "node-a", uid: node.metadata.uid! });
    const first = lease.spec!.renewTime;
    await waitFor(() => h!.api.leases.get("kube-node-lease/node-a")!.spec!.renewTime !== first, 3000, "lease renewal");
  });

  test("a node without cgroup controllers says which limits it cannot enforce", async () => {
    const { NullCgroupManager } = await import("../../../src/kubelet/platform/cgroup/null.ts");
    h = await startHarness({ cgroups: new NullCgroupManager("test host") });
    const node = h.api.nodes.get("node-a")!;
    const c = node.status!.conditions!.find((x) => x.type === "ResourceLimitsEnforced")!;
    expect(c).toMatchObject({ status: "False", reason: "CgroupControllersMissing" });
    expect(c.message).toContain("cannot enforce any resource limits: test host");
    expect(node.status!.conditions!.find((x) => x.type === "Ready")!.message).toContain("WARNING: cannot enforce");
  });
});

describe("static pods", () => {
  test("manifests become pods with mirror pods; removing the file removes both", async () => {
    h = await startHarness({ staticPodIntervalMs: 100 });
    const dir = join(h.dir, "agent", "pod-manifests");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "web.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: kube-system\nspec:\n  containers:\n  - name: c\n    image: kubun.test/fake:1\n    command: [sleep, '30']\n");
    writeFileSync(join(dir, "bad.yaml"), "kind: Service\n");
    const mirror = await waitFor(() => h!.api.getPod("kube-system", "web-node-a"), 5000, "mirror pod");
    expect(mirror.metadata.annotations!["kubernetes.io/config.mirror"]).toBe(mirror.metadata.annotations!["kubernetes.io/config.hash"]);
    expect(mirror.metadata.annotations!["kubernetes.io/config.source"]).toBe("file");
    expect(mirror.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Node", name: "node-a" });
    await waitFor(() => h!.api.getPod("kube-system", "web-node-a")?.status?.phase === "Running", 5000, "mirror status");
    rmSync(join(dir, "web.yaml"));
    await waitFor(() => !h!.api.getPod("kube-system", "web-node-a"), 5000, "mirror removed");
    expect(h.kubelet.workers.size).toBe(0);
  });

  test("readStaticPods: naming, uid from content, defaults, errors", () => {
    const dir = join(import.meta.dir, ".static-tmp");
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, "a.json"), JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "a" }, spec: { containers: [{ name: "c", image: "busybox" }] } }));
      writeFileSync(join(dir, "b.yaml"), "kind: Pod\nmetadata: {}\n");
      const r = readStaticPods(dir, "n1");
      expect(r.pods.map((p) => [p.metadata.name, p.metadata.namespace, p.spec.nodeName, p.spec.restartPolicy])).toEqual([["a-n1", "default", "n1", "Always"]]);
      expect(r.pods[0]!.metadata.uid).toMatch(/^[0-9a-f]{32}$/);
      expect(readStaticPods(dir, "n2").pods[0]!.metadata.uid).not.toBe(r.pods[0]!.metadata.uid);
      expect(r.errors).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("kubelet restart", () => {
  test("pod cgroups left by a previous kubelet are removed at start", async () => {
    const first = await startHarness();
    const stale = "kubepods/besteffort/pod-stale-uid";
    await first.cgroups.ensure(`${stale}/c1`);
    await first.kubelet.stop();
    // A new kubelet over the same cgroup hierarchy.
    const { Kubelet } = await import("../../../src/kubelet/kubelet.ts");
    const { RootfsBuilder } = await import("../../../src/kubelet/images/rootfs.ts");
    const { ImageStore } = await import("../../../src/kubelet/images/store.ts");
    const k = new Kubelet({
      nodeName: "node-a",
      dataDir: first.dir,
      api: first.api,
      runtime: first.rt,
      images: { store: new ImageStore(join(first.dir, "agent", "images-store")), rootfs: new RootfsBuilder("copy"), mode: "copy" },
      cgroups: first.cgroups,
      tmpfs: false,
    });
    await k.start();
    expect(await first.cgroups.exists(stale)).toBe(false);
    expect(await first.cgroups.exists("kubepods/besteffort")).toBe(true);
    await k.stop();
    h = first;
  });
});
