/**
 * Pod address leases shared by every kubelet on the host (one file per address under
 * /run/kubun/ipam, tmpfs, gone at reboot). A kubelet's own lease directory lives in its
 * data dir, so two data dirs (or a data dir wiped while its pods' namespaces survived)
 * would otherwise hand out the same address twice on one bridge.
 *
 * A lease names the network namespace holding the address, the host end of its veth
 * and the kubelet process that made it. It is live while that namespace exists; a
 * lease whose namespace is gone is free again. Namespaces whose kubelet process died
 * are orphans: `reapOrphans` removes them (their veth leaves the bridge). Addresses
 * found in namespaces that have no lease at all (made before leases existed) are
 * adopted as live leases without an owner, so they are skipped but never deleted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runIp } from "./network.ts";

export const HOST_LEASE_DIR = "/run/kubun/ipam";
const NETNS_DIR = "/run/netns";

export interface HostLease {
  netns: string;
  hostVeth?: string;
  /** The kubelet process; 0 when unknown (adopted). */
  pid: number;
  /** Its start time (/proc/<pid>/stat field 22), against pid reuse. */
  start?: string;
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

export function ownerAlive(l: HostLease): boolean {
  if (l.pid <= 0) return true;
  const start = procStart(l.pid);
  return start !== undefined && (l.start === undefined || l.start === start);
}

export class HostLeases {
  constructor(
    private readonly dir: string = HOST_LEASE_DIR,
    private readonly netnsDir: string = NETNS_DIR,
  ) {}

  private read(ip: string): HostLease | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, ip), "utf8")) as HostLease;
    } catch {
      return undefined;
    }
  }

  /** Whether the lease's namespace exists. */
  private nsExists(l: HostLease): boolean {
    return existsSync(join(this.netnsDir, l.netns));
  }

  /**
   * Whether the address is in use: its namespace exists, or the kubelet that claimed it is
   * still running. A lease is written before its namespace is made, so a claim that only
   * looked for the namespace took over an address another sandbox was setting up at that
   * moment, and two pods got one address. A lease whose owner is gone and whose namespace is
   * gone is free.
   */
  live(l: HostLease): boolean {
    return this.nsExists(l) || (l.pid > 0 && ownerAlive(l));
  }

  /** Takes `ip` for `netns` unless a live namespace holds it. */
  claim(ip: string, netns: string, hostVeth: string): boolean {
    mkdirSync(this.dir, { recursive: true });
    const lease: HostLease = { netns, hostVeth, pid: process.pid, ...(procStart(process.pid) ? { start: procStart(process.pid)! } : {}) };
    const body = JSON.stringify(lease);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(join(this.dir, ip), body, { flag: "wx" });
        return true;
      } catch {
        const cur = this.read(ip);
        // unreadable: being written by another kubelet right now
        if (!cur || this.live(cur)) return false;
        rmSync(join(this.dir, ip), { force: true });
      }
    }
    return false;
  }

  /** Frees `ip` if `netns` holds it. */
  release(ip: string, netns: string): void {
    if (this.read(ip)?.netns === netns) rmSync(join(this.dir, ip), { force: true });
  }

  /** Records addresses of `cidrMatch` found in namespaces without a lease (one `ip` process per namespace). */
  async adoptUnleased(ipBin: string, inCidr: (ip: string) => boolean): Promise<string[]> {
    if (!existsSync(this.netnsDir) || readdirSync(this.netnsDir).length === 0) return [];
    const p = Bun.spawn([ipBin, "-all", "netns", "exec", ipBin, "-o", "-4", "addr", "show", "scope", "global"], { stdout: "pipe", stderr: "ignore" });
    const out = await new Response(p.stdout).text();
    await p.exited;
    mkdirSync(this.dir, { recursive: true });
    const adopted: string[] = [];
    let ns = "";
    for (const line of out.split("\n")) {
      const m = /^netns: (\S+)/.exec(line);
      if (m) {
        ns = m[1]!;
        continue;
      }
      const a = /\sinet (\d+\.\d+\.\d+\.\d+)\//.exec(line);
      if (!a || !ns || !inCidr(a[1]!)) continue;
      const cur = this.read(a[1]!);
      if (cur && this.live(cur)) continue;
      writeFileSync(join(this.dir, a[1]!), JSON.stringify({ netns: ns, pid: 0 } satisfies HostLease));
      adopted.push(a[1]!);
    }
    return adopted;
  }

  /** Deletes namespaces (and host veths) whose kubelet process is gone; returns the addresses freed. */
  async reapOrphans(ipBin: string): Promise<string[]> {
    if (!existsSync(this.dir)) return [];
    const freed: string[] = [];
    for (const ip of readdirSync(this.dir)) {
      const l = this.read(ip);
      if (!l || ownerAlive(l)) continue;
      if (l.hostVeth && existsSync(`/sys/class/net/${l.hostVeth}`)) await runIp([ipBin, "link", "del", l.hostVeth]).catch(() => {});
      if (this.nsExists(l)) await runIp([ipBin, "netns", "delete", l.netns]).catch(() => {});
      if (!this.nsExists(l)) {
        rmSync(join(this.dir, ip), { force: true });
        freed.push(ip);
      }
    }
    return freed;
  }
}
