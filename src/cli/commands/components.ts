/**
 * Standalone control-plane and node components, each a client of an apiserver reached
 * through --kubeconfig (else KUBECONFIG, in-cluster, ~/.kube/config), as upstream's
 * kube-scheduler, kube-controller-manager and kubelet binaries are.
 */
import { SharedInformerFactory } from "../../client/index.ts";
import { runControllerManager } from "../../controllers/manager/manager.ts";
import { loadConfigFile, runSchedulerWithClient } from "../../scheduler/index.ts";
import { logger } from "../../util/log.ts";
import type { Command } from "../command.ts";
import { bool, list, str } from "../flags.ts";
import { defaultDataDir } from "../data-dir.ts";
import { KUBECONFIG, KUBELET_ARG, LEADER_ELECT, NODE_NAME } from "../role-flags.ts";
import { startAgent } from "../wiring/agent.ts";
import { clientFromKubeconfig } from "../wiring/client.ts";
import { parseKubeletArgs } from "../wiring/kubelet-args.ts";
import { untilSignal } from "../wiring/signals.ts";

const log = logger("cli");

/** Runs until SIGINT/SIGTERM or until the role ends by itself (lost leadership: exit 1, as upstream). */
async function serve(role: { done: Promise<void>; stop(): Promise<void>; lostLeadership(): boolean }): Promise<number> {
  const sig = untilSignal();
  const which = await Promise.race([sig.then(() => "signal" as const), role.done.then(() => "done" as const)]);
  if (which === "signal") await role.stop();
  if (role.lostLeadership()) {
    log.error("leader election lost");
    return 1;
  }
  return 0;
}

export const schedulerCommand: Command = {
  name: "scheduler",
  summary: "Run the scheduler",
  usage: "--kubeconfig FILE [--leader-elect=true|false] [--config FILE]",
  flags: [KUBECONFIG, LEADER_ELECT, { name: "config", type: "string", help: "KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) file" }],
  run: async ({ flags }) => {
    const cfgFile = str(flags, "config");
    const config = cfgFile ? await loadConfigFile(cfgFile) : undefined;
    // As kube-scheduler: clientConnection sets the kubeconfig (the flag wins) and the client's QPS and burst.
    const conn = config?.clientConnection;
    const limits = { ...(conn?.qps !== undefined ? { qps: conn.qps } : {}), ...(conn?.burst !== undefined ? { burst: conn.burst } : {}) };
    const client = clientFromKubeconfig(str(flags, "kubeconfig") ?? conn?.kubeconfig, "kubun-scheduler", limits);
    const s = runSchedulerWithClient({ client, informers: new SharedInformerFactory(client), leaderElect: bool(flags, "leader-elect"), ...(config ? { config } : {}) });
    return serve(s);
  },
};

export const controllerManagerCommand: Command = {
  name: "controller-manager",
  summary: "Run the controller manager",
  usage: "--kubeconfig FILE [--leader-elect=true|false] [--controllers *,-name]",
  flags: [KUBECONFIG, LEADER_ELECT, { name: "controllers", type: "list", help: "Controllers to run: * (all), name, -name", default: ["*"] }],
  run: async ({ flags }) => {
    const client = clientFromKubeconfig(str(flags, "kubeconfig"), "kubun-controller-manager");
    const cm = runControllerManager({ client, informers: new SharedInformerFactory(client), leaderElect: bool(flags, "leader-elect"), controllers: list(flags, "controllers") });
    return serve(cm);
  },
};

export const kubeletCommand: Command = {
  name: "kubelet",
  summary: "Run the node agent that runs pods",
  usage: "--kubeconfig FILE [--node-name NAME] [--data-dir DIR] [--kubelet-arg NAME=VALUE]",
  flags: [KUBECONFIG, NODE_NAME, { name: "data-dir", short: "d", type: "string", help: "Agent state folder (default /var/lib/kubun as root, ~/.kube/kubun otherwise)" }, KUBELET_ARG],
  run: async ({ flags }) => {
    const kubeconfig = str(flags, "kubeconfig");
    if (!kubeconfig) {
      process.stderr.write("kubun kubelet: --kubeconfig is required\n");
      return 2;
    }
    const nodeName = str(flags, "node-name");
    const node = await startAgent({
      dataDir: str(flags, "data-dir") ?? defaultDataDir(),
      kubeconfig,
      kubeletArgs: parseKubeletArgs(list(flags, "kubelet-arg")),
      ...(nodeName ? { nodeName } : {}),
    });
    await untilSignal();
    await node.stop();
    return 0;
  },
};
