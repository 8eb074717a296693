import type { Command } from "../command.ts";
import { str } from "../flags.ts";
import { KUBERNETES_VERSION, KUBUN_VERSION, versionInfo } from "../version.ts";

export const versionCommand: Command = {
  name: "version",
  summary: "Print the kubun version and the Kubernetes API version it serves",
  usage: "[-o json]",
  flags: [{ name: "output", short: "o", type: "string", help: "Output format: json" }],
  run: async ({ flags }) => {
    const out = str(flags, "output");
    if (out === "json") {
      process.stdout.write(JSON.stringify({ kubun: KUBUN_VERSION, kubernetes: versionInfo() }, null, 2) + "\n");
    } else if (out !== undefined) {
      process.stderr.write(`kubun version: unsupported output format "${out}" (want json)\n`);
      return 2;
    } else {
      process.stdout.write(`kubun version v${KUBUN_VERSION}\nKubernetes API version ${KUBERNETES_VERSION} (${versionInfo().gitVersion})\n`);
    }
    return 0;
  },
};
