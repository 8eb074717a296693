import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor, type ResourceInfo } from "../../../../src/api/resources.ts";
import { errorString, formatInvalidMessage, toStatusCauses, validateObject } from "../../../../src/api/validation/index.ts";
import { clone, cronJob, daemonSet, deployment, job, pod, service, statefulSet } from "./fixtures.ts";

const R = {
  pods: resourceFor("", "v1", "pods")!,
  services: resourceFor("", "v1", "services")!,
  namespaces: resourceFor("", "v1", "namespaces")!,
  configmaps: resourceFor("", "v1", "configmaps")!,
  secrets: resourceFor("", "v1", "secrets")!,
  nodes: resourceFor("", "v1", "nodes")!,
  pvcs: resourceFor("", "v1", "persistentvolumeclaims")!,
  deployments: resourceFor("apps", "v1", "deployments")!,
  statefulsets: resourceFor("apps", "v1", "statefulsets")!,
  daemonsets: resourceFor("apps", "v1", "daemonsets")!,
  jobs: resourceFor("batch", "v1", "jobs")!,
  cronjobs: resourceFor("batch", "v1", "cronjobs")!,
  leases: resourceFor("coordination.k8s.io", "v1", "leases")!,
  roles: resourceFor("rbac.authorization.k8s.io", "v1", "roles")!,
};

type Mut = (o: any) => void;
const errorsOf = (r: ResourceInfo, o: KubeObject, old?: KubeObject) => validateObject(r, o, old).map(errorString);

const RFC1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const RFC1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

interface Case {
  name: string;
  r: ResourceInfo;
  base: () => KubeObject;
  mutate: Mut;
  want: string[];
}

const create: Case[] = [
  { name: "valid pod", r: R.pods, base: pod, mutate: () => {}, want: [] },
  { name: "valid deployment", r: R.deployments, base: deployment, mutate: () => {}, want: [] },
  { name: "valid statefulset", r: R.statefulsets, base: statefulSet, mutate: () => {}, want: [] },
  { name: "valid daemonset", r: R.daemonsets, base: daemonSet, mutate: () => {}, want: [] },
  { name: "valid job", r: R.jobs, base: job, mutate: () => {}, want: [] },
  { name: "valid cronjob", r: R.cronjobs, base: cronJob, mutate: () => {}, want: [] },
  { name: "valid service", r: R.services, base: service, mutate: () => {}, want: [] },
  { name: "pod name not a subdomain", r: R.pods, base: pod, mutate: (o) => (o.metadata.name = "Web_1"), want: [`metadata.name: Invalid value: "Web_1": ${RFC1123_SUBDOMAIN}`] },
  { name: "missing name", r: R.pods, base: pod, mutate: (o) => delete o.metadata.name, want: ["metadata.name: Required value: name or generateName is required"] },
  { name: "missing namespace", r: R.pods, base: pod, mutate: (o) => delete o.metadata.namespace, want: ["metadata.namespace: Required value"] },
  {
    name: "namespace on cluster-scoped",
    r: R.namespaces,
    base: () => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev", namespace: "x" } }),
    mutate: () => {},
    want: ["metadata.namespace: Forbidden: not allowed on this type"],
  },
  {
    name: "namespace name is a DNS label",
    r: R.namespaces,
    base: () => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: "a.b" } }),
    mutate: () => {},
    want: ['metadata.name: Invalid value: "a.b": must not contain dots'],
  },
  { name: "service name is DNS-1035", r: R.services, base: service, mutate: (o) => (o.metadata.name = "1web"), want: [`metadata.name: Invalid value: "1web": ${DNS1035}`] },
  { name: "rbac names are path segments", r: R.roles, base: () => ({ metadata: { name: "system:foo/bar", namespace: "d" } }), mutate: () => {}, want: ["metadata.name: Invalid value: \"system:foo/bar\": may not contain '/'"] },
  {
    name: "bad label value",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.metadata.labels = { app: "has space" }),
    want: [
      "metadata.labels: Invalid value: \"has space\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  },
  {
    name: "label key too long",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.metadata.labels = { ["k".repeat(64)]: "v" }),
    want: [`metadata.labels: Invalid value: "${"k".repeat(64)}": name part must be no more than 63 characters`],
  },
  {
    name: "annotations over 256 KiB",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.metadata.annotations = { big: "x".repeat(256 * 1024) }),
    want: ["metadata.annotations: Too long: must have at most 262144 bytes"],
  },
  { name: "generateName prefix may end in a dash", r: R.pods, base: pod, mutate: (o) => (o.metadata.generateName = "web-"), want: [] },
  { name: "containers required", r: R.pods, base: pod, mutate: (o) => (o.spec.containers = []), want: ["spec.containers: Required value"] },
  { name: "container name required", r: R.pods, base: pod, mutate: (o) => delete o.spec.containers[0].name, want: ["spec.containers[0].name: Required value"] },
  { name: "image required", r: R.pods, base: pod, mutate: (o) => delete o.spec.containers[0].image, want: ["spec.containers[0].image: Required value"] },
  {
    name: "duplicate container names across init and regular",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.initContainers = [{ ...o.spec.containers[0], ports: [], resources: {} }]),
    want: ['spec.initContainers[0].name: Duplicate value: "web"'],
  },
  {
    name: "duplicate container names",
    r: R.pods,
    base: pod,
    mutate: (o) => o.spec.containers.push({ ...o.spec.containers[0], ports: [] }),
    want: ['spec.containers[1].name: Duplicate value: "web"'],
  },
  { name: "container name is a DNS label", r: R.pods, base: pod, mutate: (o) => (o.spec.containers[0].name = "Web"), want: [`spec.containers[0].name: Invalid value: "Web": ${RFC1123_LABEL}`] },
  {
    name: "port out of range",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.containers[0].ports[0].containerPort = 70000),
    want: ["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
  },
  {
    name: "bad protocol",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.containers[0].ports[0].protocol = "tcp"),
    want: ['spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
  },
  {
    name: "duplicate port names",
    r: R.pods,
    base: pod,
    mutate: (o) => o.spec.containers[0].ports.push({ containerPort: 81, protocol: "TCP", name: "http" }),
    want: ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
  },
  {
    name: "requests above limits",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.containers[0].resources.requests.cpu = "2"),
    want: ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
  },
  {
    name: "negative quantity",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.containers[0].resources = { limits: { memory: "-1" } }),
    want: ["spec.containers[0].resources.limits[memory]: Invalid value: -1: must be greater than or equal to 0"],
  },
  {
    name: "unknown container resource",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.containers[0].resources = { limits: { gpu: "1" } }),
    want: ['spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified'],
  },
  {
    name: "bad restartPolicy",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.restartPolicy = "Sometimes"),
    want: ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  },
  {
    name: "volume mount without volume",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.containers[0].volumeMounts = [{ name: "data", mountPath: "/data" }]),
    want: ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
  },
  {
    name: "duplicate volume names",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.volumes = [{ name: "data", emptyDir: {} }, { name: "data", emptyDir: {} }]),
    want: ['spec.volumes[1].name: Duplicate value: "data"'],
  },
  { name: "volume without source", r: R.pods, base: pod, mutate: (o) => (o.spec.volumes = [{ name: "data" }]), want: ["spec.volumes[0]: Required value: must specify a volume type"] },
  {
    name: "probe without handler and bad threshold",
    r: R.pods,
    base: pod,
    mutate: (o) => (o.spec.containers[0].livenessProbe = { successThreshold: 2, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 }),
    want: ["spec.containers[0].livenessProbe: Required value: must specify a handler type", "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"],
  },
  { name: "env name required", r: R.pods, base: pod, mutate: (o) => (o.spec.containers[0].env = [{ value: "x" }]), want: ["spec.containers[0].env[0].name: Required value", 'spec.containers[0].env[0].name: Invalid value: "": environment variable name must be non-empty'] },
  {
    name: "deployment without selector",
    r: R.deployments,
    base: deployment,
    mutate: (o) => delete o.spec.selector,
    want: ["spec.selector: Required value", 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
  },
  {
    name: "deployment selector mismatch",
    r: R.deployments,
    base: deployment,
    mutate: (o) => (o.spec.selector = { matchLabels: { app: "db" } }),
    want: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
  },
  {
    name: "deployment empty selector",
    r: R.deployments,
    base: deployment,
    mutate: (o) => (o.spec.selector = {}),
    want: ["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"],
  },
  { name: "negative replicas", r: R.deployments, base: deployment, mutate: (o) => (o.spec.replicas = -1), want: ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"] },
  {
    name: "maxSurge and maxUnavailable both 0",
    r: R.deployments,
    base: deployment,
    mutate: (o) => (o.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 0 }),
    want: ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"],
  },
  {
    name: "recreate with rollingUpdate",
    r: R.deployments,
    base: deployment,
    mutate: (o) => (o.spec.strategy.type = "Recreate"),
    want: ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
  },
  {
    name: "template container name missing (upstream example)",
    r: R.deployments,
    base: deployment,
    mutate: (o) => delete o.spec.template.spec.containers[0].name,
    want: ["spec.template.spec.containers[0].name: Required value"],
  },
  {
    name: "deployment template restartPolicy",
    r: R.deployments,
    base: deployment,
    mutate: (o) => (o.spec.template.spec.restartPolicy = "Never"),
    want: ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  },
  {
    name: "statefulset bad podManagementPolicy",
    r: R.statefulsets,
    base: statefulSet,
    mutate: (o) => (o.spec.podManagementPolicy = "Random"),
    want: ["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"],
  },
  {
    name: "daemonset surge and unavailable",
    r: R.daemonsets,
    base: daemonSet,
    mutate: (o) => (o.spec.updateStrategy.rollingUpdate = { maxUnavailable: 1, maxSurge: 1 }),
    want: ["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"],
  },
  {
    name: "job restartPolicy Always",
    r: R.jobs,
    base: job,
    mutate: (o) => (o.spec.template.spec.restartPolicy = "Always"),
    want: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
  },
  { name: "job negative completions", r: R.jobs, base: job, mutate: (o) => (o.spec.completions = -1), want: ["spec.completions: Invalid value: -1: must be greater than or equal to 0"] },
  {
    name: "cronjob bad schedule",
    r: R.cronjobs,
    base: cronJob,
    mutate: (o) => (o.spec.schedule = "every minute"),
    want: ['spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]'],
  },
  {
    name: "cronjob out of range",
    r: R.cronjobs,
    base: cronJob,
    mutate: (o) => (o.spec.schedule = "61 * * * *"),
    want: ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61'],
  },
  {
    name: "cronjob TZ in schedule",
    r: R.cronjobs,
    base: cronJob,
    mutate: (o) => (o.spec.schedule = "TZ=UTC 0 * * * *"),
    want: ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  },
  { name: "cronjob descriptors", r: R.cronjobs, base: cronJob, mutate: (o) => (o.spec.schedule = "@hourly"), want: [] },
  {
    name: "cronjob name too long",
    r: R.cronjobs,
    base: cronJob,
    mutate: (o) => (o.metadata.name = "c".repeat(53)),
    want: [`metadata.name: Invalid value: "${"c".repeat(53)}": must be no more than 52 characters`],
  },
  {
    name: "service type",
    r: R.services,
    base: service,
    mutate: (o) => (o.spec.type = "Internal"),
    want: ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
  },
  {
    name: "service port names required with several ports",
    r: R.services,
    base: service,
    mutate: (o) => o.spec.ports.push({ port: 443, targetPort: 8443, protocol: "TCP" }),
    want: ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"],
  },
  { name: "service ports required", r: R.services, base: service, mutate: (o) => (o.spec.ports = []), want: ["spec.ports: Required value"] },
  {
    name: "configmap key",
    r: R.configmaps,
    base: () => ({ metadata: { name: "c", namespace: "d" }, data: { "bad key": "v" } }),
    mutate: () => {},
    want: [
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
  },
  {
    name: "configmap too big",
    r: R.configmaps,
    base: () => ({ metadata: { name: "c", namespace: "d" }, data: { a: "x".repeat(1024 * 1024 + 1) } }),
    mutate: () => {},
    want: [": Too long: must have at most 1048576 bytes"],
  },
  {
    name: "tls secret keys",
    r: R.secrets,
    base: () => ({ metadata: { name: "s", namespace: "d" }, type: "kubernetes.io/tls", data: { "tls.crt": "YQ==" } }),
    mutate: () => {},
    want: ["data[tls.key]: Required value"],
  },
  {
    name: "lease duration",
    r: R.leases,
    base: () => ({ metadata: { name: "l", namespace: "d" }, spec: { leaseDurationSeconds: 0 } }),
    mutate: () => {},
    want: ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"],
  },
  {
    name: "node taint effect",
    r: R.nodes,
    base: () => ({ metadata: { name: "n1" }, spec: { taints: [{ key: "k", effect: "Never" }] } }),
    mutate: () => {},
    want: ['spec.taints[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
  },
  {
    name: "pvc storage request",
    r: R.pvcs,
    base: () => ({ metadata: { name: "p", namespace: "d" }, spec: { accessModes: ["ReadWriteOnce"], resources: {} } }),
    mutate: () => {},
    want: ["spec.resources[storage]: Required value"],
  },
];

describe("validateObject on create", () => {
  for (const c of create) {
    test(c.name, () => {
      const o = clone(c.base());
      c.mutate(o);
      expect(errorsOf(c.r, o)).toEqual(c.want);
    });
  }
});

interface UpdateCase {
  name: string;
  r: ResourceInfo;
  base: () => KubeObject;
  mutate: Mut;
  want: string[];
}

const withMeta = (f: () => KubeObject) => () => {
  const o = f();
  o.metadata = { ...o.metadata, uid: "u-1", resourceVersion: "5", creationTimestamp: "2024-01-01T00:00:00Z" };
  return o;
};

const updates: UpdateCase[] = [
  { name: "pod image change allowed", r: R.pods, base: withMeta(pod), mutate: (o) => (o.spec.containers[0].image = "nginx:1.28"), want: [] },
  { name: "pod toleration addition allowed", r: R.pods, base: withMeta(pod), mutate: (o) => (o.spec.tolerations = [{ key: "k", operator: "Exists", effect: "NoSchedule" }]), want: [] },
  { name: "uid immutable", r: R.pods, base: withMeta(pod), mutate: (o) => (o.metadata.uid = "u-2"), want: ['metadata.uid: Invalid value: "u-2": field is immutable'] },
  { name: "name immutable", r: R.deployments, base: withMeta(deployment), mutate: (o) => (o.metadata.name = "web2"), want: ['metadata.name: Invalid value: "web2": field is immutable'] },
  {
    name: "deployment selector immutable",
    r: R.deployments,
    base: withMeta(deployment),
    mutate: (o) => {
      o.spec.selector = { matchLabels: { app: "web2" } };
      o.spec.template.metadata.labels = { app: "web2" };
    },
    want: ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'],
  },
  { name: "deployment scale allowed", r: R.deployments, base: withMeta(deployment), mutate: (o) => (o.spec.replicas = 5), want: [] },
  {
    name: "statefulset forbidden field",
    r: R.statefulsets,
    base: withMeta(statefulSet),
    mutate: (o) => (o.spec.serviceName = "other"),
    want: [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ],
  },
  {
    name: "service clusterIP immutable",
    r: R.services,
    base: withMeta(service),
    mutate: (o) => {
      o.spec.clusterIP = "10.96.0.11";
      o.spec.clusterIPs = ["10.96.0.11"];
    },
    want: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set'],
  },
  {
    name: "job template immutable",
    r: R.jobs,
    base: withMeta(job),
    mutate: (o) => (o.spec.template.spec.containers[0].image = "other"),
    want: ["spec.template: Invalid value: field is immutable"],
  },
  {
    name: "immutable configmap",
    r: R.configmaps,
    base: withMeta(() => ({ metadata: { name: "c", namespace: "d" }, immutable: true, data: { a: "1" } })),
    mutate: (o) => (o.data.a = "2"),
    want: ["data: Forbidden: field is immutable when `immutable` is set"],
  },
];

describe("validateObject on update", () => {
  for (const c of updates) {
    test(c.name, () => {
      const old = c.base();
      const o = clone(old);
      c.mutate(o);
      const got = errorsOf(c.r, o, old).map((s) => s.replace(/Invalid value: \{.*\}: field is immutable/, "Invalid value: field is immutable"));
      expect(got).toEqual(c.want);
    });
  }

  test("pod spec change is forbidden with upstream's message", () => {
    const old = withMeta(pod)();
    const o = clone(old) as any;
    o.spec.dnsPolicy = "Default";
    const errs = validateObject(R.pods, o, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.field).toBe("spec");
    expect(errorString(errs[0]!)).toStartWith(
      "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n",
    );
    expect(errorString(errs[0]!)).toContain('+ spec.dnsPolicy: "Default"');
  });

  test("pods may not add containers", () => {
    const old = withMeta(pod)();
    const o = clone(old) as any;
    o.spec.containers.push({ ...o.spec.containers[0], name: "side", ports: [] });
    expect(errorsOf(R.pods, o, old)).toEqual(["spec.containers: Forbidden: pod updates may not add or remove containers"]);
  });

  test("status subresource checks metadata only", () => {
    const old = withMeta(deployment)();
    const o = clone(old) as any;
    o.spec.replicas = -5;
    expect(validateObject(R.deployments, o, old, { subresource: "status" })).toEqual([]);
    expect(validateObject(R.deployments, { metadata: {}, spec: { replicas: -1 } }, old, { subresource: "scale" }).map(errorString)).toEqual([
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });
});

describe("formatInvalidMessage", () => {
  test("one error, as kubectl prints it", () => {
    const o = deployment() as any;
    delete o.spec.template.spec.containers[0].name;
    const errs = validateObject(R.deployments, o);
    expect(formatInvalidMessage({ group: "apps", kind: "Deployment" }, "web", errs)).toBe(
      'Deployment.apps "web" is invalid: spec.template.spec.containers[0].name: Required value',
    );
    expect(toStatusCauses(errs)).toEqual([{ reason: "FieldValueRequired", message: "Required value", field: "spec.template.spec.containers[0].name" }]);
  });
  test("several errors are bracketed; core kinds have no group", () => {
    const o = pod() as any;
    delete o.spec.containers[0].name;
    delete o.spec.containers[0].image;
    expect(formatInvalidMessage({ group: "", kind: "Pod" }, "web-0", validateObject(R.pods, o))).toBe(
      'Pod "web-0" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    );
  });
});
