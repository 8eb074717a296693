import type { ConfigMap, Lease, Namespace, Node, PersistentVolumeClaim, Secret } from "../types/index.ts";
import { isDNS1123Subdomain } from "./names.ts";
import { isConfigMapKey, isQualifiedName, isValidLabelValue } from "./names.ts";
import { forbidden, invalid, notSupported, Path, required, tooLong, type FieldError } from "./field-error.ts";
import { arr, isObj, quantityAt } from "./helpers.ts";
import { validateLabelSelector } from "./label-selector.ts";
import { IS_NEGATIVE, jsonEqual, validateImmutable } from "./object-meta.ts";
import { validateResourceQuantityValue } from "./resources.ts";

/** Namespaces, ConfigMaps, Secrets, Nodes, Leases and PVCs (core/coordination validation). */

export const MAX_SECRET_SIZE = 1024 * 1024;

/** Bytes of a base64 value as decoded (binaryData, secret data). */
function decodedLength(b64: unknown): number {
  if (typeof b64 !== "string") return 0;
  const clean = b64.replace(/\s/g, "");
  const pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

const utf8 = (s: unknown) => (typeof s === "string" ? Buffer.byteLength(s, "utf8") : 0);

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

export function validateNamespaceSpec(ns: Namespace): FieldError[] {
  const errs: FieldError[] = [];
  const path = Path.root("spec").child("finalizers");
  for (const f of arr<string>(ns.spec?.finalizers)) {
    const msgs = isQualifiedName(f);
    if (msgs.length) for (const m of msgs) errs.push(invalid(path, f, m));
    else if (!STANDARD_FINALIZERS.has(f) && !f.includes("/"))
      errs.push(invalid(path, f, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

export function validateConfigMapData(cm: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  const binary = cm.binaryData ?? {};
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(Path.root("data").key(k), k, m));
    if (Object.hasOwn(binary, k)) errs.push(invalid(Path.root("data").key(k), k, "duplicate of key present in binaryData"));
    total += utf8(v);
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(Path.root("binaryData").key(k), k, m));
    total += decodedLength(v);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(Path.root(""), "", MAX_SECRET_SIZE));
  return errs;
}

function validateImmutableData(
  next: { immutable?: boolean; data?: unknown; binaryData?: unknown },
  old: { immutable?: boolean; data?: unknown; binaryData?: unknown },
  fields: readonly ("data" | "binaryData")[],
): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  const msg = "field is immutable when `immutable` is set";
  if (next.immutable !== true) errs.push(forbidden(Path.root("immutable"), msg));
  for (const f of fields) if (!jsonEqual(next[f] ?? null, old[f] ?? null)) errs.push(forbidden(Path.root(f), msg));
  return errs;
}

export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  return validateImmutableData(cm, old, ["data", "binaryData"]);
}

export function validateSecretData(secret: Secret): FieldError[] {
  const errs: FieldError[] = [];
  const dataPath = Path.root("data");
  const data = secret.data ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(dataPath.key(k), k, m));
    total += decodedLength(v);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(dataPath, "", MAX_SECRET_SIZE));
  const has = (k: string) => Object.hasOwn(data, k);
  switch (secret.type ?? "") {
    case "kubernetes.io/service-account-token":
      if (!secret.metadata?.annotations?.["kubernetes.io/service-account.name"])
        errs.push(required(Path.root("metadata").child("annotations").key("kubernetes.io/service-account.name"), ""));
      break;
    case "kubernetes.io/dockercfg":
      if (!has(".dockercfg")) errs.push(required(dataPath.key(".dockercfg"), ""));
      break;
    case "kubernetes.io/dockerconfigjson":
      if (!has(".dockerconfigjson")) errs.push(required(dataPath.key(".dockerconfigjson"), ""));
      break;
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) errs.push(required(dataPath.key("username"), ""), required(dataPath.key("password"), ""));
      break;
    case "kubernetes.io/ssh-auth":
      if (decodedLength(data["ssh-privatekey"]) === 0) errs.push(required(dataPath.key("ssh-privatekey"), ""));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) errs.push(required(dataPath.key("tls.crt"), ""));
      if (!has("tls.key")) errs.push(required(dataPath.key("tls.key"), ""));
      break;
  }
  return errs;
}

export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  return [...validateImmutable(secret.type ?? "", old.type ?? "", Path.root("type")), ...validateImmutableData(secret, old, ["data"])];
}

const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export function validateNodeSpec(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  const spec = node.spec ?? {};
  const taintsPath = Path.root("spec").child("taints");
  const seen = new Set<string>();
  arr<{ key?: string; value?: string; effect?: string }>(spec.taints).forEach((t, i) => {
    const p = taintsPath.index(i);
    for (const m of isQualifiedName(t.key ?? "")) errs.push(invalid(p.child("key"), t.key ?? "", m));
    if (t.value) for (const m of isValidLabelValue(t.value)) errs.push(invalid(p.child("value"), t.value, m));
    if (!t.effect) errs.push(required(p.child("effect"), ""));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(p.child("effect"), t.effect, TAINT_EFFECTS));
    const key = `${t.key}/${t.effect}`;
    if (seen.has(key)) errs.push(invalid(p, t, "taints must be unique by key and effect pair"));
    seen.add(key);
  });
  const cidrs = arr<string>(spec.podCIDRs);
  if (cidrs.length > 2) errs.push(invalid(Path.root("spec").child("podCIDRs"), spec.podCIDRs, "may specify no more than one CIDR for each IP family"));
  cidrs.forEach((c, i) => {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(c)) errs.push(invalid(Path.root("spec").child("podCIDRs").index(i), c, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
  });
  return errs;
}

export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errs: FieldError[] = [];
  const oldCIDRs = arr<string>(old.spec?.podCIDRs);
  if (oldCIDRs.length > 0 && !jsonEqual(arr(node.spec?.podCIDRs), oldCIDRs))
    errs.push(forbidden(Path.root("spec").child("podCIDRs"), "node updates may not change podCIDR except from \"\" to valid"));
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID)
    errs.push(forbidden(Path.root("spec").child("providerID"), "node updates may not change providerID except from \"\" to valid"));
  return errs;
}

export function validateLeaseSpec(lease: Lease): FieldError[] {
  const errs: FieldError[] = [];
  const spec = lease.spec ?? {};
  const p = Path.root("spec");
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0)
    errs.push(invalid(p.child("leaseDurationSeconds"), spec.leaseDurationSeconds, "must be greater than 0"));
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) errs.push(invalid(p.child("leaseTransitions"), spec.leaseTransitions, IS_NEGATIVE));
  return errs;
}

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

export function validatePVCSpec(pvc: PersistentVolumeClaim): FieldError[] {
  const errs: FieldError[] = [];
  const spec = pvc.spec ?? {};
  const p = Path.root("spec");
  const modes = arr<string>(spec.accessModes);
  if (modes.length === 0) errs.push(required(p.child("accessModes"), "at least 1 access mode is required"));
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, p.child("selector")));
  for (const m of modes) if (!ACCESS_MODES.includes(m)) errs.push(notSupported(p.child("accessModes"), m, ACCESS_MODES));
  const storagePath = p.child("resources").key("storage");
  const raw = spec.resources?.requests?.["storage"];
  if (raw === undefined) errs.push(required(storagePath, ""));
  else {
    const q = quantityAt(raw, storagePath, errs);
    if (q && q.sign() <= 0) errs.push(invalid(storagePath, q, "must be greater than zero"));
    else if (q) errs.push(...validateResourceQuantityValue("storage", q, storagePath));
  }
  if (spec.storageClassName) for (const m of isDNS1123Subdomain(spec.storageClassName)) errs.push(invalid(p.child("storageClassName"), spec.storageClassName, m));
  if (spec.volumeMode !== undefined && spec.volumeMode !== "Block" && spec.volumeMode !== "Filesystem")
    errs.push(notSupported(p.child("volumeMode"), spec.volumeMode, ["Block", "Filesystem"]));
  return errs;
}

export function validatePVCUpdate(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const strip = (s: unknown, bound: boolean) => {
    const o: Record<string, unknown> = { ...(isObj(s) ? s : {}) };
    delete o["volumeAttributesClassName"];
    if (bound) {
      const res = isObj(o["resources"]) ? { ...o["resources"] } : {};
      delete res["requests"];
      o["resources"] = res;
    }
    if (!(isObj(s) && (old.spec?.volumeName ?? "") !== "")) delete o["volumeName"];
    return o;
  };
  const bound = old.status?.phase === "Bound";
  if (jsonEqual(strip(pvc.spec, bound), strip(old.spec, bound))) return [];
  return [forbidden(Path.root("spec"), "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")];
}
