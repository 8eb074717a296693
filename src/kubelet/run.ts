/**
 * runKubelet: everything `kubun agent` / `kubun kubelet` (and the agent inside
 * `kubun server`) needs, wired from options: the API client, host cgroups, the node
 * image store (importing tarballs dropped in <dataDir>/agent/images), the bridge pod
 * network, the process runtime, the kubelet and its HTTPS server.
 */

import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../client/config/load.ts";
import type { RestConfig } from "../client/config/rest-config.ts";
import { createClient, type Client } from "../client/rest/clientset.ts";
import { logger } from "../util/log.ts";
import { ClientKubeletApi } from "./api/client-adapter.ts";
import type { KubeletApi } from "./api/kubelet-api.ts";
import { importDroppedImages, openNodeImages } from "./images/node-images.ts";
import type { RegistryHosts } from "./images/registry/client.ts";
import { Kubelet } from "./kubelet.ts";
import type { ReservedResources } from "./node/capacity.ts";
import { defaultNodeName } from "./node/status.ts";
import type { CgroupManager } from "./platform/cgroup.ts";
import { NullCgroupManager } from "./platform/cgroup/null.ts";
import { openHostCgroups } from "./platform/cgroup/open.ts";
import { BridgeNetwork } from "./runtime/bridge.ts";
import { LoopbackNetwork, type PodNetwork } from "./runtime/network.ts";
import { ProcessRuntime } from "./runtime/process/runtime.ts";
import { findHostTools } from "./runtime/process/tools.ts";
import { KubeletServer, type KubeletServerOptions } from "./server/server.ts";

const log = logger("kubelet");

export interface RunKubeletOptions {
  /** How to reach the API: a ready client, a RestConfig, or a kubeconfig path. */
  client?: Client;
  restConfig?: RestConfig;
  kubeconfig?: string;
  /** Or an API implementation directly (tests). */
  api?: KubeletApi;
  dataDir: string;
  nodeName?: string;
  /** The node's address (default: the first non-loopback IPv4 of the host). */
  nodeIP?: string;
  /** Pod CIDR of this node (default 10.42.0.0/24). */
  podCIDR?: string;
  /** "bridge" (default when root with iproute2) or "loopback" (pods without an address). */
  network?: "bridge" | "loopback";
  bridgeName?: string;
  clusterDNS?: string[];
  clusterDomain?: string;
  maxPods?: number;
  /** pids.max per pod (upstream --pod-max-pids; default unlimited). */
  podPidsLimit?: number;
  kubeReserved?: ReservedResources;
  systemReserved?: ReservedResources;
  nodeLabels?: Record<string, string>;
  nodeTaints?: Array<{ key: string; value?: string; effect: string }>;
  registryHosts?: RegistryHosts;
  /** The kubelet's HTTPS server (logs, exec, attach, port-forward, stats); port 0 picks one, null disables. */
  server?: Omit<KubeletServerOptions, "kubelet" | "runtime"> | null;
}

export interface KubeletHandle {
  kubelet: Kubelet;
  runtime: ProcessRuntime;
  server: KubeletServer | undefined;
  nodeName: string;
  stop(opts?: { killPods?: boolean }): Promise<void>;
}

const SKIP_IFACE = /^(lo|kubun|kt\d|vk|vp|veth|docker|cni|flannel|virbr)/;

export function detectNodeIP(): string | undefined {
  const ifs = networkInterfaces();
  for (const [name, addrs] of Object.entries(ifs)) {
    if (SKIP_IFACE.test(name)) continue;
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

export async function runKubelet(opts: RunKubeletOptions): Promise<KubeletHandle> {
  const nodeName = opts.nodeName ?? defaultNodeName();
  let api = opts.api;
  let adapter: ClientKubeletApi | undefined;
  if (!api) {
    const client = opts.client ?? createClient(opts.restConfig ?? loadConfig(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}));
    adapter = new ClientKubeletApi(client);
    api = adapter;
  }
  const isRoot = process.getuid?.() === 0;
  const cgroups: CgroupManager = isRoot ? openHostCgroups() : new NullCgroupManager("the kubelet is not running as root");
  const images = openNodeImages(opts.dataDir);
  for (const r of await importDroppedImages(opts.dataDir, images)) {
    if (r.error) log.warn("image archive not imported", { file: r.file, err: r.error });
    else log.info("imported image archive", { file: r.file, images: r.result?.images.flatMap((i) => i.names).join(",") });
  }
  const tools = findHostTools();
  const hostIP = opts.nodeIP ?? detectNodeIP();
  const podCIDR = opts.podCIDR ?? "10.42.0.0/24";
  let network: PodNetwork = new LoopbackNetwork(tools.ip ?? "ip");
  const wantBridge = opts.network ?? (isRoot && tools.ip ? "bridge" : "loopback");
  if (wantBridge === "bridge") {
    if (!tools.ip) throw new Error("the bridge pod network needs iproute2 (`ip`)");
    const bridge = new BridgeNetwork({ cidr: podCIDR, bridge: opts.bridgeName ?? "kubun0", stateDir: join(opts.dataDir, "agent", "ipam"), ip: tools.ip });
    await bridge.init();
    network = bridge;
  } else log.warn("pods get no IP address of their own (loopback network): services and probes by pod IP will not reach them");
  const runtime = await ProcessRuntime.open({ root: join(opts.dataDir, "agent"), images, cgroups, network, tools, ...(hostIP ? { hostIP } : {}) });
  let server: KubeletServer | undefined;
  const kubelet = new Kubelet({
    nodeName,
    dataDir: opts.dataDir,
    api,
    runtime,
    images,
    cgroups,
    ...(hostIP ? { hostIP } : {}),
    podCIDR,
    ...(opts.clusterDNS ? { clusterDNS: opts.clusterDNS } : {}),
    ...(opts.clusterDomain ? { clusterDomain: opts.clusterDomain } : {}),
    ...(opts.maxPods !== undefined ? { maxPods: opts.maxPods } : {}),
    ...(opts.podPidsLimit !== undefined ? { podPidsLimit: opts.podPidsLimit } : {}),
    ...(opts.kubeReserved ? { kubeReserved: opts.kubeReserved } : {}),
    ...(opts.systemReserved ? { systemReserved: opts.systemReserved } : {}),
    ...(opts.nodeLabels ? { nodeLabels: opts.nodeLabels } : {}),
    ...(opts.nodeTaints ? { nodeTaints: opts.nodeTaints } : {}),
    ...(opts.registryHosts ? { registryHosts: opts.registryHosts } : {}),
    ...(opts.server !== null ? { kubeletPort: opts.server?.port || 10250 } : {}),
  });
  if (opts.server !== null) {
    server = new KubeletServer({ kubelet, runtime, ...(opts.server ?? {}) });
    await server.start();
  }
  await kubelet.start();
  log.info("kubelet started", { node: nodeName, ip: hostIP, runtime: runtime.name, rootfs: images.mode, cgroup: cgroups.report().mode, network: network.name, server: server?.port });
  return {
    kubelet,
    runtime,
    server,
    nodeName,
    async stop(o = {}) {
      await kubelet.stop(o);
      server?.stop();
      if (o.killPods) await runtime.close();
      adapter?.close();
    },
  };
}

