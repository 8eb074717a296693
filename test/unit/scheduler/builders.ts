/** Small builders for scheduler tests: nodes and pods with just the fields a case needs. */
import type { Affinity, ContainerPort, Node, Pod, Taint, Toleration, TopologySpreadConstraint } from "../../../src/scheduler/api-types.ts";
import { NodeInfo } from "../../../src/scheduler/framework/node-info.ts";
import { PodInfo } from "../../../src/scheduler/framework/pod-info.ts";

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeral?: string;
  scalar?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const allocatable: Record<string, string> = { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: o.pods ?? "110", ...o.scalar };
  if (o.ephemeral) allocatable["ephemeral-storage"] = o.ephemeral;
  const node: Node = {
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...o.labels } },
    spec: {},
    status: { allocatable, capacity: allocatable },
  };
  if (o.taints) node.spec!.taints = o.taints;
  if (o.unschedulable) node.spec!.unschedulable = true;
  if (o.images) node.status!.images = o.images;
  return node;
}

export interface PodOpts {
  namespace?: string;
  uid?: string;
  cpu?: string;
  memory?: string;
  ephemeral?: string;
  scalar?: Record<string, string>;
  labels?: Record<string, string>;
  priority?: number;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  spread?: TopologySpreadConstraint[];
  ports?: ContainerPort[];
  image?: string;
  images?: string[];
  schedulerName?: string;
  preemptionPolicy?: "Never" | "PreemptLowerPriority";
  nominatedNodeName?: string;
  startTime?: string;
  gates?: string[];
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = { ...o.scalar };
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  if (o.ephemeral) requests["ephemeral-storage"] = o.ephemeral;
  const images = o.images ?? [o.image ?? "busybox"];
  const pod: Pod = {
    metadata: { name, namespace: o.namespace ?? "default", uid: o.uid ?? `uid-${name}`, labels: o.labels ?? {} },
    spec: {
      containers: images.map((image, i) => ({
        name: `c${i}`,
        image,
        resources: i === 0 && Object.keys(requests).length > 0 ? { requests } : {},
        ...(i === 0 && o.ports ? { ports: o.ports } : {}),
      })),
    },
    status: {},
  };
  if (o.priority !== undefined) pod.spec.priority = o.priority;
  if (o.nodeName) pod.spec.nodeName = o.nodeName;
  if (o.nodeSelector) pod.spec.nodeSelector = o.nodeSelector;
  if (o.affinity) pod.spec.affinity = o.affinity;
  if (o.tolerations) pod.spec.tolerations = o.tolerations;
  if (o.spread) pod.spec.topologySpreadConstraints = o.spread;
  if (o.schedulerName) pod.spec.schedulerName = o.schedulerName;
  if (o.preemptionPolicy) pod.spec.preemptionPolicy = o.preemptionPolicy;
  if (o.nominatedNodeName) pod.status!.nominatedNodeName = o.nominatedNodeName;
  if (o.startTime) pod.status!.startTime = o.startTime;
  if (o.gates) pod.spec.schedulingGates = o.gates.map((n) => ({ name: n }));
  if (o.ownerReferences) pod.metadata.ownerReferences = o.ownerReferences;
  return pod;
}

/** A NodeInfo with the node and the given pods (their nodeName is set to the node). */
export function nodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const ni = new NodeInfo();
  ni.setNode(node);
  for (const p of pods) ni.addPodInfo(new PodInfo({ ...p, spec: { ...p.spec, nodeName: node.metadata.name! } }));
  return ni;
}
