/**
 * The parts of describe shared by pods and pod templates, as kubectl writes them:
 * containers (image, ports, command, state, resources, probes, environment, mounts),
 * volumes, tolerations and the Pod Template block.
 */
import type { Container, ContainerState, ContainerStatus, Pod, PodTemplateSpec, Probe, Toleration, Volume } from "../../../api/types/index.ts";
import { type DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, rfc1123z, writeAnnotations, writeLabels } from "./writer.ts";

function ports(c: Container, host: boolean): string {
  return (c.ports ?? []).map((p) => `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? "TCP"}`).join(", ");
}

function writeState(w: DescribeWriter, title: string, st: ContainerState | undefined): void {
  if (st?.running) {
    w.write(LEVEL_2, `${title}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(st.running.startedAt)}\n`);
  } else if (st?.terminated) {
    const t = st.terminated;
    w.write(LEVEL_2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
    if (st?.waiting?.reason) w.write(LEVEL_3, `Reason:\t${st.waiting.reason}\n`);
  }
}

function goSlice(items: readonly string[] | undefined): string {
  return `[${(items ?? []).join(" ")}]`;
}

/** kubectl's DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function probeText(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec ${goSlice(p.exec.command)} ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const scheme = (g.scheme ?? "HTTP").toLowerCase();
    return `http-get ${scheme}://${g.host ?? ""}:${g.port}${g.path ?? ""} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ""}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function writeResources(w: DescribeWriter, c: Container): void {
  for (const [title, m] of [["Limits", c.resources?.limits], ["Requests", c.resources?.requests]] as const) {
    const keys = Object.keys(m ?? {}).sort();
    if (keys.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const k of keys) w.write(LEVEL_3, `${k}:\t${String(m![k])}\n`);
  }
}

/** The value of a downward-API field of the pod, as kubectl's EnvValueRetriever finds it ("" without a pod). */
function fieldValue(pod: Pod | undefined, path: string): string {
  if (!pod) return "";
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return pod.metadata[m[1] as "labels" | "annotations"]?.[m[2]!] ?? "";
  switch (path) {
    case "metadata.name":
      return pod.metadata.name ?? "";
    case "metadata.namespace":
      return pod.metadata.namespace ?? "";
    case "metadata.uid":
      return pod.metadata.uid ?? "";
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.podIP":
      return pod.status?.podIP ?? "";
    case "status.hostIP":
      return pod.status?.hostIP ?? "";
    default:
      return "";
  }
}

function writeEnv(w: DescribeWriter, c: Container, pod: Pod | undefined): void {
  if ((c.envFrom ?? []).length > 0) {
    w.write(LEVEL_2, "Environment Variables from:\n");
    for (const e of c.envFrom!) {
      const ref = e.configMapRef ? { name: e.configMapRef.name, kind: "ConfigMap", optional: e.configMapRef.optional } : { name: e.secretRef?.name, kind: "Secret", optional: e.secretRef?.optional };
      const prefix = e.prefix ? ` with prefix '${e.prefix}'` : "";
      w.write(LEVEL_3, `${ref.name ?? ""}\t${ref.kind}${prefix}\tOptional: ${ref.optional === true}\n`);
    }
  }
  const env = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const vf = e.valueFrom;
    if (!vf) {
      (e.value ?? "").split("\n").forEach((line, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
    } else if (vf.fieldRef) {
      w.write(LEVEL_3, `${e.name}:\t${fieldValue(pod, vf.fieldRef.fieldPath)} (${vf.fieldRef.apiVersion ?? "v1"}:${vf.fieldRef.fieldPath})\n`);
    } else if (vf.resourceFieldRef) {
      w.write(LEVEL_3, `${e.name}:\t (${vf.resourceFieldRef.resource})\n`);
    } else if (vf.secretKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name ?? ""}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name ?? ""}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`);
    }
  }
}

function writeMounts(w: DescribeWriter, c: Container): void {
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? "\t<none>" : ""}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? "ro" : "rw"];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
  }
}

export function writeContainers(w: DescribeWriter, label: string, containers: readonly Container[], statuses: readonly ContainerStatus[] | undefined, space: string, pod?: Pod): void {
  w.write(LEVEL_0, `${space}${label}:\n`);
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  for (const c of containers) {
    const st = byName.get(c.name);
    w.write(LEVEL_1, `${space ? " " : ""}${c.name}:\n`);
    if (st) w.write(LEVEL_2, `Container ID:\t${st.containerID ?? ""}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ""}\n`);
    if (st) w.write(LEVEL_2, `Image ID:\t${st.imageID ?? ""}\n`);
    const p = ports(c, false);
    w.write(LEVEL_2, p.includes(",") ? `Ports:\t${p}\n` : `Port:\t${p || "<none>"}\n`);
    const hp = ports(c, true);
    w.write(LEVEL_2, hp.includes(",") ? `Host Ports:\t${hp}\n` : `Host Port:\t${hp || "<none>"}\n`);
    for (const [title, items] of [["Command", c.command], ["Args", c.args]] as const) {
      if (!items || items.length === 0) continue;
      w.write(LEVEL_2, `${title}:\n`);
      for (const item of items) for (const line of item.split("\n")) w.write(LEVEL_3, `${line}\n`);
    }
    if (st) {
      writeState(w, "State", st.state);
      if (st.lastState?.terminated) writeState(w, "Last State", st.lastState);
      w.write(LEVEL_2, `Ready:\t${st.ready ? "True" : "False"}\n`);
      w.write(LEVEL_2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    writeResources(w, c);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${probeText(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${probeText(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${probeText(c.startupProbe)}\n`);
    writeEnv(w, c, pod);
    writeMounts(w, c);
  }
}

export function writeVolumes(w: DescribeWriter, volumes: readonly Volume[] | undefined, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? " " : ""}${v.name}:\n`);
    if (v.emptyDir) {
      w.write(LEVEL_2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
      w.write(LEVEL_2, `Medium:\t${v.emptyDir.medium ?? ""}\n`);
      w.write(LEVEL_2, `SizeLimit:\t${v.emptyDir.sizeLimit !== undefined ? String(v.emptyDir.sizeLimit) : "<unset>"}\n`);
    } else if (v.hostPath) {
      w.write(LEVEL_2, "Type:\tHostPath (bare host directory volume)\n");
      w.write(LEVEL_2, `Path:\t${v.hostPath.path}\n`);
      w.write(LEVEL_2, `HostPathType:\t${v.hostPath.type ?? ""}\n`);
    } else if (v.configMap) {
      w.write(LEVEL_2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n");
      w.write(LEVEL_2, `Name:\t${v.configMap.name ?? ""}\n`);
      w.write(LEVEL_2, `Optional:\t${v.configMap.optional === true}\n`);
    } else if (v.secret) {
      w.write(LEVEL_2, "Type:\tSecret (a volume populated by a Secret)\n");
      w.write(LEVEL_2, `SecretName:\t${v.secret.secretName ?? ""}\n`);
      w.write(LEVEL_2, `Optional:\t${v.secret.optional === true}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(LEVEL_2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n");
      w.write(LEVEL_2, `ClaimName:\t${v.persistentVolumeClaim.claimName}\n`);
      w.write(LEVEL_2, `ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`);
    } else if (v.projected) {
      w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
      for (const src of v.projected.sources ?? []) {
        if (src.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${src.serviceAccountToken.expirationSeconds ?? 3600}\n`);
        if (src.configMap) {
          w.write(LEVEL_2, `ConfigMapName:\t${src.configMap.name ?? ""}\n`);
          w.write(LEVEL_2, `Optional:\t${src.configMap.optional === true}\n`);
        }
        if (src.secret) {
          w.write(LEVEL_2, `SecretName:\t${src.secret.name ?? ""}\n`);
          w.write(LEVEL_2, `Optional:\t${src.secret.optional === true}\n`);
        }
        if (src.downwardAPI) w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
      }
    } else if (v.downwardAPI) {
      w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n");
      w.write(LEVEL_2, "Items:\n");
      for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
    } else {
      w.write(LEVEL_2, "<unknown>\n");
    }
  }
}

export function writeTolerations(w: DescribeWriter, title: string, tolerations: readonly Toleration[] | undefined, level = LEVEL_0): void {
  w.write(level, `${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.write(LEVEL_0, "<none>\n");
    return;
  }
  // kubectl lists them by key (a stable sort keeps the order among equal keys)
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? "") < (b.key ?? "") ? -1 : (a.key ?? "") > (b.key ?? "") ? 1 : 0));
  sorted.forEach((t, i) => {
    let s = i === 0 ? "" : "  ".repeat(level) + "\t";
    s += t.key ?? "";
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === "Exists" && !t.value) s += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, s + "\n");
  });
}

export function writePodTemplate(w: DescribeWriter, t: PodTemplateSpec | undefined): void {
  w.write(LEVEL_0, "Pod Template:\n");
  if (!t) {
    w.write(LEVEL_1, "<unset>");
    return;
  }
  writeLabels(w, "Labels", t.metadata?.labels, LEVEL_1);
  if (Object.keys(t.metadata?.annotations ?? {}).length > 0) writeAnnotations(w, "Annotations", t.metadata?.annotations, LEVEL_1);
  const spec = t.spec;
  if (spec?.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec?.initContainers ?? []).length > 0) writeContainers(w, "Init Containers", spec!.initContainers!, undefined, "  ");
  writeContainers(w, "Containers", spec?.containers ?? [], undefined, "  ");
  writeVolumes(w, spec?.volumes, "  ");
  if (spec?.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  writeLabels(w, "Node-Selectors", spec?.nodeSelector, LEVEL_1);
  writeTolerations(w, "Tolerations", spec?.tolerations, LEVEL_1);
}
