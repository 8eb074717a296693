/**
 * `--kubelet-arg NAME=VALUE` (repeatable, as k3s): upstream kubelet flags passed through to
 * the agent. Only the ones kubun's kubelet implements are accepted; anything else is a
 * usage error rather than silently ignored.
 */
import { UsageError } from "../flags.ts";

export interface KubeletArgs {
  podPidsLimit?: number;
  maxPods?: number;
  clusterDNS?: string[];
  clusterDomain?: string;
  podCIDR?: string;
  /** The kubelet server's port (upstream --port). */
  port?: number;
}

const SUPPORTED = ["pod-max-pids", "max-pods", "cluster-dns", "cluster-domain", "pod-cidr", "port"] as const;

function int(name: string, v: string): number {
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n)) throw new UsageError(`invalid --kubelet-arg ${name}=${v}: want an integer`);
  return n;
}

export function parseKubeletArgs(args: readonly string[]): KubeletArgs {
  const out: KubeletArgs = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const name = (eq < 0 ? arg : arg.slice(0, eq)).replace(/^--/, "");
    const value = eq < 0 ? "" : arg.slice(eq + 1);
    switch (name) {
      case "pod-max-pids": {
        const n = int(name, value);
        if (n > 0) out.podPidsLimit = n;
        break;
      }
      case "max-pods":
        out.maxPods = int(name, value);
        break;
      case "cluster-dns":
        out.clusterDNS = value.split(",").filter(Boolean);
        break;
      case "cluster-domain":
        out.clusterDomain = value;
        break;
      case "pod-cidr":
        out.podCIDR = value;
        break;
      case "port": {
        const n = int(name, value);
        if (n < 1 || n > 65535) throw new UsageError(`invalid --kubelet-arg port=${value}: want 1-65535`);
        out.port = n;
        break;
      }
      default:
        throw new UsageError(`unsupported --kubelet-arg "${name}" (supported: ${SUPPORTED.join(", ")})`);
    }
  }
  return out;
}
