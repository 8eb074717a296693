import type { Service, ServicePort } from "../types/index.ts";
import { isDNS1123Subdomain } from "./names.ts";
import { isValidPortName, isValidPortNum } from "./names.ts";
import { duplicate, forbidden, invalid, notSupported, Path, required, type FieldError } from "./field-error.ts";
import { GoValue, goStrings } from "./go-values.ts";
import { arr } from "./helpers.ts";
import { validateLabels } from "./object-meta.ts";
import { SUPPORTED_PORT_PROTOCOLS, validateDNS1123Label } from "./container.ts";

/** core/v1 Service rules (ValidateService / ValidateServiceUpdate). */

const SPEC = Path.root("spec");
const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const SESSION_AFFINITIES = ["ClientIP", "None"];

/** The effective clusterIPs: spec.clusterIPs, or [spec.clusterIP] as v1 conversion fills it. */
export function clusterIPsOf(svc: Service): string[] {
  const ips = arr<string>(svc.spec?.clusterIPs);
  if (ips.length) return ips;
  return svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
}

const isHeadless = (svc: Service) => clusterIPsOf(svc)[0] === "None";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export function isValidIP(ip: string): boolean {
  if (IPV4.test(ip)) return true;
  if (!ip.includes(":")) return false;
  try {
    return new URL(`http://[${ip}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

function goServicePortKey(protocol: string, port: number): GoValue {
  return new GoValue(
    `core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
    { protocol, port },
  );
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !sp.name) errs.push(required(path.child("name"), ""));
  else if (sp.name) {
    errs.push(...validateDNS1123Label(sp.name, path.child("name")));
    if (names.has(sp.name)) errs.push(duplicate(path.child("name"), sp.name));
    else names.add(sp.name);
  }
  for (const m of isValidPortNum(sp.port ?? 0)) errs.push(invalid(path.child("port"), sp.port ?? 0, m));
  if (!sp.protocol) errs.push(required(path.child("protocol"), ""));
  else if (!(SUPPORTED_PORT_PROTOCOLS as readonly string[]).includes(sp.protocol)) errs.push(notSupported(path.child("protocol"), sp.protocol, SUPPORTED_PORT_PROTOCOLS));
  const tp = sp.targetPort;
  if (typeof tp === "number") for (const m of isValidPortNum(tp)) errs.push(invalid(path.child("targetPort"), tp, m));
  else if (typeof tp === "string") for (const m of isValidPortName(tp)) errs.push(invalid(path.child("targetPort"), tp, m));
  if (sp.nodePort !== undefined && sp.nodePort !== 0) for (const m of isValidPortNum(sp.nodePort)) errs.push(invalid(path.child("nodePort"), sp.nodePort, m));
  return errs;
}

export function validateServiceSpec(svc: Service): FieldError[] {
  const spec = svc.spec ?? ({} as NonNullable<Service["spec"]>);
  const errs: FieldError[] = [];
  const ports = arr<ServicePort>(spec.ports);
  const type = spec.type ?? "";
  const ips = clusterIPsOf(svc);
  if (ports.length === 0 && !isHeadless(svc) && type !== "ExternalName") errs.push(required(SPEC.child("ports"), ""));
  if (type === "LoadBalancer" && isHeadless(svc)) errs.push(invalid(SPEC.child("clusterIPs").index(0), ips[0], "may not be set to 'None' for LoadBalancer services"));
  if (type === "NodePort" && isHeadless(svc)) errs.push(invalid(SPEC.child("clusterIPs").index(0), ips[0], "may not be set to 'None' for NodePort services"));
  if (type === "ExternalName") {
    if (ips.length > 0) errs.push(forbidden(SPEC.child("clusterIPs"), "may not be set for ExternalName services"));
    const cname = (spec.externalName ?? "").replace(/\.$/, "");
    if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(invalid(SPEC.child("externalName"), cname, m));
    else errs.push(required(SPEC.child("externalName"), ""));
  } else {
    ips.forEach((ip, i) => {
      if (ip !== "None" && ip !== "" && !isValidIP(ip)) errs.push(invalid(SPEC.child("clusterIPs").index(i), ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    });
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, SPEC.child("ports").index(i))));
  if (spec.selector) errs.push(...validateLabels(spec.selector, SPEC.child("selector")));
  if (!spec.sessionAffinity) errs.push(required(SPEC.child("sessionAffinity"), ""));
  else if (!SESSION_AFFINITIES.includes(spec.sessionAffinity)) errs.push(notSupported(SPEC.child("sessionAffinity"), spec.sessionAffinity, SESSION_AFFINITIES));
  if (!type) errs.push(required(SPEC.child("type"), ""));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported(SPEC.child("type"), type, SERVICE_TYPES));
  if (type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(forbidden(SPEC.child("ports").index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(SPEC.child("ports").index(i).child("nodePort"), p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(duplicate(SPEC.child("ports").index(i), goServicePortKey(p.protocol ?? "", p.port ?? 0)));
    seen.add(key);
  });
  for (const f of ["externalTrafficPolicy", "internalTrafficPolicy"] as const) {
    const v = spec[f];
    if (v !== undefined && v !== "Cluster" && v !== "Local") errs.push(notSupported(SPEC.child(f), v, ["Cluster", "Local"]));
  }
  if (spec.ipFamilyPolicy !== undefined && !["SingleStack", "PreferDualStack", "RequireDualStack"].includes(spec.ipFamilyPolicy))
    errs.push(notSupported(SPEC.child("ipFamilyPolicy"), spec.ipFamilyPolicy, ["SingleStack", "PreferDualStack", "RequireDualStack"]));
  return errs;
}

/** ClusterIPs may be added or released but never changed, except to or from ExternalName. */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  if (svc.spec?.type === "ExternalName" || old.spec?.type === "ExternalName") return [];
  if (isHeadless(svc) && isHeadless(old)) return [];
  const next = clusterIPsOf(svc);
  const prev = clusterIPsOf(old);
  const p = SPEC.child("clusterIPs").index(0);
  const value = new GoValue(goStrings(next), next);
  const errs: FieldError[] = [];
  if (prev.length === next.length) {
    prev.forEach((ip, i) => {
      if (ip !== next[i]) errs.push(invalid(p, value, "may not change once set"));
    });
  } else if (prev.length > next.length) {
    if (next.length === 0) errs.push(invalid(p, value, "primary clusterIP can not be unset"));
    else if (next[0] !== prev[0]) errs.push(invalid(p, value, "may not change once set"));
  } else if (prev.length > 0 && next[0] !== prev[0]) {
    errs.push(invalid(p, value, "may not change once set"));
  }
  return errs;
}
