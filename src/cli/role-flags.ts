/** Flag sets shared by the role subcommands (names follow k3s and upstream components). */
import type { FlagSpec } from "./flags.ts";

export const DATA_DIR: FlagSpec = { name: "data-dir", short: "d", type: "string", help: "Folder to hold state (default /var/lib/kubun as root, ~/.kube/kubun otherwise)" };
export const KUBECONFIG: FlagSpec = { name: "kubeconfig", type: "string", help: "Path to a kubeconfig file for reaching the apiserver" };
export const LEADER_ELECT: FlagSpec = { name: "leader-elect", type: "boolean", help: "Elect a leader through a Lease before doing work", default: true };
export const NODE_NAME: FlagSpec = { name: "node-name", type: "string", help: "Node name (default the host name)" };
export const TOKEN: FlagSpec = { name: "token", short: "t", type: "string", help: "Shared secret used to join agents and authenticate clients" };

export const APISERVER_FLAGS: FlagSpec[] = [
  DATA_DIR,
  { name: "https-listen-port", type: "number", help: "HTTPS listen port", default: 6443 },
  { name: "bind-address", type: "string", help: "Address to listen on", default: "0.0.0.0" },
  { name: "datastore-endpoint", type: "string", help: "Store: etcd://host:2379,... (default embedded LMDB at <data-dir>/db)" },
  { name: "tls-san", type: "list", help: "Extra host names or IPs for the serving certificate" },
  TOKEN,
  { name: "token-file", type: "string", help: "File with tokens, one per line: token,user,uid[,\"group1,group2\"]" },
  { name: "write-kubeconfig", short: "o", type: "string", help: "Write the admin kubeconfig to this file" },
  { name: "metric-resolution", type: "string", help: "How often metrics.k8s.io (kubectl top) scrapes the kubelets, as metrics-server's flag", default: "15s" },
];

export const KUBELET_ARG: FlagSpec = { name: "kubelet-arg", type: "list", help: "Kubelet flag NAME=VALUE (port, pod-max-pids, max-pods, cluster-dns, cluster-domain, pod-cidr)" };

export const SERVER_FLAGS: FlagSpec[] = [
  ...APISERVER_FLAGS,
  { name: "disable-agent", type: "boolean", help: "Do not run a local agent (kubelet and proxy)" },
  { name: "disable-scheduler", type: "boolean", help: "Do not run the scheduler" },
  { name: "disable-controller-manager", type: "boolean", help: "Do not run the controller manager" },
  NODE_NAME,
  KUBELET_ARG,
];

export const AGENT_FLAGS: FlagSpec[] = [
  { name: "server", short: "s", type: "string", help: "Server to connect to, https://HOST:6443" },
  TOKEN,
  DATA_DIR,
  NODE_NAME,
  KUBELET_ARG,
];
