import { describe, expect, test } from "bun:test";
import { checkObject, findTypeErrors, findUnknownFields, strictDecodingMessage } from "../../../../src/api/schema/check.ts";

const pod = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", labels: { app: "x" }, creationTimestamp: null },
  spec,
  ...extra,
});
const deploy = (spec: Record<string, unknown>) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec });

describe("findUnknownFields", () => {
  const cases: [string, string, string, unknown, string[]][] = [
    ["valid pod", "v1", "Pod", pod({ containers: [{ name: "c", image: "i", imagePullPolicy: "Always" }] }), []],
    ["typo in container", "v1", "Pod", pod({ containers: [{ name: "c", imagePullPolicyy: "Always" }] }), ["spec.containers[0].imagePullPolicyy"]],
    ["second container", "v1", "Pod", pod({ containers: [{ name: "a" }, { name: "b", foo: 1 }] }), ["spec.containers[1].foo"]],
    ["top level and metadata", "v1", "Pod", pod({ containers: [] }, { bogus: true, metadata: { name: "p", nam: "x" } }), ["metadata.nam", "bogus"]],
    [
      "deep in a deployment",
      "apps/v1",
      "Deployment",
      deploy({ selector: {}, template: { spec: { initContainers: [{ name: "i", volumeMounts: [{ name: "v", mountPath: "/x", hostPath: "/y" }] }] } } }),
      ["spec.template.spec.initContainers[0].volumeMounts[0].hostPath"],
    ],
    ["pod fields under template metadata", "apps/v1", "Deployment", deploy({ template: { metadata: { containers: [] } } }), ["spec.template.metadata.containers"]],
    ["inlined volume source", "v1", "Pod", pod({ containers: [], volumes: [{ name: "v", emptyDir: {}, hostPath: { path: "/" } }] }), []],
    ["unknown in volume source", "v1", "Pod", pod({ containers: [], volumes: [{ name: "v", emptyDir: { size: "1Gi" } }] }), ["spec.volumes[0].emptyDir.size"]],
    ["map values are free", "v1", "ConfigMap", { metadata: { annotations: { "a/b": "c" } }, data: { anything: "x" } }, []],
    ["raw extension keeps anything", "apps/v1", "ControllerRevision", { metadata: {}, revision: 1, data: { spec: { whatever: 1 } } }, []],
    ["managedFields fieldsV1 free", "v1", "Pod", pod({ containers: [] }, { metadata: { managedFields: [{ manager: "m", fieldsV1: { "f:spec": {} } }] } }), []],
    ["unknown kind reports nothing", "example.com/v1", "Widget", { spec: { x: 1 } }, []],
  ];
  for (const [name, av, kind, obj, want] of cases) {
    test(name, () => expect(findUnknownFields(av, kind, obj)).toEqual(want));
  }
  test("strict decoding message", () => {
    expect(strictDecodingMessage(["spec.a", "spec.b"])).toBe('strict decoding error: unknown field "spec.a", unknown field "spec.b"');
  });
});

describe("findTypeErrors", () => {
  const cases: [string, string, string, unknown, { field: string; message: string }[]][] = [
    ["valid", "apps/v1", "Deployment", deploy({ replicas: 3, template: { spec: { containers: [{ name: "c", ports: [{ containerPort: 80 }] }] } } }), []],
    [
      "string replicas",
      "apps/v1",
      "Deployment",
      deploy({ replicas: "1" }),
      [{ field: "spec.replicas", message: "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32" }],
    ],
    [
      "string containerPort",
      "apps/v1",
      "Deployment",
      deploy({ template: { spec: { containers: [{ name: "c", ports: [{ containerPort: "27107" }] }] } } }),
      [
        {
          field: "spec.template.spec.containers[0].ports[0].containerPort",
          message: "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
        },
      ],
    ],
    [
      "array expected",
      "v1",
      "Pod",
      pod({ containers: "nginx" }),
      [{ field: "spec.containers", message: "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container" }],
    ],
    [
      "object expected",
      "v1",
      "Pod",
      pod({ containers: [] }, { spec: "x" }),
      [{ field: "spec", message: "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec" }],
    ],
    [
      "label value must be a string",
      "v1",
      "Pod",
      pod({ containers: [] }, { metadata: { labels: { a: 1 } } }),
      [{ field: "metadata.labels.a", message: "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string" }],
    ],
    [
      "bool expected",
      "v1",
      "Pod",
      pod({ containers: [], hostNetwork: "true" }),
      [{ field: "spec.hostNetwork", message: "json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool" }],
    ],
    [
      "fraction in int",
      "v1",
      "Pod",
      pod({ containers: [], terminationGracePeriodSeconds: 1.5 }),
      [{ field: "spec.terminationGracePeriodSeconds", message: "json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64" }],
    ],
    [
      "int32 overflow",
      "apps/v1",
      "Deployment",
      deploy({ replicas: 3000000000 }),
      [{ field: "spec.replicas", message: "json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32" }],
    ],
    ["quantities as numbers and strings", "v1", "Pod", pod({ containers: [{ name: "c", resources: { limits: { cpu: 1, memory: "1Gi" }, requests: { cpu: "100m", memory: "1e3" } } }] }), []],
    [
      "bad quantity",
      "v1",
      "Pod",
      pod({ containers: [{ name: "c", resources: { limits: { cpu: "one" } } }] }),
      [{ field: "spec.containers[0].resources.limits.cpu", message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" }],
    ],
    [
      "bad quantity suffix",
      "v1",
      "Pod",
      pod({ containers: [{ name: "c", resources: { limits: { memory: "1Gii" } } }] }),
      [{ field: "spec.containers[0].resources.limits.memory", message: "unable to parse quantity's suffix" }],
    ],
    ["int-or-string both ways", "v1", "Service", { metadata: {}, spec: { ports: [{ port: 80, targetPort: "http" }, { port: 81, targetPort: 8081 }] } }, []],
    [
      "int-or-string bool",
      "v1",
      "Service",
      { metadata: {}, spec: { ports: [{ port: 80, targetPort: true }] } },
      [{ field: "spec.ports[0].targetPort", message: "json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32" }],
    ],
    [
      "bad time",
      "v1",
      "Pod",
      pod({ containers: [] }, { metadata: { creationTimestamp: "yesterday" } }),
      [{ field: "metadata.creationTimestamp", message: 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"' }],
    ],
    ["good times", "coordination.k8s.io/v1", "Lease", { metadata: { creationTimestamp: "2024-01-02T03:04:05Z" }, spec: { renewTime: "2024-01-02T03:04:05.123456Z" } }, []],
    [
      "secret data must be base64",
      "v1",
      "Secret",
      { metadata: {}, data: { ok: "aGVsbG8=", bad: "not base64!" } },
      [{ field: "data.bad", message: "illegal base64 data at input byte 3" }],
    ],
    ["base64 may wrap lines", "v1", "Secret", { metadata: {}, data: { pem: "aGVs\nbG8=\n" } }, []],
    ["nulls are accepted", "v1", "Pod", pod({ containers: null, nodeName: null }, { status: null }), []],
    ["body not an object", "v1", "Pod", [1], [{ field: "", message: "json: cannot unmarshal array into Go value of type v1.Pod" }]],
  ];
  for (const [name, av, kind, obj, want] of cases) {
    test(name, () => expect(findTypeErrors(av, kind, obj)).toEqual(want));
  }
  test("one walk finds both", () => {
    const r = checkObject("apps/v1", "Deployment", deploy({ replicas: "2", foo: 1 }));
    expect(r.unknownFields).toEqual(["spec.foo"]);
    expect(r.typeErrors.map((e) => e.field)).toEqual(["spec.replicas"]);
  });
});

describe("checkObject with prune", () => {
  test("drops null optional fields and empty optional lists and maps, at every depth", () => {
    const obj = pod(
      {
        containers: [{ name: "c", image: "i", env: [], ports: [], args: null, resources: {}, securityContext: {}, volumeMounts: [{ name: "v", mountPath: "/m" }] }],
        volumes: [],
        nodeSelector: {},
        tolerations: null,
        hostname: "h",
      },
      { metadata: { name: "p", labels: {}, annotations: {}, finalizers: [], ownerReferences: [], generateName: null } },
    );
    const result = checkObject("v1", "Pod", obj, { prune: true });
    expect(result).toEqual({ unknownFields: [], typeErrors: [] });
    expect(obj as unknown).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      // empty structs stay (Go keeps resources: {} and a set securityContext pointer)
      spec: { containers: [{ name: "c", image: "i", resources: {}, securityContext: {}, volumeMounts: [{ name: "v", mountPath: "/m" }] }], hostname: "h" },
    });
  });

  test("keeps required fields for validation to report, values of free-form fields, and everything without prune", () => {
    const slice = { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "s", labels: { a: "b" } }, addressType: "IPv4", endpoints: [] };
    checkObject("discovery.k8s.io/v1", "EndpointSlice", slice, { prune: true });
    expect(slice.endpoints).toEqual([]);
    const rev = { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "r" }, revision: 1, data: { spec: { template: { metadata: { labels: {} } } } } };
    checkObject("apps/v1", "ControllerRevision", rev, { prune: true });
    expect(rev.data.spec.template.metadata.labels).toEqual({});
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", labels: {} }, data: {} };
    checkObject("v1", "ConfigMap", cm);
    expect(cm).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", labels: {} }, data: {} });
    checkObject("v1", "ConfigMap", cm, { prune: true });
    expect(cm as unknown).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
  });

  test("unknown fields and type errors are still found while pruning", () => {
    const obj = pod({ containers: [{ name: "c", env: [], bogus: 1, ports: "no" }] });
    const result = checkObject("v1", "Pod", obj, { prune: true });
    expect(result.unknownFields).toEqual(["spec.containers[0].bogus"]);
    expect(result.typeErrors.map((e) => e.field)).toEqual(["spec.containers[0].ports"]);
  });
});
