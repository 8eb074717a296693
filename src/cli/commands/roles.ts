/** Role subcommands whose implementations land with later issues; until then they say so. */
import { notBuilt } from "../command.ts";
import { KUBECONFIG } from "../role-flags.ts";

export const proxyCommand = notBuilt("proxy", "Run the service proxy", "--kubeconfig FILE", [KUBECONFIG]);
