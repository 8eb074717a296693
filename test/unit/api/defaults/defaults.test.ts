import { describe, expect, test } from "bun:test";
import { applyDefaults, imageTag, podQOSClass } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor, type ResourceInfo } from "../../../../src/api/resources.ts";
import { errorString, validateObject } from "../../../../src/api/validation/index.ts";

const R = (g: string, plural: string): ResourceInfo => resourceFor(g, "v1", plural)!;

const run = (r: ResourceInfo, o: KubeObject, old?: KubeObject) => {
  applyDefaults(r, o, old);
  return o as any;
};

describe("pods", () => {
  test("spec, container, probe and port defaults", () => {
    const pod = run(R("", "pods"), {
      metadata: { name: "p", namespace: "d" },
      spec: {
        containers: [
          {
            name: "c",
            image: "nginx",
            ports: [{ containerPort: 80 }],
            livenessProbe: { httpGet: { port: 80 } },
            resources: { limits: { cpu: "0.5", memory: "1Gi" } },
            env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
          },
        ],
        volumes: [{ name: "scratch" }, { name: "cfg", configMap: { name: "x" } }],
      },
    });
    expect(pod.spec).toMatchObject({
      restartPolicy: "Always",
      dnsPolicy: "ClusterFirst",
      schedulerName: "default-scheduler",
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      enableServiceLinks: true,
      priority: 0,
      preemptionPolicy: "PreemptLowerPriority",
      volumes: [{ name: "scratch", emptyDir: {} }, { name: "cfg", configMap: { name: "x", defaultMode: 420 } }],
    });
    expect(pod.spec.containers[0]).toEqual({
      name: "c",
      image: "nginx",
      imagePullPolicy: "Always",
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
      ports: [{ containerPort: 80, protocol: "TCP" }],
      livenessProbe: { httpGet: { port: 80, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      resources: { limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "500m", memory: "1Gi" } },
      env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name", apiVersion: "v1" } } }],
    });
    expect(pod.status).toEqual({ phase: "Pending", qosClass: "Guaranteed" });
    expect(validateObject(R("", "pods"), pod).map(errorString)).toEqual([]);
  });

  test("update does not reset status", () => {
    const old = { metadata: { name: "p", namespace: "d" }, spec: { containers: [{ name: "c", image: "x:1" }] }, status: { phase: "Running" } };
    const pod = run(R("", "pods"), structuredClone(old) as KubeObject, old as KubeObject);
    expect(pod.status).toEqual({ phase: "Running" });
  });

  test("hostNetwork ports", () => {
    const pod = run(R("", "pods"), { metadata: {}, spec: { hostNetwork: true, containers: [{ name: "c", image: "x:1", ports: [{ containerPort: 53 }] }] } });
    expect(pod.spec.containers[0].ports[0]).toEqual({ containerPort: 53, hostPort: 53, protocol: "TCP" });
  });

  const qos: [string, object[], ReturnType<typeof podQOSClass>][] = [
    ["best effort", [{}], "BestEffort"],
    ["guaranteed", [{ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "1000m", memory: "1Gi" } }], "Guaranteed"],
    ["burstable", [{ requests: { cpu: "100m" } }], "Burstable"],
    ["limits without memory", [{ limits: { cpu: "1" }, requests: { cpu: "1" } }], "Burstable"],
  ];
  for (const [name, resources, want] of qos) {
    test(`qos ${name}`, () => expect(podQOSClass({ containers: resources.map((r) => ({ resources: r })) })).toBe(want));
  }
});

describe("image pull policy follows the tag", () => {
  const cases: [string, string][] = [
    ["nginx", "latest"],
    ["nginx:latest", "latest"],
    ["nginx:1.27", "1.27"],
    ["registry.local:5000/team/app", "latest"],
    ["registry.local:5000/team/app:v2", "v2"],
    ["nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ""],
    ["nginx:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "1.2"],
    ["NotValid", ""],
  ];
  for (const [image, tag] of cases) test(image, () => expect(imageTag(image)).toBe(tag));
});

describe("workloads", () => {
  const template = { metadata: { labels: { app: "w" } }, spec: { containers: [{ name: "c", image: "x:1" }] } };
  test("deployment", () => {
    const d = run(R("apps", "deployments"), { metadata: { name: "w", namespace: "d" }, spec: { selector: { matchLabels: { app: "w" } }, template: structuredClone(template) } });
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { spec: { restartPolicy: "Always", dnsPolicy: "ClusterFirst" } },
    });
    expect(d.spec.template.spec.enableServiceLinks).toBeUndefined();
    expect(d.metadata.labels).toBeUndefined();
    expect(validateObject(R("apps", "deployments"), d)).toEqual([]);
  });
  test("recreate gets no rollingUpdate", () => {
    const d = run(R("apps", "deployments"), { metadata: {}, spec: { strategy: { type: "Recreate" } } });
    expect(d.spec.strategy).toEqual({ type: "Recreate" });
  });
  test("statefulset", () => {
    const s = run(R("apps", "statefulsets"), {
      metadata: { name: "s", namespace: "d" },
      spec: { selector: { matchLabels: { app: "w" } }, template: structuredClone(template), volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] },
    });
    expect(s.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      volumeClaimTemplates: [{ spec: { volumeMode: "Filesystem" }, status: { phase: "Pending" } }],
    });
    expect(validateObject(R("apps", "statefulsets"), s)).toEqual([]);
  });
  test("daemonset", () => {
    const ds = run(R("apps", "daemonsets"), { metadata: {}, spec: {} });
    expect(ds.spec).toMatchObject({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
  });
  test("replicaset", () => expect(run(R("apps", "replicasets"), { metadata: {}, spec: {} }).spec.replicas).toBe(1));
  test("job with generated selector", () => {
    const job = run(R("batch", "jobs"), {
      metadata: { name: "pi", namespace: "d", uid: "uid-1" },
      spec: { template: { metadata: { labels: { app: "pi" } }, spec: { restartPolicy: "Never", containers: [{ name: "c", image: "perl:5" }] } } },
    });
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: "TerminatingOrFailed",
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "uid-1" } },
    });
    expect(job.spec.template.metadata.labels).toEqual({
      app: "pi",
      "batch.kubernetes.io/controller-uid": "uid-1",
      "batch.kubernetes.io/job-name": "pi",
      "controller-uid": "uid-1",
      "job-name": "pi",
    });
    expect(job.metadata.labels["batch.kubernetes.io/job-name"]).toBe("pi");
    expect(validateObject(R("batch", "jobs"), job).map(errorString)).toEqual([]);
  });
  test("parallel job keeps completions unset", () => {
    const job = run(R("batch", "jobs"), { metadata: { uid: "u" }, spec: { parallelism: 3 } });
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.parallelism).toBe(3);
  });
  test("cronjob", () => {
    const cj = run(R("batch", "cronjobs"), { metadata: {}, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { containers: [{ name: "c", image: "x" }] } } } } } });
    expect(cj.spec).toMatchObject({ concurrencyPolicy: "Allow", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy).toBe("Always");
  });
});

describe("core kinds", () => {
  const cases: [string, ResourceInfo, KubeObject, object][] = [
    [
      "service",
      R("", "services"),
      { metadata: {}, spec: { ports: [{ port: 80 }, { port: 443, targetPort: "https" }] } },
      {
        spec: {
          type: "ClusterIP",
          sessionAffinity: "None",
          internalTrafficPolicy: "Cluster",
          ipFamilyPolicy: "SingleStack",
          ipFamilies: ["IPv4"],
          ports: [
            { port: 80, protocol: "TCP", targetPort: 80 },
            { port: 443, protocol: "TCP", targetPort: "https" },
          ],
        },
      },
    ],
    ["nodeport service", R("", "services"), { metadata: {}, spec: { type: "NodePort", ports: [{ port: 80 }] } }, { spec: { externalTrafficPolicy: "Cluster" } }],
    ["client IP affinity", R("", "services"), { metadata: {}, spec: { sessionAffinity: "ClientIP" } }, { spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } } }],
    ["namespace", R("", "namespaces"), { metadata: { name: "n" } }, { spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } }],
    ["secret", R("", "secrets"), { metadata: {}, stringData: { user: "admin" } }, { type: "Opaque", data: { user: "YWRtaW4=" } }],
    ["pvc", R("", "persistentvolumeclaims"), { metadata: {}, spec: { resources: { requests: { storage: "1000Mi" } } } }, { spec: { volumeMode: "Filesystem", resources: { requests: { storage: "1000Mi" } } }, status: { phase: "Pending" } }],
    ["node allocatable", R("", "nodes"), { metadata: {}, status: { capacity: { cpu: "4", memory: "8192Mi" } } }, { status: { allocatable: { cpu: "4", memory: "8Gi" } } }],
    [
      "rolebinding",
      resourceFor("rbac.authorization.k8s.io", "v1", "rolebindings")!,
      { metadata: {}, subjects: [{ kind: "User", name: "a" }, { kind: "ServiceAccount", name: "b" }], roleRef: { kind: "Role", name: "r" } },
      { subjects: [{ apiGroup: "rbac.authorization.k8s.io" }, { apiGroup: "" }], roleRef: { apiGroup: "rbac.authorization.k8s.io" } },
    ],
  ];
  for (const [name, r, input, want] of cases) test(name, () => expect(run(r, input)).toMatchObject(want));
  test("secret stringData is gone", () => expect(run(R("", "secrets"), { metadata: {}, stringData: { a: "b" } }).stringData).toBeUndefined());
  test("secret stringData keys named like Object.prototype members land in data as own keys", () => {
    // a valid Secret key; JSON.parse makes "__proto__" an own member, as the API decodes bodies
    const s = run(R("", "secrets"), JSON.parse('{"metadata":{},"stringData":{"__proto__":"x","constructor":"y","a":"b"}}'));
    expect(Object.keys(s.data).sort()).toEqual(["__proto__", "a", "constructor"]);
    expect(JSON.parse(JSON.stringify(s.data))).toEqual(JSON.parse('{"__proto__":"eA==","constructor":"eQ==","a":"Yg=="}'));
    expect(Object.getPrototypeOf(s.data)).toBe(Object.prototype);
  });
  test("limit range defaults copy every max and min resource, also one named __proto__", () => {
    const lr = run(R("", "limitranges"), JSON.parse('{"metadata":{},"spec":{"limits":[{"type":"Container","max":{"cpu":"2","__proto__":"3"},"min":{"memory":"1Mi"}}]}}'));
    const item = lr.spec.limits[0];
    expect(JSON.parse(JSON.stringify(item.default))).toEqual(JSON.parse('{"cpu":"2","__proto__":"3"}'));
    expect(JSON.parse(JSON.stringify(item.defaultRequest))).toEqual(JSON.parse('{"cpu":"2","__proto__":"3","memory":"1Mi"}'));
  });
  test("namespace finalizer only on create", () => {
    const ns = { metadata: { name: "n" }, spec: { finalizers: [] } } as KubeObject;
    expect(run(R("", "namespaces"), structuredClone(ns), ns).spec.finalizers).toEqual([]);
  });
});
