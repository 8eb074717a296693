/**
 * The Pod Security Standards' checks (k8s.io/pod-security-admission, policy "latest"), as
 * pure functions of a pod's metadata and spec: each check answers a forbidden reason and
 * detail in upstream's words ("allowPrivilegeEscalation != false (container "web" must set
 * securityContext.allowPrivilegeEscalation=false)"). Baseline's checks apply at baseline
 * and restricted; restricted adds its own (and replaces baseline's capabilities and
 * seccomp checks with stricter ones). Results come sorted by check ID, as upstream
 * reports them.
 */

export type Level = "privileged" | "baseline" | "restricted";

export interface Violation {
  reason: string;
  detail: string;
}

type Obj = Record<string, any>;

interface Container {
  name: string;
  securityContext?: Obj;
  ports?: { hostPort?: number }[];
}

interface PodView {
  annotations: Record<string, string>;
  spec: Obj;
  containers: Container[];
}

const quote = (s: string) => JSON.stringify(s);
const joinQuote = (l: readonly string[]) => l.map(quote).join(", ");
const plural = (one: string, many: string, n: number) => (n === 1 ? one : many);
const containersPhrase = (names: readonly string[]) => `${plural("container", "containers", names.length)} ${joinQuote(names)}`;

/** Every container of the pod: init, regular and ephemeral, in upstream's visiting order. */
export function podView(metadata: Obj | undefined, spec: Obj | undefined): PodView {
  const s = spec ?? {};
  return {
    annotations: (metadata?.["annotations"] ?? {}) as Record<string, string>,
    spec: s,
    containers: [...(s["initContainers"] ?? []), ...(s["containers"] ?? []), ...(s["ephemeralContainers"] ?? [])] as Container[],
  };
}

const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
]);
const RESTRICTED_VOLUME_TYPES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret", "name"]);
const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

type Check = (p: PodView) => Violation | undefined;

function allowPrivilegeEscalation(p: PodView): Violation | undefined {
  const bad = p.containers.filter((c) => c.securityContext?.["allowPrivilegeEscalation"] !== false).map((c) => c.name);
  if (bad.length === 0) return undefined;
  return { reason: "allowPrivilegeEscalation != false", detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` };
}

function appArmorProfile(p: PodView): Violation | undefined {
  const bad: string[] = [];
  if (p.spec["securityContext"]?.["appArmorProfile"]?.["type"] === "Unconfined") bad.push(`pod must not set securityContext.appArmorProfile.type to "Unconfined"`);
  const names = p.containers.filter((c) => c.securityContext?.["appArmorProfile"]?.["type"] === "Unconfined").map((c) => c.name);
  if (names.length > 0) bad.push(`${containersPhrase(names)} must not set securityContext.appArmorProfile.type to "Unconfined"`);
  const annotated = Object.entries(p.annotations)
    .filter(([k, v]) => k.startsWith("container.apparmor.security.beta.kubernetes.io/") && v === "unconfined")
    .map(([k]) => `${k}="unconfined"`);
  if (annotated.length > 0) bad.push(`${plural("annotation", "annotations", annotated.length)} ${annotated.join(", ")}`);
  return bad.length === 0 ? undefined : { reason: "forbidden AppArmor profile", detail: bad.join(", ") };
}

function addedCapabilities(c: Container): string[] {
  return ((c.securityContext?.["capabilities"]?.["add"] ?? []) as string[]).map(String);
}

function capabilitiesBaseline(p: PodView): Violation | undefined {
  const names: string[] = [];
  const caps = new Set<string>();
  for (const c of p.containers) {
    const extra = addedCapabilities(c).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (extra.length === 0) continue;
    names.push(c.name);
    for (const cap of extra) caps.add(cap);
  }
  if (names.length === 0) return undefined;
  return { reason: "non-default capabilities", detail: `${containersPhrase(names)} must not include ${joinQuote([...caps].sort())} in securityContext.capabilities.add` };
}

function capabilitiesRestricted(p: PodView): Violation | undefined {
  const noDrop = p.containers.filter((c) => !((c.securityContext?.["capabilities"]?.["drop"] ?? []) as string[]).includes("ALL")).map((c) => c.name);
  const adders: string[] = [];
  const caps = new Set<string>();
  for (const c of p.containers) {
    const extra = addedCapabilities(c).filter((cap) => cap !== "NET_BIND_SERVICE");
    if (extra.length === 0) continue;
    adders.push(c.name);
    for (const cap of extra) caps.add(cap);
  }
  const details: string[] = [];
  if (noDrop.length > 0) details.push(`${containersPhrase(noDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adders.length > 0) details.push(`${containersPhrase(adders)} must not include ${joinQuote([...caps].sort())} in securityContext.capabilities.add`);
  return details.length === 0 ? undefined : { reason: "unrestricted capabilities", detail: details.join("; ") };
}

function hostNamespaces(p: PodView): Violation | undefined {
  const set = (["hostNetwork", "hostPID", "hostIPC"] as const).filter((k) => p.spec[k] === true).map((k) => `${k}=true`);
  return set.length === 0 ? undefined : { reason: "host namespaces", detail: set.join(", ") };
}

function hostPathVolumes(p: PodView): Violation | undefined {
  const names = ((p.spec["volumes"] ?? []) as Obj[]).filter((v) => v["hostPath"] !== undefined && v["hostPath"] !== null).map((v) => String(v["name"]));
  return names.length === 0 ? undefined : { reason: "hostPath volumes", detail: `${plural("volume", "volumes", names.length)} ${joinQuote(names)}` };
}

function hostPorts(p: PodView): Violation | undefined {
  const names: string[] = [];
  const ports: number[] = [];
  for (const c of p.containers) {
    const used = (c.ports ?? []).map((x) => x.hostPort ?? 0).filter((n) => n !== 0);
    if (used.length === 0) continue;
    names.push(c.name);
    for (const n of used) if (!ports.includes(n)) ports.push(n);
  }
  if (names.length === 0) return undefined;
  return { reason: "hostPort", detail: `${containersPhrase(names)} ${plural("uses", "use", names.length)} ${plural("hostPort", "hostPorts", ports.length)} ${ports.join(", ")}` };
}

function privileged(p: PodView): Violation | undefined {
  const names = p.containers.filter((c) => c.securityContext?.["privileged"] === true).map((c) => c.name);
  return names.length === 0 ? undefined : { reason: "privileged", detail: `${containersPhrase(names)} must not set securityContext.privileged=true` };
}

function procMount(p: PodView): Violation | undefined {
  const names = p.containers.filter((c) => (c.securityContext?.["procMount"] ?? "Default") !== "Default").map((c) => c.name);
  return names.length === 0 ? undefined : { reason: "procMount", detail: `${containersPhrase(names)} must not set securityContext.procMount to "Unmasked"` };
}

function restrictedVolumes(p: PodView): Violation | undefined {
  const names: string[] = [];
  const types = new Set<string>();
  for (const v of (p.spec["volumes"] ?? []) as Obj[]) {
    const kind = Object.keys(v).find((k) => !RESTRICTED_VOLUME_TYPES.has(k) && v[k] !== undefined && v[k] !== null);
    if (kind === undefined) continue;
    names.push(String(v["name"]));
    types.add(kind);
  }
  if (names.length === 0) return undefined;
  return { reason: "restricted volume types", detail: `${plural("volume", "volumes", names.length)} ${joinQuote(names)} ${plural("uses", "use", names.length)} restricted volume ${plural("type", "types", types.size)} ${joinQuote([...types].sort())}` };
}

function runAsNonRoot(p: PodView): Violation | undefined {
  const pod = p.spec["securityContext"]?.["runAsNonRoot"];
  const details: string[] = [];
  if (pod === false) details.push("pod must not set securityContext.runAsNonRoot=false");
  const explicitFalse = p.containers.filter((c) => c.securityContext?.["runAsNonRoot"] === false).map((c) => c.name);
  if (explicitFalse.length > 0) details.push(`${containersPhrase(explicitFalse)} must not set securityContext.runAsNonRoot=false`);
  if (pod !== true) {
    const unset = p.containers.filter((c) => c.securityContext?.["runAsNonRoot"] === undefined || c.securityContext?.["runAsNonRoot"] === null).map((c) => c.name);
    if (unset.length > 0) details.push(`pod or ${containersPhrase(unset)} must set securityContext.runAsNonRoot=true`);
  }
  return details.length === 0 ? undefined : { reason: "runAsNonRoot != true", detail: details.join("; ") };
}

function runAsUser(p: PodView): Violation | undefined {
  const details: string[] = [];
  if (p.spec["securityContext"]?.["runAsUser"] === 0) details.push("pod must not set runAsUser=0");
  const names = p.containers.filter((c) => c.securityContext?.["runAsUser"] === 0).map((c) => c.name);
  if (names.length > 0) details.push(`${containersPhrase(names)} must not set runAsUser=0`);
  return details.length === 0 ? undefined : { reason: "runAsUser=0", detail: details.join("; ") };
}

function seccompType(sc: Obj | undefined): string | undefined {
  const t = sc?.["seccompProfile"]?.["type"];
  return typeof t === "string" ? t : undefined;
}

function seccompBaseline(p: PodView): Violation | undefined {
  const details: string[] = [];
  if (seccompType(p.spec["securityContext"]) === "Unconfined") details.push(`pod must not set securityContext.seccompProfile.type to "Unconfined"`);
  const names = p.containers.filter((c) => seccompType(c.securityContext) === "Unconfined").map((c) => c.name);
  if (names.length > 0) details.push(`${containersPhrase(names)} must not set securityContext.seccompProfile.type to "Unconfined"`);
  return details.length === 0 ? undefined : { reason: "seccompProfile", detail: details.join("; ") };
}

function seccompRestricted(p: PodView): Violation | undefined {
  const ok = (t: string | undefined) => t === "RuntimeDefault" || t === "Localhost";
  const podType = seccompType(p.spec["securityContext"]);
  const details: string[] = [];
  if (podType !== undefined && !ok(podType)) details.push(`pod must not set securityContext.seccompProfile.type to ${quote(podType)}`);
  const badByType = new Map<string, string[]>();
  const unset: string[] = [];
  for (const c of p.containers) {
    const t = seccompType(c.securityContext);
    if (t === undefined) {
      if (!ok(podType)) unset.push(c.name);
    } else if (!ok(t)) badByType.set(t, [...(badByType.get(t) ?? []), c.name]);
  }
  for (const [t, names] of badByType) details.push(`${containersPhrase(names)} must not set securityContext.seccompProfile.type to ${quote(t)}`);
  if (unset.length > 0) details.push(`pod or ${containersPhrase(unset)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`);
  return details.length === 0 ? undefined : { reason: "seccompProfile", detail: details.join("; ") };
}

function seLinuxOptions(p: PodView): Violation | undefined {
  const bad = (o: Obj | undefined) => o !== undefined && o !== null && (!SELINUX_TYPES.has(String(o["type"] ?? "")) || (o["user"] ?? "") !== "" || (o["role"] ?? "") !== "");
  const details: string[] = [];
  if (bad(p.spec["securityContext"]?.["seLinuxOptions"])) details.push("pod");
  const names = p.containers.filter((c) => bad(c.securityContext?.["seLinuxOptions"])).map((c) => c.name);
  if (names.length > 0) details.push(containersPhrase(names));
  return details.length === 0 ? undefined : { reason: "seLinuxOptions", detail: `${details.join(" and ")} set forbidden securityContext.seLinuxOptions` };
}

function sysctls(p: PodView): Violation | undefined {
  const names = ((p.spec["securityContext"]?.["sysctls"] ?? []) as Obj[]).map((s) => String(s["name"])).filter((n) => !SAFE_SYSCTLS.has(n));
  return names.length === 0 ? undefined : { reason: "forbidden sysctls", detail: names.join(", ") };
}

function windowsHostProcess(p: PodView): Violation | undefined {
  const details: string[] = [];
  if (p.spec["securityContext"]?.["windowsOptions"]?.["hostProcess"] === true) details.push("pod");
  const names = p.containers.filter((c) => c.securityContext?.["windowsOptions"]?.["hostProcess"] === true).map((c) => c.name);
  if (names.length > 0) details.push(containersPhrase(names));
  return details.length === 0 ? undefined : { reason: "hostProcess", detail: `${details.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true` };
}

/** Check IDs and functions: baseline's, then restricted's own (restricted's replace the two `*_baseline` ones). */
const BASELINE: [string, Check][] = [
  ["appArmorProfile", appArmorProfile],
  ["capabilities_baseline", capabilitiesBaseline],
  ["hostNamespaces", hostNamespaces],
  ["hostPathVolumes", hostPathVolumes],
  ["hostPorts", hostPorts],
  ["privileged", privileged],
  ["procMount", procMount],
  ["seccompProfile_baseline", seccompBaseline],
  ["seLinuxOptions", seLinuxOptions],
  ["sysctls", sysctls],
  ["windowsHostProcess", windowsHostProcess],
];
const RESTRICTED: [string, Check][] = [
  ["allowPrivilegeEscalation", allowPrivilegeEscalation],
  ["capabilities_restricted", capabilitiesRestricted],
  ["restrictedVolumes", restrictedVolumes],
  ["runAsNonRoot", runAsNonRoot],
  ["runAsUser", runAsUser],
  ["seccompProfile_restricted", seccompRestricted],
];
const OVERRIDDEN = new Set(["capabilities_baseline", "seccompProfile_baseline"]);

const byId = (a: [string, Check], b: [string, Check]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const CHECKS: Record<Level, [string, Check][]> = {
  privileged: [],
  baseline: [...BASELINE].sort(byId),
  restricted: [...BASELINE.filter(([id]) => !OVERRIDDEN.has(id)), ...RESTRICTED].sort(byId),
};

/** The violations of a pod (metadata and spec) against a level, in upstream's order. */
export function evaluatePod(level: Level, metadata: Obj | undefined, spec: Obj | undefined): Violation[] {
  const checks = CHECKS[level];
  if (checks.length === 0) return [];
  const view = podView(metadata, spec);
  const out: Violation[] = [];
  for (const [, check] of checks) {
    const v = check(view);
    if (v) out.push(v);
  }
  return out;
}

/** "allowPrivilegeEscalation != false (container ...), unrestricted capabilities (...)". */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => (v.detail ? `${v.reason} (${v.detail})` : v.reason)).join(", ");
}
