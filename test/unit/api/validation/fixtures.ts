import type { KubeObject } from "../../../../src/api/meta/types.ts";

/** Valid, already-defaulted objects; tests mutate copies of them. */

export const clone = <T>(x: T): T => structuredClone(x);

export const container = () => ({
  name: "web",
  image: "nginx:1.27",
  ports: [{ containerPort: 80, protocol: "TCP", name: "http" }],
  resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "128Mi" } },
  terminationMessagePath: "/dev/termination-log",
  terminationMessagePolicy: "File",
  imagePullPolicy: "IfNotPresent",
});

export const podSpec = () => ({
  containers: [container()],
  restartPolicy: "Always",
  dnsPolicy: "ClusterFirst",
  terminationGracePeriodSeconds: 30,
  schedulerName: "default-scheduler",
  securityContext: {},
});

export const pod = (): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-0", namespace: "default", labels: { app: "web" } },
  spec: podSpec(),
});

export const template = () => ({ metadata: { labels: { app: "web" } }, spec: podSpec() });

export const deployment = (): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: template(),
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
});

export const statefulSet = (): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "db", namespace: "default" },
  spec: {
    replicas: 1,
    serviceName: "db",
    selector: { matchLabels: { app: "web" } },
    template: template(),
    podManagementPolicy: "OrderedReady",
    updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
    revisionHistoryLimit: 10,
  },
});

export const daemonSet = (): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name: "agent", namespace: "default" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: template(),
    updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    revisionHistoryLimit: 10,
  },
});

export const job = (): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "pi", namespace: "default", uid: "u-1" },
  spec: {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    completionMode: "NonIndexed",
    suspend: false,
    selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "u-1" } },
    template: {
      metadata: { labels: { "batch.kubernetes.io/controller-uid": "u-1", "batch.kubernetes.io/job-name": "pi" } },
      spec: { ...podSpec(), restartPolicy: "Never" },
    },
  },
});

export const cronJob = (): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "hello", namespace: "default" },
  spec: {
    schedule: "*/5 * * * *",
    concurrencyPolicy: "Allow",
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    jobTemplate: { spec: { backoffLimit: 6, template: { spec: { ...podSpec(), restartPolicy: "OnFailure" } } } },
  },
});

export const service = (): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "default" },
  spec: {
    type: "ClusterIP",
    selector: { app: "web" },
    ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
    sessionAffinity: "None",
    clusterIP: "10.96.0.10",
    clusterIPs: ["10.96.0.10"],
  },
});
