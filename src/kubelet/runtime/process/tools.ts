/**
 * Host programs the process runtime drives (util-linux unshare/nsenter, iproute2 ip,
 * a POSIX sh and hostname), resolved once to absolute paths so that a container's own
 * PATH never decides which host binary runs.
 */
export interface HostTools {
  unshare: string;
  nsenter: string;
  sh: string;
  hostname: string;
  mount: string;
  ip: string | null;
}

export class MissingToolError extends Error {}

export function findHostTools(): HostTools {
  const path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  const need = (name: string): string => {
    const p = Bun.which(name, { PATH: path });
    if (!p) throw new MissingToolError(`the process runtime needs "${name}" on the host (util-linux/hostname)`);
    return p;
  };
  return { unshare: need("unshare"), nsenter: need("nsenter"), sh: need("sh"), hostname: need("hostname"), mount: need("mount"), ip: Bun.which("ip", { PATH: path }) };
}
