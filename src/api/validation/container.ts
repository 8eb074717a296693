import { isConfigMapKey, isEnvVarName, isValidPortName, isValidPortNum } from "./names.ts";
import { isDNS1123Label } from "./names.ts";
import type { Container, ContainerPort, EnvFromSource, EnvVar, Probe, VolumeMount } from "../types/index.ts";
import { duplicate, forbidden, invalid, notFound, notSupported, type Path, required, type FieldError } from "./field-error.ts";
import { arr, enumValue, isObj, nonNegative, type Obj } from "./helpers.ts";
import { validateResourceRequirements } from "./resources.ts";

/** Container rules shared by regular, init and ephemeral containers (core validation). */

export const SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"] as const;
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"] as const;
const TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"] as const;

export function validateDNS1123Label(value: string, path: Path): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

export function validateContainerPorts(ports: ContainerPort[] | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr<ContainerPort>(ports).forEach((port, i) => {
    const p = path.index(i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(p.child("name"), port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(p.child("name"), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(p.child("containerPort"), ""));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(p.child("containerPort"), port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(p.child("hostPort"), port.hostPort, m));
    if (!port.protocol) errs.push(required(p.child("protocol"), ""));
    else if (!(SUPPORTED_PORT_PROTOCOLS as readonly string[]).includes(port.protocol)) errs.push(notSupported(p.child("protocol"), port.protocol, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

const FIELD_REF_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];

function validateKeySelector(sel: Obj, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel["name"]) errs.push(required(path.child("name"), ""));
  const key = typeof sel["key"] === "string" ? sel["key"] : "";
  if (!key) errs.push(required(path.child("key"), ""));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(path.child("key"), key, m));
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, path: Path): FieldError[] {
  const from = ev.valueFrom;
  if (!isObj(from)) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (isObj(from.fieldRef)) {
    sources++;
    const fp = from.fieldRef.fieldPath ?? "";
    const p = path.child("fieldRef");
    if (!from.fieldRef.apiVersion) errs.push(required(p.child("apiVersion"), ""));
    if (!fp) errs.push(required(p.child("fieldPath"), ""));
    else if (!FIELD_REF_PATHS.includes(fp) && !/^metadata\.(labels|annotations)(\['[^']+'\])?$/.test(fp)) {
      errs.push(notSupported(p.child("fieldPath"), fp, [...FIELD_REF_PATHS, "metadata.annotations", "metadata.labels"].sort()));
    }
  }
  if (isObj(from.resourceFieldRef)) {
    sources++;
    if (!from.resourceFieldRef.resource) errs.push(required(path.child("resourceFieldRef", "resource"), ""));
  }
  if (isObj(from.configMapKeyRef)) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef as Obj, path.child("configMapKeyRef")));
  }
  if (isObj(from.secretKeyRef)) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef as Obj, path.child("secretKeyRef")));
  }
  if (isObj(from.fileKeyRef)) sources++;
  if (sources === 0) errs.push(invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
  if (ev.value && sources !== 0) errs.push(invalid(path, "", "may not be specified when `value` is not empty"));
  if (sources > 1) errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  return errs;
}

export function validateEnv(env: EnvVar[] | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  arr<EnvVar>(env).forEach((ev, i) => {
    const p = path.index(i);
    const name = ev.name ?? "";
    if (!name) errs.push(required(p.child("name"), ""));
    for (const m of isEnvVarName(name)) errs.push(invalid(p.child("name"), name, m));
    errs.push(...validateEnvVarValueFrom(ev, p.child("valueFrom")));
  });
  return errs;
}

export function validateEnvFrom(envFrom: EnvFromSource[] | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  arr<EnvFromSource>(envFrom).forEach((src, i) => {
    const p = path.index(i);
    if (src.prefix) for (const m of isEnvVarName(src.prefix)) errs.push(invalid(p.child("prefix"), src.prefix, m));
    let n = 0;
    if (isObj(src.configMapRef)) {
      n++;
      if (!src.configMapRef.name) errs.push(required(p.child("configMapRef", "name"), ""));
    }
    if (isObj(src.secretRef)) {
      n++;
      if (!src.secretRef.name) errs.push(required(p.child("secretRef", "name"), ""));
    }
    if (n === 0) errs.push(invalid(p, "", "must specify one of: `configMapRef` or `secretRef`"));
    if (n > 1) errs.push(invalid(p, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

export function validateVolumeMounts(mounts: VolumeMount[] | undefined, volumes: ReadonlySet<string>, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  arr<VolumeMount>(mounts).forEach((m, i) => {
    const p = path.index(i);
    const name = m.name ?? "";
    if (!name) errs.push(required(p.child("name"), ""));
    if (!volumes.has(name)) errs.push(notFound(p.child("name"), name));
    const mountPath = m.mountPath ?? "";
    if (!mountPath) errs.push(required(p.child("mountPath"), ""));
    if (mountPoints.has(mountPath)) errs.push(invalid(p.child("mountPath"), mountPath, "must be unique"));
    mountPoints.add(mountPath);
    if (m.subPath) {
      if (m.subPath.startsWith("/")) errs.push(invalid(path.child("subPath"), m.subPath, "must be a relative path"));
      if (m.subPath.split("/").includes("..")) errs.push(invalid(path.child("subPath"), m.subPath, "must not contain '..'"));
    }
    if (m.mountPropagation !== undefined)
      errs.push(...enumValue(m.mountPropagation, ["Bidirectional", "HostToContainer", "None"], path.child("mountPropagation")));
  });
  return errs;
}

function validatePortNumOrName(port: unknown, path: Path): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === "string") return isValidPortName(port).map((m) => invalid(path, port, m));
  return [required(path, "")];
}

/** Exactly one action: exec (command), httpGet (port, path, scheme), tcpSocket (port), grpc, sleep. */
export function validateHandler(h: Obj, path: Path, allowSleep: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const kinds = ["exec", "httpGet", "tcpSocket", "grpc", ...(allowSleep ? ["sleep"] : [])].filter((k) => isObj(h[k]));
  if (kinds.length === 0) return [required(path, "must specify a handler type")];
  for (const extra of kinds.slice(1)) errs.push(forbidden(path.child(extra), "may not specify more than 1 handler type"));
  const kind = kinds[0] as string;
  const v = h[kind] as Obj;
  const p = path.child(kind);
  switch (kind) {
    case "exec":
      if (arr(v["command"]).length === 0) errs.push(required(p.child("command"), ""));
      break;
    case "httpGet":
      if (!v["path"]) errs.push(required(p.child("path"), ""));
      errs.push(...validatePortNumOrName(v["port"], p.child("port")));
      if (v["scheme"] !== undefined) errs.push(...enumValue(v["scheme"], ["HTTP", "HTTPS"], p.child("scheme")));
      arr<Obj>(v["httpHeaders"]).forEach((hdr, i) => {
        if (!/^[-A-Za-z0-9]+$/.test(String(hdr["name"] ?? "")))
          errs.push(
            invalid(
              p.child("httpHeaders").index(i).child("name"),
              hdr["name"] ?? "",
              "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
            ),
          );
      });
      break;
    case "tcpSocket":
      errs.push(...validatePortNumOrName(v["port"], p.child("port")));
      break;
    case "grpc":
      errs.push(...(typeof v["port"] === "number" ? isValidPortNum(v["port"]).map((m) => invalid(p.child("port"), v["port"], m)) : [required(p.child("port"), "")]));
      break;
    case "sleep":
      if (typeof v["seconds"] !== "number" || v["seconds"] < 0) errs.push(invalid(p.child("seconds"), v["seconds"] ?? 0, "must be non-negative"));
      break;
  }
  return errs;
}

export function validateProbe(probe: Probe | undefined, path: Path, successMustBeOne: boolean): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = validateHandler(probe as Obj, path, false);
  errs.push(...nonNegative(probe.initialDelaySeconds, path.child("initialDelaySeconds")));
  errs.push(...nonNegative(probe.timeoutSeconds, path.child("timeoutSeconds")));
  errs.push(...nonNegative(probe.periodSeconds, path.child("periodSeconds")));
  errs.push(...nonNegative(probe.successThreshold, path.child("successThreshold")));
  errs.push(...nonNegative(probe.failureThreshold, path.child("failureThreshold")));
  if (typeof probe.terminationGracePeriodSeconds === "number" && probe.terminationGracePeriodSeconds <= 0)
    errs.push(invalid(path.child("terminationGracePeriodSeconds"), probe.terminationGracePeriodSeconds, "must be greater than 0"));
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== 1)
    errs.push(invalid(path.child("successThreshold"), probe.successThreshold, "must be 1"));
  return errs;
}

export function validateLifecycle(lifecycle: unknown, path: Path): FieldError[] {
  if (!isObj(lifecycle)) return [];
  const errs: FieldError[] = [];
  for (const hook of ["postStart", "preStop"]) {
    if (isObj(lifecycle[hook])) errs.push(...validateHandler(lifecycle[hook] as Obj, path.child(hook), true));
  }
  return errs;
}

/** validateContainerCommon: name, image, termination message policy, ports, env, mounts, pull policy, resources. */
export function validateContainerCommon(c: Container, volumes: ReadonlySet<string>, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const name = c.name ?? "";
  if (!name) errs.push(required(path.child("name"), ""));
  else errs.push(...validateDNS1123Label(name, path.child("name")));
  if (!c.image) errs.push(required(path.child("image"), ""));
  errs.push(...enumValue(c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, path.child("terminationMessagePolicy")));
  errs.push(...validateContainerPorts(c.ports, path.child("ports")));
  errs.push(...validateEnv(c.env, path.child("env")));
  errs.push(...validateEnvFrom(c.envFrom, path.child("envFrom")));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, path.child("volumeMounts")));
  errs.push(...enumValue(c.imagePullPolicy, PULL_POLICIES, path.child("imagePullPolicy")));
  errs.push(...validateResourceRequirements(c.resources as never, path.child("resources")));
  return errs;
}
