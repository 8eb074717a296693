/**
 * Host programs the process runtime drives (util-linux unshare/nsenter/mount, iproute2
 * ip, a POSIX sh and hostname), resolved once to absolute paths so that a container's
 * own PATH never decides which host binary runs. unshare, nsenter, mount and ip must be
 * the full implementations: busybox applets of the same names lack options the runtime
 * uses (--root, --wd, --setuid; `ip netns`), so a busybox link is skipped for them.
 */
import { accessSync, constants, realpathSync } from "node:fs";
import { basename, join } from "node:path";

export interface HostTools {
  unshare: string;
  nsenter: string;
  sh: string;
  hostname: string;
  mount: string;
  ip: string | null;
}

export class MissingToolError extends Error {}

const SEARCH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

function find(name: string, allowBusybox: boolean): string | null {
  for (const dir of SEARCH) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      if (!allowBusybox && basename(realpathSync(p)).startsWith("busybox")) continue;
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

export function findHostTools(): HostTools {
  const need = (name: string, allowBusybox: boolean): string => {
    const p = find(name, allowBusybox);
    if (!p) throw new MissingToolError(`the process runtime needs "${name}" on the host${allowBusybox ? "" : " (util-linux/iproute2, not a busybox applet)"}`);
    return p;
  };
  return {
    unshare: need("unshare", false),
    nsenter: need("nsenter", false),
    mount: need("mount", false),
    sh: need("sh", true),
    hostname: need("hostname", true),
    ip: find("ip", false),
  };
}
