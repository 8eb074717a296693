/** Role subcommands whose implementations land with their issues; until then they say so. */
import { notBuilt } from "../command.ts";
import { AGENT_FLAGS, KUBECONFIG, LEADER_ELECT, NODE_NAME } from "../role-flags.ts";

export const agentCommand = notBuilt("agent", "Run a node agent (kubelet and proxy) joined to a server", "--server https://HOST:6443 --token TOKEN [--data-dir DIR]", AGENT_FLAGS);
export const schedulerCommand = notBuilt("scheduler", "Run the scheduler", "--kubeconfig FILE [--leader-elect=true|false] [--config FILE]", [
  KUBECONFIG,
  LEADER_ELECT,
  { name: "config", type: "string", help: "KubeSchedulerConfiguration file" },
]);
export const controllerManagerCommand = notBuilt("controller-manager", "Run the controller manager", "--kubeconfig FILE [--leader-elect=true|false]", [KUBECONFIG, LEADER_ELECT]);
export const kubeletCommand = notBuilt("kubelet", "Run the node agent that runs pods", "--kubeconfig FILE [--node-name NAME]", [KUBECONFIG, NODE_NAME, { name: "data-dir", short: "d", type: "string", help: "State folder" }]);
export const proxyCommand = notBuilt("proxy", "Run the service proxy", "--kubeconfig FILE", [KUBECONFIG]);
export const ctlCommand = notBuilt("ctl", "A kubectl-like client: get, apply, delete, describe, logs, exec", "get|apply|delete|describe|logs|exec ...", [KUBECONFIG]);
