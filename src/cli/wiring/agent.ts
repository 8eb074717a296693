/**
 * Starts a node agent (the kubelet) against an apiserver reached through a kubeconfig,
 * exactly as a remote node would. The kubelet's HTTPS server gets a serving certificate
 * from the cluster CA when one is at hand (the server's own agent), so the apiserver can
 * verify it when it proxies logs.
 */
import { hostname } from "node:os";
import { issueCert, type ClusterPki } from "../../apiserver/index.ts";
import { detectNodeIP, runKubelet, type KubeletHandle, type RunKubeletOptions } from "../../kubelet/run.ts";
import type { KubeletArgs } from "./kubelet-args.ts";

export const DEFAULT_KUBELET_PORT = 10250;

export interface AgentOptions {
  dataDir: string;
  kubeconfig: string;
  nodeName?: string;
  kubeletArgs: KubeletArgs;
  /** Signs the kubelet's serving certificate (the server's local agent). */
  pki?: ClusterPki;
  /** Bearer token the kubelet server requires (the apiserver's proxy presents it). */
  kubeletToken?: string;
}

export async function startAgent(o: AgentOptions): Promise<KubeletHandle> {
  const { port, ...kubeletOpts } = o.kubeletArgs;
  const opts: RunKubeletOptions = { dataDir: o.dataDir, kubeconfig: o.kubeconfig, ...kubeletOpts };
  if (o.nodeName) opts.nodeName = o.nodeName;
  const server: NonNullable<RunKubeletOptions["server"]> = { port: port ?? DEFAULT_KUBELET_PORT };
  if (o.kubeletToken) server.token = o.kubeletToken;
  if (o.pki) {
    const sans = ["localhost", "127.0.0.1", hostname(), ...(o.nodeName ? [o.nodeName] : [])];
    const ip = detectNodeIP();
    if (ip) sans.push(ip);
    const cert = await issueCert(o.pki.ca, { subject: { commonName: `system:node:${o.nodeName ?? hostname()}`, organizations: ["system:nodes"] }, usage: "server", sans });
    server.tls = { cert: cert.certPem, key: cert.keyPem };
  }
  opts.server = server;
  return runKubelet(opts);
}
