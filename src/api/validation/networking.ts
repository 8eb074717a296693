import type { ObjectMeta } from "../meta/types.ts";
import { isDNS1035Label, isDNS1123Label, isWildcardDNS1123Subdomain } from "../names/dns.ts";
import { validateNamespaceName, validatePathSegmentName } from "../names/object-names.ts";
import { regexError } from "../names/messages.ts";
import type {
  HTTPIngressPath,
  Ingress,
  IngressBackend,
  IngressClass,
  IngressClassParametersReference,
  IngressRule,
  IngressSpec,
  IPBlock,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from "../types/index.ts";
import { netContains, parseCIDRSloppy } from "./cidr.ts";
import { forbidden, goQuote, invalid, notSupported, Path, required, tooLong, type FieldError } from "./field-error.ts";
import { GoValue } from "./go-values.ts";
import { arr, isObj } from "./helpers.ts";
import { validateLabelSelector } from "./label-selector.ts";
import { isDNS1123Subdomain, isValidPortName, isValidPortNum } from "./names.ts";
import { validateImmutable, validateObjectMetaUpdate } from "./object-meta.ts";

/**
 * networking.k8s.io/v1 Ingress, IngressClass and NetworkPolicy rules (upstream
 * pkg/apis/networking/validation: ValidateIngressCreate/Update, ValidateIngressStatusUpdate,
 * ValidateIngressClass/Update, ValidateNetworkPolicy/Update), with upstream's messages and
 * field paths. Metadata is checked by the caller, as for every kind.
 */

const SPEC = Path.root("spec");
const ANNOTATION_INGRESS_CLASS = "kubernetes.io/ingress.class";
const MAX_LEN_INGRESS_CLASS_CONTROLLER = 250;
// sets.String.List() order, as upstream prints them in "supported values".
const SUPPORTED_PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_PATH_SUFFIXES = ["/..", "/."];
const PARAMETERS_SCOPES = ["Cluster", "Namespace"];
const NOT_AN_IP = "must be a DNS name, not an IP address";
const INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

/**
 * netutils.ParseIPSloppy succeeds: dotted IPv4 (leading zeros allowed, as the sloppy
 * parser and the legacy fields accept them) or IPv6. StrictIPCIDRValidation is alpha and
 * off in 1.34, so nothing stricter applies.
 */
export function isSloppyIP(s: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255);
  if (!s.includes(":") || /[^0-9A-Fa-f:.]/.test(s)) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

interface IngressOptions {
  /** Keep accepting TLS secret names that an older object already stored. */
  allowInvalidSecretName: boolean;
  /** Skip rule-value checks under wildcard hosts when the stored object had invalid ones. */
  allowInvalidWildcardHostRule: boolean;
  /** Backend service names as DNS-1123 labels rather than DNS-1035 (RelaxedServiceNameValidation, alpha and off in 1.34, or grandfathered). */
  allowRelaxedServiceNameValidation: boolean;
}

function validateTLSSecretName(name: string | undefined): string[] {
  return name ? isDNS1123Subdomain(name) : [];
}

const asSpec = (o: Ingress): IngressSpec => (isObj(o.spec) ? o.spec : {});

/** Hosts with a '*' are checked as wildcards, the rest as plain subdomains. */
function hostErrors(host: string): string[] {
  return host.includes("*") ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
}

function validateBackend(backend: IngressBackend, path: Path, opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  const resource = backend.resource ?? undefined;
  const service = backend.service ?? undefined;
  if (resource && service) return [invalid(path, "", "cannot set both resource and service backends")];
  if (resource) return validateTypedLocalObjectReference(resource, path.child("resource"));
  if (!service) return [invalid(path, "", "resource or service backend is required")];
  if (!service.name) errs.push(required(path.child("service", "name"), ""));
  else {
    const check = opts.allowRelaxedServiceNameValidation ? isDNS1123Label : isDNS1035Label;
    for (const msg of check(service.name)) errs.push(invalid(path.child("service", "name"), service.name, msg));
  }
  const portName = service.port?.name ?? "";
  const portNumber = service.port?.number ?? 0;
  if (portName && portNumber !== 0) errs.push(invalid(path, "", "cannot set both port name & port number"));
  else if (portName) for (const msg of isValidPortName(portName)) errs.push(invalid(path.child("service", "port", "name"), portName, msg));
  else if (portNumber !== 0) for (const msg of isValidPortNum(portNumber)) errs.push(invalid(path.child("service", "port", "number"), portNumber, msg));
  else errs.push(required(path, "port name or number is required"));
  return errs;
}

function validateTypedLocalObjectReference(ref: { apiGroup?: string; kind?: string; name?: string }, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (ref.apiGroup !== undefined && ref.apiGroup !== null) for (const msg of isDNS1123Subdomain(ref.apiGroup)) errs.push(invalid(path.child("apiGroup"), ref.apiGroup, msg));
  if (!ref.kind) errs.push(required(path.child("kind"), ""));
  else for (const msg of validatePathSegmentName(ref.kind, false)) errs.push(invalid(path.child("kind"), ref.kind, msg));
  if (!ref.name) errs.push(required(path.child("name"), ""));
  else for (const msg of validatePathSegmentName(ref.name, false)) errs.push(invalid(path.child("name"), ref.name, msg));
  return errs;
}

function validateHTTPPath(p: HTTPIngressPath, path: Path, opts: IngressOptions): FieldError[] {
  // A missing pathType stops here: upstream reports nothing else about the path.
  if (p.pathType === undefined || p.pathType === null) return [required(path.child("pathType"), "pathType must be specified")];
  const errs: FieldError[] = [];
  const value = p.path ?? "";
  const pathType = p.pathType as string;
  if (pathType === "Exact" || pathType === "Prefix") {
    if (!value.startsWith("/")) errs.push(invalid(path.child("path"), value, "must be an absolute path"));
    if (value.length > 0) {
      for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(path.child("path"), value, `must not contain '${seq}'`));
      for (const suffix of INVALID_PATH_SUFFIXES) if (value.endsWith(suffix)) errs.push(invalid(path.child("path"), value, `cannot end with '${suffix}'`));
    }
  } else if (pathType === "ImplementationSpecific") {
    if (value.length > 0 && !value.startsWith("/")) errs.push(invalid(path.child("path"), value, "must be an absolute path"));
  } else {
    errs.push(notSupported(path.child("pathType"), pathType, SUPPORTED_PATH_TYPES));
  }
  errs.push(...validateBackend(isObj(p.backend) ? p.backend : {}, path.child("backend"), opts));
  return errs;
}

function validateRuleValue(rule: IngressRule, path: Path, opts: IngressOptions): FieldError[] {
  if (!isObj(rule.http)) return [];
  const http = path.child("http");
  const paths = arr<HTTPIngressPath>(rule.http.paths);
  const errs: FieldError[] = [];
  if (paths.length === 0) errs.push(required(http.child("paths"), ""));
  paths.forEach((p, i) => errs.push(...validateHTTPPath(isObj(p) ? p : ({} as HTTPIngressPath), http.child("paths").index(i), opts)));
  return errs;
}

function validateRules(rules: IngressRule[], path: Path, opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const host = rule.host ?? "";
    let wildcard = false;
    if (host) {
      if (isSloppyIP(host)) errs.push(invalid(path.index(i).child("host"), host, NOT_AN_IP));
      wildcard = host.includes("*");
      for (const msg of hostErrors(host)) errs.push(invalid(path.index(i).child("host"), host, msg));
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) errs.push(...validateRuleValue(rule, path.index(i), opts));
  });
  return errs;
}

function validateIngressSpec(spec: IngressSpec, opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  const rules = arr<IngressRule>(spec.rules).map((r) => (isObj(r) ? r : {}));
  const defaultBackend = isObj(spec.defaultBackend) ? spec.defaultBackend : undefined;
  if (rules.length === 0 && !defaultBackend) {
    // Upstream prints the empty rules slice with %#v.
    const shown = Array.isArray(spec.rules) ? new GoValue("[]networking.IngressRule{}", []) : new GoValue("[]networking.IngressRule(nil)", null);
    errs.push(invalid(SPEC, shown, "either `defaultBackend` or `rules` must be specified"));
  }
  if (defaultBackend) errs.push(...validateBackend(defaultBackend, SPEC.child("defaultBackend"), opts));
  if (rules.length > 0) errs.push(...validateRules(rules, SPEC.child("rules"), opts));
  arr<{ hosts?: string[]; secretName?: string }>(spec.tls).forEach((tls, i) => {
    const at = SPEC.child("tls").index(i);
    arr<string>(tls?.hosts).forEach((host, j) => {
      for (const msg of hostErrors(host)) errs.push(invalid(at.child("hosts").index(j), host, msg));
    });
    if (!opts.allowInvalidSecretName) for (const msg of validateTLSSecretName(tls?.secretName)) errs.push(invalid(at.child("secretName"), tls.secretName, msg));
  });
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) {
    for (const msg of isDNS1123Subdomain(spec.ingressClassName)) errs.push(invalid(SPEC.child("ingressClassName"), spec.ingressClassName, msg));
  }
  return errs;
}

/** Names valid as DNS-1123 labels but not DNS-1035 ones ("1svc") stored before stay accepted on update. */
function hasRelaxedServiceName(old: Ingress | undefined): boolean {
  if (!old) return false;
  const relaxed = (name: string | undefined) => !!name && isDNS1123Label(name).length === 0 && isDNS1035Label(name).length > 0;
  const spec = asSpec(old);
  if (relaxed(spec.defaultBackend?.service?.name)) return true;
  return arr<IngressRule>(spec.rules).some((r) => arr<HTTPIngressPath>(r?.http?.paths).some((p) => relaxed(p?.backend?.service?.name)));
}

function optionsFor(old: Ingress | undefined): IngressOptions {
  const strict: IngressOptions = { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false, allowRelaxedServiceNameValidation: false };
  if (!old) return strict;
  const spec = asSpec(old);
  return {
    allowInvalidSecretName: arr<{ secretName?: string }>(spec.tls).some((t) => validateTLSSecretName(t?.secretName).length > 0),
    allowInvalidWildcardHostRule: arr<IngressRule>(spec.rules).some((r) => (r?.host ?? "").includes("*") && validateRuleValue(r, Path.root(), strict).length > 0),
    allowRelaxedServiceNameValidation: hasRelaxedServiceName(old),
  };
}

/** ValidateIngressCreate: the spec, and the deprecated class annotation must agree with ingressClassName. */
export function validateIngressCreate(ing: Ingress): FieldError[] {
  const errs = validateIngressSpec(asSpec(ing), optionsFor(undefined));
  const annotation = ing.metadata?.annotations?.[ANNOTATION_INGRESS_CLASS];
  const className = asSpec(ing).ingressClassName;
  if (annotation !== undefined && className !== undefined && className !== null && annotation !== className) {
    errs.push(invalid(Path.root("annotations").child(ANNOTATION_INGRESS_CLASS), annotation, "must match `ingressClassName` when both are specified"));
  }
  return errs;
}

/** ValidateIngressUpdate (less metadata): the spec, grandfathering what the stored object already had. */
export function validateIngressUpdate(ing: Ingress, old: Ingress): FieldError[] {
  return validateIngressSpec(asSpec(ing), optionsFor(old));
}

/** ValidateIngressStatusUpdate: metadata, then status.loadBalancer ingress points. */
export function validateIngressStatusUpdate(ing: Ingress, old: Ingress): FieldError[] {
  const errs = validateObjectMetaUpdate(ing.metadata ?? ({} as ObjectMeta), old.metadata ?? ({} as ObjectMeta));
  const lb = Path.root("status").child("loadBalancer");
  arr<{ ip?: string; hostname?: string }>(ing.status?.loadBalancer?.ingress).forEach((point, i) => {
    const at = lb.child("ingress").index(i);
    const ip = point?.ip ?? "";
    const hostname = point?.hostname ?? "";
    if (ip && !isSloppyIP(ip)) errs.push(invalid(at.child("ip"), ip, INVALID_IP));
    if (hostname) {
      for (const msg of isDNS1123Subdomain(hostname)) errs.push(invalid(at.child("hostname"), hostname, msg));
      if (isSloppyIP(hostname)) errs.push(invalid(at.child("hostname"), hostname, NOT_AN_IP));
    }
  });
  return errs;
}

// IsDomainPrefixedPath: RFC 3986 path characters after the first '/'.
const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPath = new RegExp(`^${HTTP_PATH_FMT}$`);

/** IsDomainPrefixedPath: "acme.io/foo", a DNS subdomain, '/', then a non-empty HTTP path. */
export function validateDomainPrefixedPath(value: string, path: Path): FieldError[] {
  if (!value) return [required(path, "")];
  const slash = value.indexOf("/");
  const host = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? "" : value.slice(slash + 1);
  if (slash < 0 || !host || !rest) return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = isDNS1123Subdomain(host).map((msg) => invalid(path, host, msg));
  if (!httpPath.test(rest)) errs.push(invalid(path, rest, regexError("Invalid path", HTTP_PATH_FMT)));
  return errs;
}

function validateParametersReference(params: IngressClassParametersReference | undefined, path: Path): FieldError[] {
  if (!isObj(params)) return [];
  const errs = validateTypedLocalObjectReference(params, path);
  if (params.scope === undefined || params.scope === null) {
    errs.push(required(path.child("scope"), ""));
    return errs;
  }
  if (!PARAMETERS_SCOPES.includes(params.scope)) {
    errs.push(notSupported(path.child("scope"), params.scope, PARAMETERS_SCOPES));
    return errs;
  }
  const ns = params.namespace;
  if (params.scope === "Namespace") {
    if (ns === undefined || ns === null) errs.push(required(path.child("namespace"), "`parameters.scope` is set to 'Namespace'"));
    else for (const msg of validateNamespaceName(ns, false)) errs.push(invalid(path.child("namespace"), ns, msg));
  }
  if (params.scope === "Cluster" && ns !== undefined && ns !== null) errs.push(forbidden(path.child("namespace"), "`parameters.scope` is set to 'Cluster'"));
  return errs;
}

/** ValidateIngressClass (less metadata): controller a domain-prefixed path of at most 250 bytes; parameters. */
export function validateIngressClass(ic: IngressClass): FieldError[] {
  const spec = isObj(ic.spec) ? ic.spec : {};
  const errs: FieldError[] = [];
  const controller = spec.controller ?? "";
  if (!controller) errs.push(required(SPEC.child("controller"), ""));
  else {
    if (new TextEncoder().encode(controller).length > MAX_LEN_INGRESS_CLASS_CONTROLLER) errs.push(tooLong(SPEC.child("controller"), "", MAX_LEN_INGRESS_CLASS_CONTROLLER));
    errs.push(...validateDomainPrefixedPath(controller, SPEC.child("controller")));
  }
  errs.push(...validateParametersReference(spec.parameters, SPEC.child("parameters")));
  return errs;
}

/** ValidateIngressClassUpdate (less metadata): the controller is immutable, then the class rules. */
export function validateIngressClassUpdate(ic: IngressClass, old: IngressClass): FieldError[] {
  const controller = (c: IngressClass) => (isObj(c.spec) ? (c.spec.controller ?? "") : "");
  return [...validateImmutable(controller(ic), controller(old), SPEC.child("controller")), ...validateIngressClass(ic)];
}

// --- NetworkPolicy -------------------------------------------------------------------

const PROTOCOLS = ["TCP", "UDP", "SCTP"];
const POLICY_TYPES = ["Ingress", "Egress"];
const INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

interface NetworkPolicyOptions {
  /** CIDRs the stored policy already had: accepted without a second look (AllowCIDRsEvenIfInvalid). */
  allowCIDRs: readonly string[];
}

/** ValidateNetworkPolicyPort: protocol, then port (number or IANA name), then endPort against port. */
function validateNetworkPolicyPort(port: NetworkPolicyPort, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const protocol = port.protocol as string | undefined | null;
  if (protocol !== undefined && protocol !== null && !PROTOCOLS.includes(protocol)) errs.push(notSupported(path.child("protocol"), protocol, PROTOCOLS));
  const endPort = port.endPort ?? undefined;
  const value = port.port ?? undefined;
  if (value === undefined) {
    if (endPort !== undefined) errs.push(invalid(path.child("endPort"), endPort, "may not be specified when `port` is not specified"));
  } else if (typeof value === "number") {
    for (const msg of isValidPortNum(value)) errs.push(invalid(path.child("port"), value, msg));
    if (endPort !== undefined) {
      if (endPort < value) errs.push(invalid(path.child("endPort"), endPort, "must be greater than or equal to `port`"));
      for (const msg of isValidPortNum(endPort)) errs.push(invalid(path.child("endPort"), endPort, msg));
    }
  } else {
    if (endPort !== undefined) errs.push(invalid(path.child("endPort"), endPort, "may not be specified when `port` is non-numeric"));
    for (const msg of isValidPortName(value)) errs.push(invalid(path.child("port"), value, msg));
  }
  return errs;
}

/** IsValidCIDRForLegacyField (StrictIPCIDRValidation is alpha and off in 1.34): sloppy parsing only. */
function cidrErrors(value: string, path: Path, opts: NetworkPolicyOptions): FieldError[] {
  if (opts.allowCIDRs.includes(value) || parseCIDRSloppy(value)) return [];
  return [invalid(path, value, INVALID_CIDR)];
}

/** ValidateIPBlock: cidr required and a CIDR; each except a CIDR strictly inside it. */
function validateIPBlock(block: IPBlock, path: Path, opts: NetworkPolicyOptions): FieldError[] {
  const cidr = block.cidr ?? "";
  if (!cidr) return [required(path.child("cidr"), "")];
  const errs = cidrErrors(cidr, path.child("cidr"), opts);
  const outer = parseCIDRSloppy(cidr);
  if (!outer) return errs;
  arr<string>(block.except).forEach((except, i) => {
    const at = path.child("except").index(i);
    errs.push(...cidrErrors(except, at, opts));
    const inner = parseCIDRSloppy(except);
    if (!inner) return;
    if (!netContains(outer, inner.ip) || outer.prefix >= inner.prefix) errs.push(invalid(at, except, "must be a strict subset of `cidr`"));
  });
  return errs;
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** ValidateNetworkPolicyPeer: at least one of the selectors or ipBlock, and ipBlock alone. */
function validateNetworkPolicyPeer(peer: NetworkPolicyPeer, path: Path, opts: NetworkPolicyOptions): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (present(peer.podSelector)) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, path.child("podSelector")));
  }
  if (present(peer.namespaceSelector)) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, path.child("namespaceSelector")));
  }
  if (present(peer.ipBlock)) {
    peers++;
    errs.push(...validateIPBlock(isObj(peer.ipBlock) ? peer.ipBlock : ({} as IPBlock), path.child("ipBlock"), opts));
  }
  if (peers === 0) errs.push(required(path, "must specify a peer"));
  else if (peers > 1 && present(peer.ipBlock)) errs.push(forbidden(path, "may not specify both ipBlock and another peer"));
  return errs;
}

/** The rules of one direction: each rule's ports, then its peers (from or to). */
function validatePolicyRules(rules: unknown, path: Path, peersKey: "from" | "to", opts: NetworkPolicyOptions): FieldError[] {
  const errs: FieldError[] = [];
  arr<Record<string, unknown>>(rules).forEach((rule, i) => {
    const at = path.index(i);
    const r = isObj(rule) ? rule : {};
    arr<NetworkPolicyPort>(r["ports"]).forEach((port, j) => errs.push(...validateNetworkPolicyPort(isObj(port) ? port : {}, at.child("ports").index(j))));
    arr<NetworkPolicyPeer>(r[peersKey]).forEach((peer, j) => errs.push(...validateNetworkPolicyPeer(isObj(peer) ? peer : {}, at.child(peersKey).index(j), opts)));
  });
  return errs;
}

/** Go's %#v of a []networking.PolicyType, as upstream prints the whole list. */
function goPolicyTypes(types: readonly string[]): GoValue {
  return new GoValue(`[]networking.PolicyType{${types.map((t) => goQuote(String(t))).join(", ")}}`, types);
}

/** ValidateNetworkPolicySpec: podSelector, ingress and egress rules, then policyTypes (at most two, Ingress or Egress). */
function validateNetworkPolicySpec(spec: NetworkPolicySpec, opts: NetworkPolicyOptions): FieldError[] {
  const errs = validateLabelSelector(isObj(spec.podSelector) ? spec.podSelector : undefined, SPEC.child("podSelector"));
  errs.push(...validatePolicyRules(spec.ingress, SPEC.child("ingress"), "from", opts));
  errs.push(...validatePolicyRules(spec.egress, SPEC.child("egress"), "to", opts));
  const types = arr<string>(spec.policyTypes);
  if (types.length > POLICY_TYPES.length) {
    errs.push(invalid(SPEC.child("policyTypes"), goPolicyTypes(types), "may not specify more than two policyTypes"));
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t)) errs.push(notSupported(SPEC.child("policyTypes").index(i), t, POLICY_TYPES));
  });
  return errs;
}

const policySpec = (np: NetworkPolicy): NetworkPolicySpec => (isObj(np.spec) ? np.spec : {});

/** ValidateNetworkPolicy (less metadata, which the caller checks). */
export function validateNetworkPolicy(np: NetworkPolicy): FieldError[] {
  return validateNetworkPolicySpec(policySpec(np), { allowCIDRs: [] });
}

/** The CIDRs (block and exceptions) of every ipBlock peer of a policy. */
function policyCIDRs(np: NetworkPolicy): string[] {
  const out: string[] = [];
  const spec = policySpec(np);
  const collect = (rules: unknown, key: "from" | "to") => {
    for (const rule of arr<Record<string, unknown>>(rules)) {
      for (const peer of arr<NetworkPolicyPeer>(isObj(rule) ? rule[key] : undefined)) {
        if (!isObj(peer) || !isObj(peer.ipBlock)) continue;
        out.push(peer.ipBlock.cidr ?? "", ...arr<string>(peer.ipBlock.except));
      }
    }
  };
  collect(spec.ingress, "from");
  collect(spec.egress, "to");
  return out;
}

/**
 * The strategy's ValidateUpdate (less metadata): upstream runs ValidateNetworkPolicy and
 * then ValidateNetworkPolicyUpdate, and both check the spec, the second accepting CIDRs the
 * stored policy already had. A spec error is therefore listed twice among the causes (the
 * message shows it once, as upstream's aggregate drops repeats).
 */
export function validateNetworkPolicyUpdate(np: NetworkPolicy, old: NetworkPolicy): FieldError[] {
  const spec = policySpec(np);
  return [...validateNetworkPolicySpec(spec, { allowCIDRs: [] }), ...validateNetworkPolicySpec(spec, { allowCIDRs: policyCIDRs(old) })];
}
