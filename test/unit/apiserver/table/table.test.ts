import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceForKind } from "../../../../src/api/resources.ts";
import { toTable } from "../../../../src/apiserver/table/index.ts";

const NOW = new Date("2025-01-01T12:00:00Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "default", creationTimestamp: ago(3600), ...extra });

function table(apiVersion: string, kind: string, objects: unknown[], includeObject?: "None" | "Metadata" | "Object") {
  const ri = resourceForKind(apiVersion, kind) ?? { group: apiVersion.includes("/") ? apiVersion.split("/")[0]! : "", kind };
  return toTable(ri, objects as KubeObject[], includeObject ? { now: NOW, includeObject } : { now: NOW });
}
const cells = (apiVersion: string, kind: string, obj: unknown) => table(apiVersion, kind, [obj]).rows[0]!.cells;
const columns = (apiVersion: string, kind: string) => table(apiVersion, kind, []).columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name));

describe("columns per kind (priority > 0 marked *)", () => {
  const cases: [string, string, string[]][] = [
    ["v1", "Pod", ["Name", "Ready", "Status", "Restarts", "Age", "IP*", "Node*", "Nominated Node*", "Readiness Gates*"]],
    ["v1", "Node", ["Name", "Status", "Roles", "Age", "Version", "Internal-IP*", "External-IP*", "OS-Image*", "Kernel-Version*", "Container-Runtime*"]],
    ["v1", "Service", ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector*"]],
    ["v1", "Namespace", ["Name", "Status", "Age"]],
    ["v1", "ConfigMap", ["Name", "Data", "Age"]],
    ["v1", "Secret", ["Name", "Type", "Data", "Age"]],
    ["v1", "Event", ["Last Seen", "Type", "Reason", "Object", "Subobject*", "Source*", "Message", "First Seen*", "Count*", "Name*"]],
    ["events.k8s.io/v1", "Event", ["Last Seen", "Type", "Reason", "Object", "Subobject*", "Source*", "Message", "First Seen*", "Count*", "Name*"]],
    ["v1", "PersistentVolumeClaim", ["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age", "VolumeMode*"]],
    ["apps/v1", "Deployment", ["Name", "Ready", "Up-to-date", "Available", "Age", "Containers*", "Images*", "Selector*"]],
    ["apps/v1", "ReplicaSet", ["Name", "Desired", "Current", "Ready", "Age", "Containers*", "Images*", "Selector*"]],
    ["apps/v1", "StatefulSet", ["Name", "Ready", "Age", "Containers*", "Images*"]],
    ["apps/v1", "DaemonSet", ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers*", "Images*", "Selector*"]],
    ["batch/v1", "Job", ["Name", "Status", "Completions", "Duration", "Age", "Containers*", "Images*", "Selector*"]],
    ["batch/v1", "CronJob", ["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers*", "Images*", "Selector*"]],
    ["coordination.k8s.io/v1", "Lease", ["Name", "Holder", "Age"]],
    ["rbac.authorization.k8s.io/v1", "Role", ["Name", "Created At"]],
    ["v1", "LimitRange", ["Name", "Created At"]],
  ];
  for (const [av, kind, want] of cases) test(`${av} ${kind}`, () => expect(columns(av, kind)).toEqual(want));
  test("every definition carries all five fields", () => {
    for (const c of table("v1", "Pod", []).columnDefinitions) expect(Object.keys(c).sort()).toEqual(["description", "format", "name", "priority", "type"]);
    expect(table("v1", "Pod", []).columnDefinitions[0]).toMatchObject({ name: "Name", type: "string", format: "name", priority: 0 });
  });
});

const running = { running: { startedAt: ago(100) } };
const pod = (status: Record<string, unknown>, spec: Record<string, unknown> = {}, metaExtra: Record<string, unknown> = {}) => ({
  metadata: meta("p", metaExtra),
  spec: { containers: [{ name: "a" }], ...spec },
  status,
});

describe("pod READY, STATUS, RESTARTS", () => {
  const cases: [string, unknown, [string, string, string]][] = [
    ["running and ready", pod({ phase: "Running", containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: running }] }), ["1/1", "Running", "0"]],
    ["pending, nothing reported", pod({ phase: "Pending" }), ["0/1", "Pending", "0"]],
    ["waiting reason wins", pod({ phase: "Pending", containerStatuses: [{ name: "a", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }] }), ["0/1", "ContainerCreating", "0"]],
    [
      "restarts with the time of the last one",
      pod({ phase: "Running", containerStatuses: [{ name: "a", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } } }] }),
      ["0/1", "CrashLoopBackOff", "4 (5m ago)"],
    ],
    ["completed", pod({ phase: "Succeeded", containerStatuses: [{ name: "a", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] }), ["0/1", "Completed", "0"]],
    ["terminated without reason: exit code", pod({ phase: "Failed", containerStatuses: [{ name: "a", ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] }), ["0/1", "ExitCode:3", "0"]],
    ["terminated by signal", pod({ phase: "Failed", containerStatuses: [{ name: "a", ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] }), ["0/1", "Signal:9", "0"]],
    [
      "completed container but another running: Running when ready",
      pod(
        { phase: "Running", conditions: [{ type: "Ready", status: "True" }], containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: running }, { name: "b", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] },
        { containers: [{ name: "a" }, { name: "b" }] },
      ),
      ["1/2", "Running", "0"],
    ],
    [
      "completed container but another running: NotReady otherwise",
      pod(
        { phase: "Running", containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: running }, { name: "b", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] },
        { containers: [{ name: "a" }, { name: "b" }] },
      ),
      ["1/2", "NotReady", "0"],
    ],
    [
      "init container running",
      pod({ phase: "Pending", initContainerStatuses: [{ name: "i", ready: false, restartCount: 0, state: running }] }, { initContainers: [{ name: "i" }, { name: "j" }] }),
      ["0/1", "Init:0/2", "0"],
    ],
    [
      "init container crashing",
      pod({ phase: "Pending", initContainerStatuses: [{ name: "i", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }] }, { initContainers: [{ name: "i" }] }),
      ["0/1", "Init:CrashLoopBackOff", "3"],
    ],
    [
      "init container failed",
      pod({ phase: "Pending", initContainerStatuses: [{ name: "i", ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] }, { initContainers: [{ name: "i" }] }),
      ["0/1", "Init:ExitCode:2", "0"],
    ],
    [
      "second init container after the first finished",
      pod(
        { phase: "Pending", initContainerStatuses: [{ name: "i", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }, { name: "j", ready: false, restartCount: 0, state: running }] },
        { initContainers: [{ name: "i" }, { name: "j" }] },
      ),
      ["0/1", "Init:1/2", "0"],
    ],
    [
      "sidecar init container counts as a container",
      pod(
        {
          phase: "Running",
          conditions: [{ type: "Initialized", status: "True" }],
          initContainerStatuses: [{ name: "side", ready: true, started: true, restartCount: 1, state: running }],
          containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: running }],
        },
        { initContainers: [{ name: "side", restartPolicy: "Always" }] },
      ),
      ["2/2", "Running", "1"],
    ],
    ["scheduling gated", pod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] }), ["0/1", "SchedulingGated", "0"]],
    ["status reason", pod({ phase: "Failed", reason: "Evicted" }), ["0/1", "Evicted", "0"]],
    ["terminating", pod({ phase: "Running", containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: running }] }, {}, { deletionTimestamp: ago(1) }), ["1/1", "Terminating", "0"]],
    ["terminating but already done", pod({ phase: "Succeeded" }, {}, { deletionTimestamp: ago(1) }), ["0/1", "Succeeded", "0"]],
    ["node lost", pod({ phase: "Running", reason: "NodeLost" }, {}, { deletionTimestamp: ago(1) }), ["0/1", "Unknown", "0"]],
  ];
  for (const [name, obj, want] of cases) {
    test(name, () => expect(cells("v1", "Pod", obj).slice(1, 4)).toEqual(want));
  }
  test("wide cells and row conditions", () => {
    const t = table("v1", "Pod", [
      { metadata: meta("a"), spec: { nodeName: "n1", containers: [{ name: "c" }], readinessGates: [{ conditionType: "g1" }, { conditionType: "g2" }] }, status: { phase: "Succeeded", podIPs: [{ ip: "10.0.0.7" }], conditions: [{ type: "g1", status: "True" }] } },
    ]);
    expect(t.rows[0]!.cells).toEqual(["a", "0/1", "Succeeded", "0", "60m", "10.0.0.7", "n1", "<none>", "1/2"]);
    expect(t.rows[0]!.conditions).toEqual([{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }]);
  });
});

describe("cells of other kinds", () => {
  const cases: [string, string, string, unknown, unknown[]][] = [
    [
      "node not ready, cordoned, roles",
      "v1",
      "Node",
      {
        metadata: { name: "n", creationTimestamp: ago(86400 * 3), labels: { "node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "edge" } },
        spec: { unschedulable: true },
        status: { conditions: [{ type: "Ready", status: "False" }], nodeInfo: { kubeletVersion: "v1.34.0" }, addresses: [{ type: "ExternalIP", address: "1.2.3.4" }] },
      },
      ["n", "NotReady,SchedulingDisabled", "control-plane,edge,worker", "3d", "v1.34.0", "<none>", "1.2.3.4", "<unknown>", "<unknown>", "<unknown>"],
    ],
    ["node without conditions", "v1", "Node", { metadata: { name: "n" } }, ["n", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"]],
    [
      "load balancer service",
      "v1",
      "Service",
      { metadata: meta("s"), spec: { type: "LoadBalancer", clusterIP: "10.0.0.1", ports: [{ port: 443, protocol: "TCP", nodePort: 31000 }, { port: 53, protocol: "UDP" }] }, status: { loadBalancer: { ingress: [{ ip: "5.6.7.8" }, { hostname: "lb.example" }] } } },
      ["s", "LoadBalancer", "10.0.0.1", "5.6.7.8,lb.example", "443:31000/TCP,53/UDP", "60m", "<none>"],
    ],
    ["pending load balancer", "v1", "Service", { metadata: meta("s"), spec: { type: "LoadBalancer", clusterIPs: ["10.0.0.2"] } }, ["s", "LoadBalancer", "10.0.0.2", "<pending>", "<none>", "60m", "<none>"]],
    ["headless", "v1", "Service", { metadata: meta("s"), spec: { type: "ClusterIP", clusterIP: "None", ports: [{ port: 80, protocol: "TCP" }], selector: { b: "2", a: "1" } } }, ["s", "ClusterIP", "None", "<none>", "80/TCP", "60m", "a=1,b=2"]],
    ["external name", "v1", "Service", { metadata: meta("s"), spec: { type: "ExternalName", externalName: "db.example.com" } }, ["s", "ExternalName", "<none>", "db.example.com", "<none>", "60m", "<none>"]],
    [
      "endpoints, more than three",
      "v1",
      "Endpoints",
      { metadata: meta("e"), subsets: [{ addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }, { ip: "fd00::3" }, { ip: "10.0.0.4" }], ports: [{ port: 80 }] }] },
      ["e", "10.0.0.1:80,10.0.0.2:80,[fd00::3]:80 + 1 more...", "60m"],
    ],
    ["endpoints, none", "v1", "Endpoints", { metadata: meta("e") }, ["e", "<none>", "60m"]],
    ["configmap counts data and binaryData", "v1", "ConfigMap", { metadata: meta("c"), data: { a: "1", b: "2" }, binaryData: { c: "AA==" } }, ["c", 3, "60m"]],
    ["secret", "v1", "Secret", { metadata: meta("s"), type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" } }, ["s", "kubernetes.io/tls", 2, "60m"]],
    ["namespace", "v1", "Namespace", { metadata: { name: "ns", creationTimestamp: ago(30) }, status: { phase: "Active" } }, ["ns", "Active", "30s"]],
    [
      "bound claim",
      "v1",
      "PersistentVolumeClaim",
      { metadata: meta("c"), spec: { volumeName: "pv1", storageClassName: "fast", resources: { requests: { storage: "1Gi" } } }, status: { phase: "Bound", capacity: { storage: "1024Mi" }, accessModes: ["ReadWriteMany", "ReadWriteOnce"] } },
      ["c", "Bound", "pv1", "1Gi", "RWO,RWX", "fast", "<unset>", "60m", "<unset>"],
    ],
    ["pending claim", "v1", "PersistentVolumeClaim", { metadata: meta("c"), spec: {}, status: { phase: "Pending" } }, ["c", "Pending", "", "", "", "", "<unset>", "60m", "<unset>"]],
    [
      "volume",
      "v1",
      "PersistentVolume",
      { metadata: { name: "pv", creationTimestamp: ago(3600), annotations: { "volume.beta.kubernetes.io/storage-class": "old" } }, spec: { capacity: { storage: "5Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", claimRef: { namespace: "default", name: "c" }, volumeMode: "Filesystem" }, status: { phase: "Bound" } },
      ["pv", "5Gi", "RWO", "Retain", "Bound", "default/c", "old", "<unset>", "", "60m", "Filesystem"],
    ],
    [
      "resource quota",
      "v1",
      "ResourceQuota",
      { metadata: meta("q"), status: { hard: { "limits.cpu": "2", pods: "10", "requests.memory": "1Gi" }, used: { pods: "3", "requests.memory": "512Mi" } } },
      ["q", "pods: 3/10, requests.memory: 512Mi/1Gi", "limits.cpu: 0/2", "60m"],
    ],
    [
      "resource quota: a hard name used lacks is 0, also one named like an Object.prototype member",
      "v1",
      "ResourceQuota",
      { metadata: meta("q"), status: { hard: { constructor: "1", toString: "2", pods: "3" }, used: { pods: "1" } } },
      ["q", "constructor: 0/1, pods: 1/3, toString: 0/2", "", "60m"],
    ],
    [
      "deployment",
      "apps/v1",
      "Deployment",
      { metadata: meta("d"), spec: { replicas: 3, selector: { matchLabels: { app: "d" }, matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }] }, template: { spec: { containers: [{ name: "a", image: "x:1" }, { name: "b", image: "y:2" }] } } }, status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 } },
      ["d", "1/3", 2, 1, "60m", "a,b", "x:1,y:2", "app=d,tier in (web)"],
    ],
    [
      "replicaset",
      "apps/v1",
      "ReplicaSet",
      { metadata: meta("r"), spec: { replicas: 2, selector: {}, template: { spec: { containers: [{ name: "a", image: "x" }] } } }, status: { replicas: 2, readyReplicas: 2 } },
      ["r", 2, 2, 2, "60m", "a", "x", "<none>"],
    ],
    ["statefulset", "apps/v1", "StatefulSet", { metadata: meta("s"), spec: { replicas: 3, selector: {}, template: { spec: { containers: [{ name: "db", image: "pg" }] } } }, status: { readyReplicas: 3 } }, ["s", "3/3", "60m", "db", "pg"]],
    [
      "daemonset",
      "apps/v1",
      "DaemonSet",
      { metadata: meta("ds"), spec: { selector: { matchLabels: { k: "v" } }, template: { spec: { nodeSelector: { "kubernetes.io/os": "linux" }, containers: [{ name: "a", image: "x" }] } } }, status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 } },
      ["ds", 2, 2, 1, 2, 1, "kubernetes.io/os=linux", "60m", "a", "x", "k=v"],
    ],
    [
      "controller revision",
      "apps/v1",
      "ControllerRevision",
      { metadata: meta("cr", { ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "u", controller: true }] }), revision: 2 },
      ["cr", "statefulset.apps/web", 2, "60m"],
    ],
    [
      "running job without completions",
      "batch/v1",
      "Job",
      { metadata: meta("j"), spec: { parallelism: 3, template: { spec: { containers: [{ name: "c", image: "b" }] } } }, status: { succeeded: 1, startTime: ago(125) } },
      ["j", "Running", "1/1 of 3", "2m5s", "60m", "c", "b", "<none>"],
    ],
    [
      "failed job",
      "batch/v1",
      "Job",
      { metadata: meta("j"), spec: { completions: 2, template: { spec: { containers: [] } } }, status: { failed: 2, conditions: [{ type: "Failed", status: "True" }] } },
      ["j", "Failed", "0/2", "", "60m", "", "", "<none>"],
    ],
    [
      "cronjob",
      "batch/v1",
      "CronJob",
      { metadata: meta("cj"), spec: { schedule: "*/5 * * * *", suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: "c", image: "i" }] } } } } }, status: { active: [{ name: "j1" }], lastScheduleTime: ago(90) } },
      ["cj", "*/5 * * * *", "<none>", "False", 1, "90s", "60m", "c", "i", "<none>"],
    ],
    ["lease", "coordination.k8s.io/v1", "Lease", { metadata: meta("l"), spec: { holderIdentity: "node-1" } }, ["l", "node-1", "60m"]],
    [
      "endpointslice",
      "discovery.k8s.io/v1",
      "EndpointSlice",
      { metadata: meta("es"), addressType: "IPv4", ports: [{ port: 80 }, { name: "dns" }, {}], endpoints: [{ addresses: ["10.0.0.1"] }, { addresses: ["10.0.0.2"] }] },
      ["es", "IPv4", "80,dns,*", "10.0.0.1,10.0.0.2", "60m"],
    ],
    ["empty endpointslice", "discovery.k8s.io/v1", "EndpointSlice", { metadata: meta("es"), addressType: "IPv4", endpoints: [] }, ["es", "IPv4", "<unset>", "<unset>", "60m"]],
    ["pdb", "policy/v1", "PodDisruptionBudget", { metadata: meta("p"), spec: { minAvailable: "50%" }, status: { disruptionsAllowed: 1 } }, ["p", "50%", "N/A", 1, "60m"]],
    [
      "rolebinding",
      "rbac.authorization.k8s.io/v1",
      "RoleBinding",
      { metadata: meta("rb"), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ kind: "User", name: "alice" }, { kind: "ServiceAccount", name: "sa", namespace: "ns" }, { kind: "Group", name: "devs" }] },
      ["rb", "ClusterRole/view", "60m", "alice", "devs", "ns/sa"],
    ],
    ["role has default columns", "rbac.authorization.k8s.io/v1", "Role", { metadata: { name: "r", creationTimestamp: "2024-05-01T10:00:00.000Z" } }, ["r", "2024-05-01T10:00:00Z"]],
  ];
  for (const [name, av, kind, obj, want] of cases) test(name, () => expect(cells(av, kind, obj)).toEqual(want));
});

describe("events", () => {
  const base = { metadata: meta("ev1"), involvedObject: { kind: "Pod", name: "p", fieldPath: "spec.containers{a}" }, type: "Warning", reason: "BackOff", message: " Back-off restarting \n" };
  const cases: [string, string, string, unknown, unknown[]][] = [
    [
      "core event with counts",
      "v1",
      "Event",
      { ...base, source: { component: "kubelet", host: "n1" }, firstTimestamp: ago(600), lastTimestamp: ago(30), count: 7 },
      ["30s", "Warning", "BackOff", "pod/p", "spec.containers{a}", "kubelet, n1", "Back-off restarting", "10m", 7, "ev1"],
    ],
    [
      "new-style singleton",
      "v1",
      "Event",
      { ...base, eventTime: ago(45), reportingComponent: "scheduler" },
      ["45s", "Warning", "BackOff", "pod/p", "spec.containers{a}", "scheduler", "Back-off restarting", "45s", 1, "ev1"],
    ],
    [
      "series",
      "v1",
      "Event",
      { ...base, eventTime: ago(300), series: { count: 4, lastObservedTime: ago(5) } },
      ["5s", "Warning", "BackOff", "pod/p", "spec.containers{a}", "", "Back-off restarting", "5m", 4, "ev1"],
    ],
    [
      "events.k8s.io",
      "events.k8s.io/v1",
      "Event",
      { metadata: meta("ev2"), regarding: { kind: "Node", name: "n1" }, note: "Node ready", reason: "NodeReady", type: "Normal", eventTime: ago(20), reportingController: "kubelet", reportingInstance: "n1" },
      ["20s", "Normal", "NodeReady", "node/n1", "", "kubelet, n1", "Node ready", "20s", 1, "ev2"],
    ],
  ];
  for (const [name, av, kind, obj, want] of cases) test(name, () => expect(cells(av, kind, obj)).toEqual(want));
});

describe("row objects and table metadata", () => {
  const obj = { apiVersion: "v1", kind: "ConfigMap", metadata: meta("c", { labels: { a: "b" }, resourceVersion: "9" }), data: { k: "v" } };
  test("PartialObjectMetadata by default", () => {
    const t = toTable({ group: "", kind: "ConfigMap" }, [obj as KubeObject], { now: NOW, listMeta: { resourceVersion: "42", continue: "tok" } });
    expect(t.kind).toBe("Table");
    expect(t.apiVersion).toBe("meta.k8s.io/v1");
    expect(t.metadata).toEqual({ resourceVersion: "42", continue: "tok" });
    expect(t.rows[0]!.object).toEqual({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata });
  });
  test("the full object", () => expect(table("v1", "ConfigMap", [obj], "Object").rows[0]!.object).toBe(obj));
  test("no object", () => expect(table("v1", "ConfigMap", [obj], "None").rows[0]!.object).toBeUndefined());
  test("empty list", () => {
    const t = table("v1", "Pod", []);
    expect(t.rows).toEqual([]);
    expect(t.columnDefinitions.length).toBe(9);
  });
});
