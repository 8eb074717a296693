/**
 * Starts a node agent (the kubelet) against an apiserver reached through a kubeconfig,
 * exactly as a remote node would. The kubelet's HTTPS server gets a serving certificate
 * signed by the cluster CA for the server's own agent, or by a CA of the agent's own for a
 * joined node (the apiserver, like upstream's by default, does not verify kubelet
 * certificates; the bearer token is what the kubelet checks).
 */
import { hostname } from "node:os";
import { createCa, issueCert, type KeyPairPem } from "../../apiserver/pki/index.ts";
import { detectNodeIP, runKubelet, type KubeletHandle, type RunKubeletOptions } from "../../kubelet/run.ts";
import type { KubeletArgs } from "./kubelet-args.ts";

export const DEFAULT_KUBELET_PORT = 10250;

export interface AgentOptions {
  dataDir: string;
  kubeconfig: string;
  nodeName?: string;
  kubeletArgs: KubeletArgs;
  /** Signs the kubelet's serving certificate (default: a CA made for this start). */
  signer?: KeyPairPem;
  /** Bearer token the kubelet server requires (the apiserver's proxy presents it). */
  kubeletToken?: string;
  /** Labels the Node is registered with, besides the kubelet's own. */
  nodeLabels?: Record<string, string>;
}

export async function startAgent(o: AgentOptions): Promise<KubeletHandle> {
  const { port, ...kubeletOpts } = o.kubeletArgs;
  const opts: RunKubeletOptions = { dataDir: o.dataDir, kubeconfig: o.kubeconfig, ...kubeletOpts };
  if (o.nodeName) opts.nodeName = o.nodeName;
  if (o.nodeLabels) opts.nodeLabels = { ...opts.nodeLabels, ...o.nodeLabels };
  const server: NonNullable<RunKubeletOptions["server"]> = { port: port ?? DEFAULT_KUBELET_PORT };
  if (o.kubeletToken) server.token = o.kubeletToken;
  {
    const sans = ["localhost", "127.0.0.1", hostname(), ...(o.nodeName ? [o.nodeName] : [])];
    const ip = detectNodeIP();
    if (ip) sans.push(ip);
    const signer = o.signer ?? (await createCa(`kubun-kubelet-ca@${Math.floor(Date.now() / 1000)}`));
    const cert = await issueCert(signer, { subject: { commonName: `system:node:${o.nodeName ?? hostname()}`, organizations: ["system:nodes"] }, usage: "server", sans });
    server.tls = { cert: cert.certPem, key: cert.keyPem };
  }
  opts.server = server;
  return runKubelet(opts);
}
