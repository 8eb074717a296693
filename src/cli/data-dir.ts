/** Default data directories, as k3s chooses them: a system path for root, the home directory otherwise. */
import { homedir } from "node:os";
import { join } from "node:path";

export function defaultDataDir(): string {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return isRoot ? "/var/lib/kubun" : join(homedir(), ".kube", "kubun");
}
