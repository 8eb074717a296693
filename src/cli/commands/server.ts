/** `kubun server` (control plane plus local agent) and `kubun apiserver` (the API server alone). */
import type { Command } from "../command.ts";
import { bool, list, num, str, type FlagValues } from "../flags.ts";
import { defaultDataDir } from "../data-dir.ts";
import { APISERVER_FLAGS, SERVER_FLAGS } from "../role-flags.ts";
import { startControlPlane, type ControlPlaneOptions } from "../wiring/control-plane.ts";
import { untilSignal } from "../wiring/signals.ts";
import { logger } from "../../util/log.ts";

const log = logger("server");

function controlPlaneOptions(flags: FlagValues, roles: { scheduler: boolean; controllerManager: boolean }): ControlPlaneOptions {
  const o: ControlPlaneOptions = {
    dataDir: str(flags, "data-dir") ?? defaultDataDir(),
    port: num(flags, "https-listen-port") ?? 6443,
    bindAddress: str(flags, "bind-address") ?? "0.0.0.0",
    tlsSans: list(flags, "tls-san"),
    ...roles,
  };
  const endpoint = str(flags, "datastore-endpoint");
  if (endpoint) o.datastoreEndpoint = endpoint;
  const token = str(flags, "token");
  if (token) o.token = token;
  const tokenFile = str(flags, "token-file");
  if (tokenFile) o.tokenFile = tokenFile;
  const kc = str(flags, "write-kubeconfig");
  if (kc) o.writeKubeconfig = kc;
  return o;
}

async function runUntilSignal(o: ControlPlaneOptions, agent: boolean): Promise<number> {
  const cp = await startControlPlane(o);
  if (agent) log.warn("local agent not started: the kubelet role is not built yet; pods will be scheduled but not run");
  log.info("kubun is up", { url: cp.api.url, kubeconfig: cp.api.kubeconfigPath });
  const sig = await untilSignal();
  log.info("shutting down", { signal: sig });
  await cp.stop();
  return 0;
}

export const serverCommand: Command = {
  name: "server",
  summary: "Run a control plane (apiserver, scheduler, controller manager) and a local agent",
  usage: "[--data-dir DIR] [--https-listen-port 6443] [--write-kubeconfig FILE] [--disable-agent]",
  flags: SERVER_FLAGS,
  run: ({ flags }) =>
    runUntilSignal(controlPlaneOptions(flags, { scheduler: !bool(flags, "disable-scheduler"), controllerManager: !bool(flags, "disable-controller-manager") }), !bool(flags, "disable-agent")),
};

export const apiserverCommand: Command = {
  name: "apiserver",
  summary: "Run the API server alone",
  usage: "--data-dir DIR [--datastore-endpoint etcd://host:2379,...] [--https-listen-port N]",
  flags: APISERVER_FLAGS,
  run: ({ flags }) => runUntilSignal(controlPlaneOptions(flags, { scheduler: false, controllerManager: false }), false),
};
