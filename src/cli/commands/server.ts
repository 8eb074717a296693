/** `kubun server` (control plane plus local agent) and `kubun apiserver` (the API server alone). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "../command.ts";
import { bool, list, num, str, UsageError, type FlagValues } from "../flags.ts";
import { parseDuration } from "../ctl/cmd/duration.ts";
import { defaultDataDir } from "../data-dir.ts";
import { APISERVER_FLAGS, SERVER_FLAGS } from "../role-flags.ts";
import { startAgent } from "../wiring/agent.ts";
import { startControlPlane, type ControlPlaneOptions } from "../wiring/control-plane.ts";
import { formatJoinToken, serverSecret } from "../wiring/join-token.ts";
import { parseKubeletArgs } from "../wiring/kubelet-args.ts";
import { untilSignal } from "../wiring/signals.ts";
import { logger } from "../../util/log.ts";

const log = logger("server");

/** The server's own node is a control-plane node (k3s and kubeadm label it so; kubectl shows the role). */
const CONTROL_PLANE_LABELS = { "node-role.kubernetes.io/control-plane": "true" };

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
  // Every server has a secret (the flag, else one kept in <data-dir>/server/token): it
  // authenticates as admin, joins agents, and is what kubelets expect from the apiserver.
  o.token = serverSecret(o.dataDir, str(flags, "token"));
  o.kubeletToken = o.token;
  const tokenFile = str(flags, "token-file");
  if (tokenFile) o.tokenFile = tokenFile;
  const kc = str(flags, "write-kubeconfig");
  if (kc) o.writeKubeconfig = kc;
  const resolution = str(flags, "metric-resolution");
  if (resolution !== undefined) o.metricResolutionMs = metricResolution(resolution);
  return o;
}

/** --metric-resolution: a positive Go duration ("15s", "500ms"). */
function metricResolution(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    throw new UsageError(`invalid value "${text}" for --metric-resolution: want a duration such as 15s`);
  }
  if (!(ms > 0)) throw new UsageError(`invalid value "${text}" for --metric-resolution: want a positive duration`);
  return ms;
}

async function runUntilSignal(o: ControlPlaneOptions, agent: { nodeName?: string; kubeletArgs: string[] } | undefined): Promise<number> {
  const kubeletArgs = agent ? parseKubeletArgs(agent.kubeletArgs) : {};
  const cp = await startControlPlane(o);
  const nodeToken = join(o.dataDir, "server", "node-token");
  writeFileSync(nodeToken, formatJoinToken(cp.api.caPem, o.token ?? "") + "\n", { mode: 0o600 });
  let node: Awaited<ReturnType<typeof startAgent>> | undefined;
  if (agent) {
    try {
      node = await startAgent({
        dataDir: o.dataDir,
        kubeconfig: cp.api.kubeconfigPath,
        kubeletArgs,
        signer: cp.api.pki.ca,
        nodeLabels: CONTROL_PLANE_LABELS,
        ...(o.kubeletToken ? { kubeletToken: o.kubeletToken } : {}),
        ...(agent.nodeName ? { nodeName: agent.nodeName } : {}),
      });
    } catch (err) {
      await cp.stop();
      throw err;
    }
  }
  log.info("kubun is up", { url: cp.api.url, kubeconfig: cp.api.kubeconfigPath, node: node?.nodeName, joinToken: nodeToken });
  const sig = await untilSignal();
  log.info("shutting down", { signal: sig });
  // Pods keep running across a server restart only once the kubelet adopts them; until
  // then a stopping agent leaves them to the next start, which recreates them.
  await node?.stop();
  await cp.stop();
  return 0;
}

export const serverCommand: Command = {
  name: "server",
  summary: "Run a control plane (apiserver, scheduler, controller manager) and a local agent",
  usage: "[--data-dir DIR] [--https-listen-port 6443] [--write-kubeconfig FILE] [--disable-agent]",
  flags: SERVER_FLAGS,
  run: ({ flags }) => {
    const cp = controlPlaneOptions(flags, { scheduler: !bool(flags, "disable-scheduler"), controllerManager: !bool(flags, "disable-controller-manager") });
    const nodeName = str(flags, "node-name");
    const agent = bool(flags, "disable-agent") ? undefined : { kubeletArgs: list(flags, "kubelet-arg"), ...(nodeName ? { nodeName } : {}) };
    return runUntilSignal(cp, agent);
  },
};

export const apiserverCommand: Command = {
  name: "apiserver",
  summary: "Run the API server alone",
  usage: "--data-dir DIR [--datastore-endpoint etcd://host:2379,...] [--https-listen-port N]",
  flags: APISERVER_FLAGS,
  run: ({ flags }) => runUntilSignal(controlPlaneOptions(flags, { scheduler: false, controllerManager: false }), undefined),
};
