/**
 * `kubun agent --server https://HOST:6443 --token TOKEN`: joins this machine to a server as a
 * node. The server's CA is read from the TLS handshake and, when the token carries its
 * hash (the K10... token in <server data-dir>/server/node-token), verified before the
 * secret is sent; a bare secret joins without that check, with a warning, as k3s does.
 */
import { join } from "node:path";
import { writeKubeconfig } from "../../apiserver/server/kubeconfig.ts";
import { logger } from "../../util/log.ts";
import { EXIT_USAGE, type Command } from "../command.ts";
import { defaultDataDir } from "../data-dir.ts";
import { list, str } from "../flags.ts";
import { AGENT_FLAGS } from "../role-flags.ts";
import { startAgent } from "../wiring/agent.ts";
import { caHash, fetchServerCa, parseJoinToken } from "../wiring/join-token.ts";
import { parseKubeletArgs } from "../wiring/kubelet-args.ts";
import { untilSignal } from "../wiring/signals.ts";

const log = logger("agent");

export const agentCommand: Command = {
  name: "agent",
  summary: "Run a node agent (kubelet) joined to a server",
  usage: "--server https://HOST:6443 --token TOKEN [--data-dir DIR] [--node-name NAME]",
  flags: AGENT_FLAGS,
  run: async ({ flags }) => {
    const server = str(flags, "server") ?? process.env.KUBUN_URL;
    const tokenText = str(flags, "token") ?? process.env.KUBUN_TOKEN;
    if (!server || !tokenText) {
      process.stderr.write("kubun agent: --server and --token are required\n");
      return EXIT_USAGE;
    }
    let url: URL;
    try {
      url = new URL(server);
      if (url.protocol !== "https:") throw new Error();
    } catch {
      process.stderr.write(`kubun agent: --server must be an https:// URL, got "${server}"\n`);
      return EXIT_USAGE;
    }
    const token = parseJoinToken(tokenText);
    const kubeletArgs = parseKubeletArgs(list(flags, "kubelet-arg"));
    const caPem = await fetchServerCa(url.href);
    if (token.caHash) {
      const got = caHash(caPem);
      if (got !== token.caHash) throw new Error(`the server's CA (sha256 ${got}) does not match the token's (${token.caHash}); refusing to join`);
    } else {
      log.warn("the token carries no CA hash: the server's CA was not verified (use the K10... token from the server's node-token file)");
    }
    const dataDir = str(flags, "data-dir") ?? defaultDataDir();
    const kubeconfig = join(dataDir, "agent", "kubelet.kubeconfig");
    await writeKubeconfig(kubeconfig, { server: url.origin, caPem, token: token.secret });
    const nodeName = str(flags, "node-name");
    const node = await startAgent({ dataDir, kubeconfig, kubeletArgs, kubeletToken: token.secret, ...(nodeName ? { nodeName } : {}) });
    log.info("agent joined", { server: url.origin, node: node.nodeName });
    await untilSignal();
    await node.stop();
    return 0;
  },
};
