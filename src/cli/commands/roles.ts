/** Role subcommands whose implementations land with later issues; until then they say so. */
import { notBuilt } from "../command.ts";
import { AGENT_FLAGS, KUBECONFIG } from "../role-flags.ts";

export const agentCommand = notBuilt("agent", "Run a node agent (kubelet and proxy) joined to a server", "--server https://HOST:6443 --token TOKEN [--data-dir DIR]", AGENT_FLAGS);
export const proxyCommand = notBuilt("proxy", "Run the service proxy", "--kubeconfig FILE", [KUBECONFIG]);
