/**
 * Service environment variables, as upstream's kubelet getServiceEnvVarMap and
 * envvars.FromServices: the master service (`kubernetes` in `default`) for every pod,
 * even with enableServiceLinks false, and, when it is true, every Service of the pod's
 * own namespace; only Services with a cluster IP (not "None", not empty, so headless
 * and ExternalName Services give nothing). A same-named Service of the pod's namespace
 * wins over the master service.
 */
import type { Service } from "../api/types.ts";

export const MASTER_NAMESPACE = "default";
const MASTER_SERVICES = new Set(["kubernetes"]);

function ipSet(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return ip !== undefined && ip !== "" && ip !== "None";
}

/** "my-svc" → "MY_SVC". */
function envName(s: string): string {
  return s.replaceAll("-", "_").toUpperCase();
}

/** net.JoinHostPort: IPv6 addresses in brackets. */
function hostPort(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The namespaces whose Services a pod's variables come from. */
export function serviceNamespaces(podNamespace: string, enableServiceLinks: boolean): string[] {
  return enableServiceLinks && podNamespace !== MASTER_NAMESPACE ? [MASTER_NAMESPACE, podNamespace] : [MASTER_NAMESPACE];
}

/** The variables of one Service, in upstream's order (FromServices). */
export function serviceVars(s: Service, out: Map<string, string> = new Map()): Map<string, string> {
  if (!ipSet(s)) return out;
  const ip = s.spec!.clusterIP!;
  const prefix = envName(s.metadata.name ?? "");
  const ports = s.spec?.ports ?? [];
  out.set(`${prefix}_SERVICE_HOST`, ip);
  if (ports.length > 0) {
    const portVar = `${prefix}_SERVICE_PORT`;
    out.set(portVar, String(ports[0]!.port));
    for (const p of ports) if (p.name) out.set(`${portVar}_${envName(p.name)}`, String(p.port));
  }
  // Docker link variables; the first port also gives <NAME>_PORT.
  ports.forEach((p, i) => {
    const proto = p.protocol || "TCP";
    const lower = proto.toLowerCase();
    const url = `${lower}://${hostPort(ip, p.port)}`;
    if (i === 0) out.set(`${prefix}_PORT`, url);
    const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.set(pp, url);
    out.set(`${pp}_PROTO`, lower);
    out.set(`${pp}_PORT`, String(p.port));
    out.set(`${pp}_ADDR`, ip);
  });
  return out;
}

/** The service variables a pod in podNamespace sees, given the Services known to the kubelet. */
export function serviceEnv(services: readonly Service[], podNamespace: string, enableServiceLinks: boolean): Map<string, string> {
  const byName = new Map<string, Service>();
  for (const s of services) {
    if (!ipSet(s)) continue;
    const name = s.metadata.name ?? "";
    const ns = s.metadata.namespace ?? "";
    if (ns === MASTER_NAMESPACE && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, s);
    } else if (ns === podNamespace && enableServiceLinks) byName.set(name, s);
  }
  const out = new Map<string, string>();
  for (const name of [...byName.keys()].sort()) serviceVars(byName.get(name)!, out);
  return out;
}
