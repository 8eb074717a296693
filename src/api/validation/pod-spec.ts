import { isDNS1123Subdomain } from "./names.ts";
import { isQualifiedName, isValidLabelValue } from "./names.ts";
import type { Container, EphemeralContainer, PodSpec, PodTemplateSpec, Toleration } from "../types/index.ts";
import { duplicate, forbidden, invalid, notFound, notSupported, type Path, required, type FieldError } from "./field-error.ts";
import { arr, enumValue, inRange, isObj } from "./helpers.ts";
import { validateContainerCommon, validateDNS1123Label, validateLifecycle, validateProbe } from "./container.ts";
import { validateAnnotations, validateLabels } from "./object-meta.ts";
import { validateVolumes } from "./volumes.ts";

/** PodSpec and PodTemplateSpec rules (core validation ValidatePodSpec). */

export const RESTART_POLICIES = ["Always", "OnFailure", "Never"] as const;
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"] as const;
const MAX_INT32 = 2147483647;

function validateContainers(containers: Container[] | undefined, volumes: ReadonlySet<string>, path: Path): FieldError[] {
  const list = arr<Container>(containers);
  if (list.length === 0) return [required(path, "")];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, p));
    errs.push(...validateLifecycle(c.lifecycle, p.child("lifecycle")));
    if (names.has(c.name ?? "")) errs.push(duplicate(p.child("name"), c.name ?? ""));
    else names.add(c.name ?? "");
    errs.push(...validateProbe(c.livenessProbe, p.child("livenessProbe"), true));
    errs.push(...validateProbe(c.readinessProbe, p.child("readinessProbe"), false));
    errs.push(...validateProbe(c.startupProbe, p.child("startupProbe"), true));
    if (c.restartPolicy !== undefined) errs.push(forbidden(p.child("restartPolicy"), "may not be set for non-init containers"));
  });
  return errs;
}

function validateInitContainers(init: Container[] | undefined, regular: Container[] | undefined, volumes: ReadonlySet<string>, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (arr<Container>(init).length === 0) return errs;
  const names = new Set(arr<Container>(regular).map((c) => c.name ?? ""));
  arr<Container>(init).forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const sidecar = c.restartPolicy === "Always";
    if (c.restartPolicy !== undefined && !sidecar) errs.push(notSupported(p.child("restartPolicy"), c.restartPolicy, ["Always"]));
    if (names.has(c.name ?? "")) errs.push(duplicate(p.child("name"), c.name ?? ""));
    else if (c.name) names.add(c.name);
    if (sidecar) {
      errs.push(...validateLifecycle(c.lifecycle, p.child("lifecycle")));
      errs.push(...validateProbe(c.livenessProbe, p.child("livenessProbe"), true));
      errs.push(...validateProbe(c.readinessProbe, p.child("readinessProbe"), false));
      errs.push(...validateProbe(c.startupProbe, p.child("startupProbe"), true));
    } else {
      const msg = "may not be set for init containers without restartPolicy=Always";
      if (c.lifecycle !== undefined) errs.push(forbidden(p.child("lifecycle"), msg));
      if (c.livenessProbe !== undefined) errs.push(forbidden(p.child("livenessProbe"), msg));
      if (c.readinessProbe !== undefined) errs.push(forbidden(p.child("readinessProbe"), msg));
      if (c.startupProbe !== undefined) errs.push(forbidden(p.child("startupProbe"), msg));
    }
  });
  return errs;
}

/**
 * Fields an ephemeral container may not set, in upstream's struct order (the fields its
 * allowedEphemeralContainerFields list does not allow). Resources is a struct value in Go:
 * set only when one of its lists or maps is; the others are pointers or slices: set when present.
 */
const EPHEMERAL_FORBIDDEN = ["ports", "resources", "resizePolicy", "restartPolicy", "restartPolicyRules", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"] as const;
const EPHEMERAL_MSG = "cannot be set for an Ephemeral Container";

function isSet(field: (typeof EPHEMERAL_FORBIDDEN)[number], v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (field === "resources" && isObj(v)) return Object.values(v).some((x) => x !== undefined && x !== null);
  return true;
}

/** validateEphemeralContainers: common rules, names unique across all containers, an existing target, the allowed fields only. */
function validateEphemeralContainers(spec: PodSpec, volumes: ReadonlySet<string>, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const ephemeral = arr<EphemeralContainer>(spec.ephemeralContainers);
  if (ephemeral.length === 0) return errs;
  const others = new Set([...arr<Container>(spec.containers), ...arr<Container>(spec.initContainers)].map((c) => c.name ?? ""));
  const names = new Set(others);
  ephemeral.forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c as Container, volumes, p));
    const image = c.image ?? "";
    if (image.trim().length !== image.length) errs.push(invalid(p.child("image"), image, "must not have leading or trailing whitespace"));
    if (names.has(c.name ?? "")) errs.push(duplicate(p.child("name"), c.name ?? ""));
    else names.add(c.name ?? "");
    if (c.targetContainerName && !others.has(c.targetContainerName)) errs.push(notFound(p.child("targetContainerName"), c.targetContainerName));
    const rec = c as Record<string, unknown>;
    for (const f of EPHEMERAL_FORBIDDEN) if (isSet(f, rec[f])) errs.push(forbidden(p.child(f), EPHEMERAL_MSG));
    arr<{ subPath?: string; subPathExpr?: string }>(c.volumeMounts).forEach((m, j) => {
      if (m.subPath) errs.push(forbidden(p.child("volumeMounts").index(j).child("subPath"), EPHEMERAL_MSG));
      if (m.subPathExpr) errs.push(forbidden(p.child("volumeMounts").index(j).child("subPathExpr"), EPHEMERAL_MSG));
    });
  });
  return errs;
}

export function validateTolerations(tolerations: Toleration[] | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  arr<Toleration>(tolerations).forEach((t, i) => {
    const p = path.index(i);
    if (t.key) for (const m of isQualifiedName(t.key)) errs.push(invalid(p.child("key"), t.key, m));
    if (!t.key && t.operator !== "Exists")
      errs.push(invalid(p.child("operator"), t.operator ?? "", "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
    if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute")
      errs.push(invalid(p.child("effect"), t.effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    switch (t.operator ?? "Equal") {
      case "Equal":
        for (const m of isValidLabelValue(t.value ?? "")) errs.push(invalid(p.child("operator"), t.value ?? "", m));
        break;
      case "Exists":
        if (t.value) errs.push(invalid(p.child("operator"), t, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(p.child("operator"), t.operator, ["Equal", "Exists"]));
    }
    if (t.effect) errs.push(...enumValue(t.effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"], p.child("effect")));
  });
  return errs;
}

export function validateRestartPolicy(policy: string | undefined, path: Path): FieldError[] {
  return enumValue(policy, RESTART_POLICIES, path);
}

/** ValidatePodSpec: volumes, containers, policies, scheduling fields, names. */
export function validatePodSpec(spec: PodSpec | undefined, path: Path): FieldError[] {
  if (!isObj(spec)) return [required(path.child("containers"), "")];
  const errs: FieldError[] = [];
  const { names: volumes, errs: volErrs } = validateVolumes(spec.volumes, path.child("volumes"));
  errs.push(...volErrs);
  errs.push(...validateContainers(spec.containers, volumes, path.child("containers")));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, volumes, path.child("initContainers")));
  errs.push(...validateEphemeralContainers(spec, volumes, path.child("ephemeralContainers")));
  errs.push(...validateRestartPolicy(spec.restartPolicy, path.child("restartPolicy")));
  errs.push(...enumValue(spec.dnsPolicy, DNS_POLICIES, path.child("dnsPolicy")));
  errs.push(...validateLabels(spec.nodeSelector, path.child("nodeSelector")));
  if (spec.serviceAccountName)
    for (const m of isDNS1123Subdomain(spec.serviceAccountName)) errs.push(invalid(path.child("serviceAccountName"), spec.serviceAccountName, m));
  if (spec.nodeName) for (const m of isDNS1123Subdomain(spec.nodeName)) errs.push(invalid(path.child("nodeName"), spec.nodeName, m));
  if (spec.activeDeadlineSeconds !== undefined) errs.push(...inRange(spec.activeDeadlineSeconds, 1, MAX_INT32, path.child("activeDeadlineSeconds")));
  if (spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, path.child("hostname")));
  if (spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, path.child("subdomain")));
  errs.push(...validateTolerations(spec.tolerations, path.child("tolerations")));
  if (spec.priorityClassName)
    for (const m of isDNS1123Subdomain(spec.priorityClassName)) errs.push(invalid(path.child("priorityClassName"), spec.priorityClassName, m));
  if (spec.preemptionPolicy !== undefined) errs.push(...enumValue(spec.preemptionPolicy, ["PreemptLowerPriority", "Never"], path.child("preemptionPolicy")));
  arr<{ name?: string }>(spec.imagePullSecrets).forEach((s, i) => {
    if (!s.name) errs.push(required(path.child("imagePullSecrets").index(i).child("name"), ""));
  });
  const gates = new Set<string>();
  arr<{ name?: string }>(spec.schedulingGates).forEach((g, i) => {
    const p = path.child("schedulingGates").index(i);
    for (const m of isQualifiedName(g.name ?? "")) errs.push(invalid(p, g.name ?? "", m));
    if (gates.has(g.name ?? "")) errs.push(duplicate(p, g.name ?? ""));
    gates.add(g.name ?? "");
  });
  if (spec.hostNetwork) {
    arr<Container>(spec.containers).forEach((c, ci) =>
      arr<{ hostPort?: number; containerPort?: number }>(c.ports).forEach((port, pi) => {
        if (port.hostPort && port.hostPort !== port.containerPort)
          errs.push(invalid(path.child("containers").index(ci).child("ports").index(pi).child("hostPort"), port.hostPort, "must match `containerPort` when `hostNetwork` is true"));
      }),
    );
  }
  return errs;
}

/** ValidatePodTemplateSpec: labels, annotations and the spec of a template. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, path: Path): FieldError[] {
  if (!isObj(template)) return [required(path, "")];
  const errs: FieldError[] = [];
  const meta = template.metadata ?? {};
  errs.push(...validateLabels(meta.labels, path.child("labels")));
  errs.push(...validateAnnotations(meta.annotations, path.child("annotations")));
  errs.push(...validatePodSpec(template.spec, path.child("spec")));
  if (arr(template.spec?.ephemeralContainers).length > 0)
    errs.push(forbidden(path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
  return errs;
}
