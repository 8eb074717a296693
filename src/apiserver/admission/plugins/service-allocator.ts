/**
 * Allocation of service cluster IPs (from the service CIDR, first address reserved for the
 * "kubernetes" service) and node ports (30000-32767), as upstream's service REST does on
 * create, and node ports for services changed to NodePort/LoadBalancer. Addresses in use
 * come from the service cache plus those handed out and not yet seen there.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import { errors } from "../../http/status.ts";
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin } from "../types.ts";

export const DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

interface ServicePort {
  port?: number;
  nodePort?: number;
  protocol?: string;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

function ipToInt(ip: string): number {
  const p = ip.split(".").map(Number);
  return ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!;
}

function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split("/");
  const b = Number(bits);
  if (!ip || !Number.isInteger(b) || b < 8 || b > 30) throw new Error(`invalid service CIDR ${cidr}`);
  const size = 2 ** (32 - b);
  return { base: (ipToInt(ip) & ~(size - 1)) >>> 0, size };
}

/** The address of the "kubernetes" service: the first of the range. */
export function apiServiceIP(cidr = DEFAULT_SERVICE_CIDR): string {
  return intToIp(parseCidr(cidr).base + 1);
}

export class ServiceAllocator implements MutatingPlugin {
  readonly name = "ServiceAllocator";
  readonly operations = ["CREATE", "UPDATE"] as const;
  private readonly range: { base: number; size: number };
  /** Handed out recently (they may not be in the cache yet). */
  private readonly pendingIPs = new Map<string, number>();
  private readonly pendingPorts = new Map<number, number>();
  private nextIP = 2;
  private nextPort = NODE_PORT_MIN;

  constructor(cidr = DEFAULT_SERVICE_CIDR) {
    this.range = parseCidr(cidr);
  }

  admit(a: AdmissionAttributes, lookup: AdmissionLookup): void {
    if (a.resource.group !== "" || a.resource.plural !== "services" || a.subresource !== "" || !a.object) return;
    const spec = ((a.object["spec"] ??= {}) as ServiceSpec);
    const type = spec.type ?? "ClusterIP";
    if (type === "ExternalName") return;
    const services = lookup.list("", "services");
    const now = Date.now();
    if (a.operation === "CREATE" && (!spec.clusterIP || spec.clusterIP === "")) {
      const ip = this.allocateIP(services, now);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    } else if (a.operation === "CREATE" && spec.clusterIP && spec.clusterIP !== "None") {
      if (services.some((s) => s.metadata.uid !== a.object!.metadata.uid && (s["spec"] as ServiceSpec | undefined)?.clusterIP === spec.clusterIP)) {
        throw errors.invalid("", "Service", a.name, `Service "${a.name}" is invalid: spec.clusterIPs: Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`, [
          { reason: "FieldValueInvalid", message: `Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`, field: "spec.clusterIPs" },
        ]);
      }
    }
    if (type === "NodePort" || type === "LoadBalancer") {
      for (const p of spec.ports ?? []) if (!p.nodePort) p.nodePort = this.allocatePort(services, now, a.object);
    }
  }

  private allocateIP(services: KubeObject[], now: number): string {
    const used = new Set<string>();
    for (const s of services) {
      const sp = s["spec"] as ServiceSpec | undefined;
      for (const ip of sp?.clusterIPs ?? (sp?.clusterIP ? [sp.clusterIP] : [])) used.add(ip);
    }
    for (const [ip, at] of this.pendingIPs) if (now - at > 60_000) this.pendingIPs.delete(ip);
    for (let i = 0; i < this.range.size - 2; i++) {
      const off = 2 + ((this.nextIP - 2 + i) % (this.range.size - 3));
      const ip = intToIp(this.range.base + off);
      if (used.has(ip) || this.pendingIPs.has(ip)) continue;
      this.nextIP = off + 1;
      this.pendingIPs.set(ip, now);
      return ip;
    }
    throw errors.internal("failed to allocate a serviceIP: range is full");
  }

  private allocatePort(services: KubeObject[], now: number, self: KubeObject): number {
    const used = new Set<number>();
    for (const s of [...services, self]) for (const p of ((s["spec"] as ServiceSpec | undefined)?.ports ?? [])) if (p.nodePort) used.add(p.nodePort);
    for (const [port, at] of this.pendingPorts) if (now - at > 60_000) this.pendingPorts.delete(port);
    const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    for (let i = 0; i < span; i++) {
      const port = NODE_PORT_MIN + ((this.nextPort - NODE_PORT_MIN + i) % span);
      if (used.has(port) || this.pendingPorts.has(port)) continue;
      this.nextPort = port + 1;
      this.pendingPorts.set(port, now);
      return port;
    }
    throw errors.internal("failed to allocate a nodePort: range is full");
  }
}
