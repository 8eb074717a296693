/** Admin kubeconfig files that the real kubectl, helm and client libraries read as is. */
import { chmod, mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface KubeconfigOptions {
  server: string;
  caPem: string;
  /** Client certificate and key (PEM) for x509 authentication. */
  certPem?: string;
  keyPem?: string;
  /** Bearer token, instead of or besides a certificate. */
  token?: string;
  /** Name of the cluster, user and context entries (default "default", as k3s). */
  name?: string;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const quote = (s: string) => JSON.stringify(s);

export function kubeconfigYaml(o: KubeconfigOptions): string {
  const name = o.name ?? "default";
  const user: string[] = [];
  if (o.certPem && o.keyPem) {
    user.push(`    client-certificate-data: ${b64(o.certPem)}`);
    user.push(`    client-key-data: ${b64(o.keyPem)}`);
  }
  if (o.token) user.push(`    token: ${quote(o.token)}`);
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${b64(o.caPem)}`,
    `    server: ${quote(o.server)}`,
    `  name: ${quote(name)}`,
    "contexts:",
    "- context:",
    `    cluster: ${quote(name)}`,
    `    user: ${quote(name)}`,
    `  name: ${quote(name)}`,
    `current-context: ${quote(name)}`,
    "preferences: {}",
    "users:",
    `- name: ${quote(name)}`,
    "  user:",
    ...(user.length ? user : ["    {}"]),
    "",
  ].join("\n");
}

/** Writes the kubeconfig atomically with mode 0600. */
export async function writeKubeconfig(path: string, o: KubeconfigOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, kubeconfigYaml(o), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
