/**
 * A bridge pod network (what the CNI bridge plugin does): a host bridge holding the
 * first address of the node's pod CIDR, one veth pair per pod (host end on the
 * bridge, pod end renamed eth0 inside the pod's namespace), addresses handed out from
 * the CIDR and recorded one file per address. Pods reach each other and the node;
 * the node reaches every pod IP (probes, port-forward, services). No NAT to outside.
 *
 * Addresses are also leased host-wide (host-leases.ts): an address still held by a pod
 * namespace of another kubelet, of an earlier data dir, or of a kubelet that died, is
 * skipped, and namespaces of dead kubelets are removed at init.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HostLeases } from "./host-leases.ts";
import { type PodNetwork, runIp as run } from "./network.ts";

export interface BridgeOptions {
  /** IPv4 pod CIDR of this node, e.g. "10.42.0.0/24". */
  cidr: string;
  bridge?: string;
  /** Directory of address leases. */
  stateDir: string;
  ip: string;
  /** Host-wide leases; default /run/kubun/ipam. */
  hostLeases?: HostLeases;
}

export function parseCidr(cidr: string): { base: number; prefix: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid IPv4 CIDR ${cidr}`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix < 8 || prefix > 30) throw new Error(`unsupported CIDR ${cidr}`);
  const ip = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (ip & mask) >>> 0, prefix };
}

export function ipNumber(ip: string): number {
  const o = ip.split(".").map(Number);
  return ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

export function ipString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export class BridgeNetwork implements PodNetwork {
  readonly name = "bridge";
  readonly bridge: string;
  readonly gateway: string;
  private readonly base: number;
  private readonly prefix: number;
  readonly leases: HostLeases;

  constructor(private readonly opts: BridgeOptions) {
    this.leases = opts.hostLeases ?? new HostLeases();
    this.bridge = opts.bridge ?? "kubun0";
    const { base, prefix } = parseCidr(opts.cidr);
    this.base = base;
    this.prefix = prefix;
    this.gateway = ipString(base + 1);
  }

  /** Creates (or reuses) the bridge and clears leases of a previous run. */
  async init(): Promise<void> {
    rmSync(this.opts.stateDir, { recursive: true, force: true });
    mkdirSync(this.opts.stateDir, { recursive: true });
    if (!existsSync(`/sys/class/net/${this.bridge}`)) await run([this.opts.ip, "link", "add", this.bridge, "type", "bridge"]);
    const addrs = await new Response(Bun.spawn([this.opts.ip, "-o", "-4", "addr", "show", "dev", this.bridge]).stdout).text();
    if (!addrs.includes(` ${this.gateway}/`)) await run([this.opts.ip, "addr", "add", `${this.gateway}/${this.prefix}`, "dev", this.bridge]);
    await run([this.opts.ip, "link", "set", this.bridge, "up"]);
    await this.leases.reapOrphans(this.opts.ip);
    await this.leases.adoptUnleased(this.opts.ip, (ip) => this.contains(ip));
  }

  contains(ip: string): boolean {
    const mask = (0xffffffff << (32 - this.prefix)) >>> 0;
    return ((ipNumber(ip) & mask) >>> 0) === this.base;
  }

  /** Deletes the bridge (tests). */
  async destroy(): Promise<void> {
    if (existsSync(`/sys/class/net/${this.bridge}`)) await run([this.opts.ip, "link", "del", this.bridge]);
    rmSync(this.opts.stateDir, { recursive: true, force: true });
  }

  private allocate(sandboxId: string, ns: string, hostVeth: string): string {
    const size = 2 ** (32 - this.prefix);
    for (let i = 2; i < size - 1; i++) {
      const ip = ipString(this.base + i);
      if (!this.leases.claim(ip, ns, hostVeth)) continue;
      writeFileSync(join(this.opts.stateDir, ip), sandboxId);
      return ip;
    }
    throw new Error(`no free address left in ${this.opts.cidr}`);
  }

  private release(sandboxId: string, ns: string): void {
    for (const f of readdirSync(this.opts.stateDir)) {
      try {
        if (readFileSync(join(this.opts.stateDir, f), "utf8") !== sandboxId) continue;
        rmSync(join(this.opts.stateDir, f));
        this.leases.release(f, ns);
      } catch {
        // raced with another release
      }
    }
  }

  /** Two spawns: the host side (namespace, veth pair, bridge port) and the pod side. */
  async setUp(sandboxId: string, ns: string): Promise<{ ip?: string }> {
    const host = `vk${sandboxId.slice(0, 12)}`;
    const peer = `vp${sandboxId.slice(0, 12)}`;
    const ip = this.allocate(sandboxId, ns, host);
    try {
      await run(
        [this.opts.ip, "-batch", "-"],
        [`netns add ${ns}`, `link add ${host} type veth peer name ${peer}`, `link set ${peer} netns ${ns}`, `link set ${host} master ${this.bridge}`, `link set ${host} up`, ""].join("\n"),
      );
      await run(
        [this.opts.ip, "-n", ns, "-batch", "-"],
        ["link set lo up", `link set ${peer} name eth0`, `addr add ${ip}/${this.prefix} dev eth0`, "link set eth0 up", `route add default via ${this.gateway}`, ""].join("\n"),
      );
      return { ip };
    } catch (e) {
      await run([this.opts.ip, "link", "del", host]).catch(() => {});
      this.release(sandboxId, ns);
      throw e;
    }
  }

  /**
   * Removes the veth pair (the pod's eth0 goes with it), then frees the address. The runtime
   * deletes the namespace first, and the kernel then destroys its veths on its own: one that
   * vanishes between the check and the delete is gone all the same.
   */
  async tearDown(sandboxId: string, ns: string): Promise<void> {
    const host = `vk${sandboxId.slice(0, 12)}`;
    if (existsSync(`/sys/class/net/${host}`)) {
      await run([this.opts.ip, "link", "del", host]).catch((e: unknown) => {
        if (existsSync(`/sys/class/net/${host}`)) throw e;
      });
    }
    this.release(sandboxId, ns);
  }
}
