/**
 * Starts the control plane roles of one process: store, apiserver, then — as clients of
 * the apiserver with the admin identity, like remote components but over the apiserver's
 * private unix socket for that identity instead of HTTPS, each on a worker thread of its
 * own, restarted if it ends — the scheduler and the controller manager. Returns one stop() that shuts them down in
 * reverse order.
 */
import { join } from "node:path";
import { startApiServer, type ApiServer } from "../../apiserver/index.ts";
import { kubeletStreamProxy, type KubeletProxyOptions } from "../../apiserver/streams/kubelet-proxy.ts";
import { openStore } from "../../storage/open.ts";
import { logger } from "../../util/log.ts";
import { versionInfo } from "../version.ts";
import { superviseRole } from "./role-supervisor.ts";

const log = logger("server");

export interface ControlPlaneOptions {
  dataDir: string;
  port: number;
  bindAddress: string;
  datastoreEndpoint?: string;
  tlsSans: string[];
  token?: string;
  tokenFile?: string;
  writeKubeconfig?: string;
  scheduler: boolean;
  controllerManager: boolean;
  /** Bearer token the apiserver presents to kubelets when proxying pod streams. */
  kubeletToken?: string;
  /** How often metrics.k8s.io scrapes the kubelets (ms; default 15 s). */
  metricResolutionMs?: number;
}

export interface ControlPlane {
  api: ApiServer;
  stop(): Promise<void>;
}

export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlane> {
  const store = await openStore(o.datastoreEndpoint ? { dataDir: o.dataDir, endpoint: o.datastoreEndpoint } : { dataDir: o.dataDir });
  log.info("store opened", { kind: store.kind, revision: await store.currentRevision() });
  const apiOpts: Parameters<typeof startApiServer>[0] = {
    dataDir: o.dataDir,
    store,
    port: o.port,
    bindAddress: o.bindAddress,
    tlsSans: o.tlsSans,
    version: versionInfo(),
  };
  // The proxy reads nodes from the apiserver's cache, which exists once it started.
  let apiRef: ApiServer | undefined;
  const kubelet: KubeletProxyOptions = {
    getNode: (name) => apiRef?.registries.get("", "nodes", "", name),
    ...(o.kubeletToken ? { token: o.kubeletToken } : {}),
  };
  apiOpts.streams = kubeletStreamProxy(kubelet);
  apiOpts.kubelet = kubelet;
  if (o.token) apiOpts.token = o.token;
  if (o.tokenFile) apiOpts.tokenFile = o.tokenFile;
  if (o.writeKubeconfig) apiOpts.writeKubeconfig = o.writeKubeconfig;
  if (o.metricResolutionMs !== undefined) apiOpts.metricResolutionMs = o.metricResolutionMs;
  let api: ApiServer;
  try {
    api = await startApiServer(apiOpts);
    apiRef = api;
    await api.ready;
  } catch (err) {
    await store.close();
    throw err;
  }
  const stops: (() => Promise<void>)[] = [];
  // The roles reach the apiserver over its private socket for the admin identity: plain
  // HTTP, so neither side spends CPU on TLS for the cluster's busiest clients.
  const conn = { kubeconfig: api.kubeconfigPath, unixSocket: api.adminSocketPath };

  // The scheduler and the controller manager each run on a worker thread of their own,
  // as clients of the apiserver (role-thread.ts), started again if they end (role-supervisor.ts).
  try {
    if (o.scheduler) {
      const sched = await superviseRole("scheduler", conn);
      stops.push(() => sched.stop());
      log.info("scheduler started");
    }
    if (o.controllerManager) {
      const cm = await superviseRole("controller-manager", conn);
      stops.push(() => cm.stop());
      log.info("controller manager started");
    }
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await api.stop();
    await store.close();
    throw err;
  }

  return {
    api,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((err) => log.error("stopping a role failed", { err }));
      await api.stop();
      await store.close();
      log.info("control plane stopped", { dataDir: join(o.dataDir) });
    },
  };
}
