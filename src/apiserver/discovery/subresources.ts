/**
 * What each subresource is, as upstream's discovery reports it: the kind its requests
 * and responses carry (with group/version when it differs from the parent's) and its
 * verbs. The router can use this too, to know which body a subresource takes.
 */
import type { ResourceInfo, Subresource } from "../../api/resources.ts";

export interface SubresourceInfo {
  name: Subresource;
  kind: string;
  /** Set only when the kind lives in another group version (Scale, Eviction). */
  group?: string;
  version?: string;
  verbs: readonly string[];
}

const STATUS_VERBS = ["get", "patch", "update"] as const;
const CONNECT_VERBS = ["create", "get"] as const;
const PROXY_VERBS = ["create", "delete", "get", "patch", "update"] as const;

export function subresourceInfo(parent: ResourceInfo, name: Subresource): SubresourceInfo {
  switch (name) {
    case "status":
      return { name, kind: parent.kind, verbs: STATUS_VERBS };
    case "scale":
      return { name, kind: "Scale", group: "autoscaling", version: "v1", verbs: STATUS_VERBS };
    case "binding":
      return { name, kind: "Binding", verbs: ["create"] };
    case "eviction":
      return { name, kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] };
    case "log":
      return { name, kind: parent.kind, verbs: ["get"] };
    case "exec":
      return { name, kind: `${parent.kind}ExecOptions`, verbs: CONNECT_VERBS };
    case "attach":
      return { name, kind: `${parent.kind}AttachOptions`, verbs: CONNECT_VERBS };
    case "portforward":
      return { name, kind: `${parent.kind}PortForwardOptions`, verbs: CONNECT_VERBS };
    case "proxy":
      return { name, kind: `${parent.kind}ProxyOptions`, verbs: PROXY_VERBS };
    case "token":
      return { name, kind: "TokenRequest", group: "authentication.k8s.io", version: "v1", verbs: ["create"] };
    case "ephemeralcontainers":
      return { name, kind: parent.kind, verbs: STATUS_VERBS };
  }
}
