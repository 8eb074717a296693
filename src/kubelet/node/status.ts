/**
 * The Node object the kubelet registers and the status it keeps current: addresses,
 * capacity/allocatable, nodeInfo, the standard conditions with upstream's reasons and
 * messages, and what this node cannot enforce (missing cgroup controllers) both in
 * the Ready message and as its own condition, so nothing is silently claimed.
 */
import { existsSync, readFileSync } from "node:fs";
import { arch, hostname, release } from "node:os";
import type { Node, NodeCondition, NodeStatus } from "../api/types.ts";
import type { NodeResources } from "./capacity.ts";

// Build metadata (+kubun), not a pre-release suffix, so version-skew checks read it as v1.34.0, as with k3s.
export const KUBELET_VERSION = "v1.34.0+kubun";
export const KUBELET_PORT = 10250;

export interface NodeFacts {
  nodeName: string;
  hostIP: string | undefined;
  resources: NodeResources;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  unenforceable: string[];
  runtimeVersion: string;
  images: Array<{ names: string[]; sizeBytes: number }>;
  podCIDR?: string;
  kubeletPort?: number;
}

function readTrim(p: string): string {
  try {
    return existsSync(p) ? readFileSync(p, "utf8").trim() : "";
  } catch {
    return "";
  }
}

function osImage(): string {
  const text = readTrim("/etc/os-release");
  const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text);
  return m?.[1] ?? "Linux";
}

export function goArch(): string {
  const a = arch();
  return a === "x64" ? "amd64" : a === "arm64" ? "arm64" : a;
}

export function nodeObject(f: NodeFacts): Node {
  const labels: Record<string, string> = {
    "kubernetes.io/hostname": f.nodeName,
    "kubernetes.io/os": "linux",
    "kubernetes.io/arch": goArch(),
    "beta.kubernetes.io/os": "linux",
    "beta.kubernetes.io/arch": goArch(),
    ...(f.labels ?? {}),
  };
  const node: Node = { apiVersion: "v1", kind: "Node", metadata: { name: f.nodeName, labels, annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" } }, spec: {} };
  if (f.podCIDR) node.spec = { podCIDR: f.podCIDR, podCIDRs: [f.podCIDR] };
  if (f.taints?.length) node.spec = { ...node.spec, taints: f.taints };
  return node;
}

function cond(type: string, status: string, reason: string, message: string, old: NodeCondition[] | undefined, now: string): NodeCondition {
  const prev = old?.find((c) => c.type === type);
  return { type, status, lastHeartbeatTime: now, lastTransitionTime: prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now, reason, message };
}

export function nodeStatus(f: NodeFacts, old: NodeStatus | undefined, nowMs: number): NodeStatus {
  const now = new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const addresses: Array<{ type: string; address: string }> = [];
  if (f.hostIP) addresses.push({ type: "InternalIP", address: f.hostIP });
  addresses.push({ type: "Hostname", address: f.nodeName });
  const warn = f.unenforceable.length ? ` WARNING: ${f.unenforceable.join("; ")}` : "";
  const conditions = [
    cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", old?.conditions, now),
    cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", old?.conditions, now),
    cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", old?.conditions, now),
    cond("Ready", "True", "KubeletReady", `kubelet is posting ready status${warn}`, old?.conditions, now),
  ];
  conditions.push(
    f.unenforceable.length
      ? cond("ResourceLimitsEnforced", "False", "CgroupControllersMissing", f.unenforceable.join("; "), old?.conditions, now)
      : cond("ResourceLimitsEnforced", "True", "CgroupControllersAvailable", "cpu, memory and pids limits are enforced with cgroup v2", old?.conditions, now),
  );
  return {
    capacity: f.resources.capacity,
    allocatable: f.resources.allocatable,
    conditions,
    addresses,
    daemonEndpoints: { kubeletEndpoint: { Port: f.kubeletPort ?? KUBELET_PORT } },
    nodeInfo: {
      machineID: readTrim("/etc/machine-id"),
      systemUUID: readTrim("/sys/class/dmi/id/product_uuid") || readTrim("/etc/machine-id"),
      bootID: readTrim("/proc/sys/kernel/random/boot_id"),
      kernelVersion: release(),
      osImage: osImage(),
      containerRuntimeVersion: f.runtimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: "",
      operatingSystem: "linux",
      architecture: goArch(),
    },
    images: f.images.slice(0, 50),
  };
}

export function defaultNodeName(): string {
  return hostname().toLowerCase();
}
