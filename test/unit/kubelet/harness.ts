/** A kubelet over the fake runtime and the fake API, for fast tests of pod logic. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeKubeletApi } from "../../../src/kubelet/api/fake-api.ts";
import type { Container, Pod } from "../../../src/kubelet/api/types.ts";
import { MediaType } from "../../../src/kubelet/images/oci.ts";
import { RootfsBuilder } from "../../../src/kubelet/images/rootfs.ts";
import { ImageStore } from "../../../src/kubelet/images/store.ts";
import { TarWriter } from "../../../src/kubelet/images/tar/writer.ts";
import { Kubelet, type KubeletConfig } from "../../../src/kubelet/kubelet.ts";
import { FakeCgroupFs } from "../../../src/kubelet/platform/cgroup/fake-fs.ts";
import { CgroupV2Manager } from "../../../src/kubelet/platform/cgroup/manager.ts";
import { FakeRuntime } from "../../../src/kubelet/runtime/fake/runtime.ts";

export const IMAGE = "kubun.test/fake:1";

export interface Harness {
  dir: string;
  api: FakeKubeletApi;
  rt: FakeRuntime;
  kubelet: Kubelet;
  cgroups: CgroupV2Manager;
  /** Moves the kubelet's clock forward (backoffs), then wakes every worker. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startHarness(over: Partial<KubeletConfig> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "kubun-kubelet-"));
  const store = new ImageStore(join(dir, "agent", "images-store"));
  const layer = new TarWriter().file("x", "x").finish();
  const l = await store.blobs.put(layer);
  const cfg = await store.blobs.put(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [l] }, config: { Env: ["FROM_IMAGE=yes"], Cmd: ["sh"] } }));
  const m = await store.blobs.put(JSON.stringify({ schemaVersion: 2, config: { mediaType: MediaType.ociConfig, digest: cfg, size: 1 }, layers: [{ mediaType: MediaType.ociLayer, digest: l, size: layer.length }] }));
  await store.commit(m, [IMAGE]);
  const fs = new FakeCgroupFs(join(dir, "cgroup"), { controllers: ["cpu", "memory", "pids"] });
  const cgroups = CgroupV2Manager.open({ root: fs.root, fs });
  const api = new FakeKubeletApi();
  const rt = new FakeRuntime(() => "10.42.0.9");
  let offset = 0;
  const kubelet = new Kubelet({
    nodeName: "node-a",
    dataDir: dir,
    api,
    runtime: rt,
    images: { store, rootfs: new RootfsBuilder("copy"), mode: "copy" },
    cgroups,
    hostIP: "192.0.2.10",
    tmpfs: false,
    clusterDNS: ["10.43.0.10"],
    heartbeat: { renewIntervalMs: 50, statusIntervalMs: 50 },
    now: () => Date.now() + offset,
    ...over,
  });
  await kubelet.start();
  return {
    dir,
    api,
    rt,
    kubelet,
    cgroups,
    advance(ms) {
      offset += ms;
      for (const w of kubelet.workers.values()) w.kick();
    },
    async close() {
      await kubelet.stop({ killPods: true });
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let n = 0;
export function pod(containers: Array<Partial<Container>>, spec: Partial<Pod["spec"]> = {}, name = `p${++n}`): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: {
      nodeName: "node-a",
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 5,
      containers: containers.map((c, i) => ({ name: `c${i}`, image: IMAGE, imagePullPolicy: "IfNotPresent", ...c })),
      ...spec,
    },
  };
}

export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 8000, what = "condition"): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}
