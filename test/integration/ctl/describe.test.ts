import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configMap, deployment } from "../apiserver/harness.ts";
import { create, startCtlHarness, type CtlHarness } from "./harness.ts";

let h: CtlHarness;
const NS = "ctl-describe";

const POD = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-1", labels: { app: "web", tier: "fe" }, annotations: { note: "hello" } },
  spec: {
    nodeSelector: { disk: "ssd" },
    containers: [
      {
        name: "app",
        image: "nginx:1.25",
        ports: [{ containerPort: 80 }],
        env: [
          { name: "A", value: "1" },
          { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        ],
        volumeMounts: [{ name: "data", mountPath: "/data" }],
        resources: { requests: { cpu: "100m" } },
      },
    ],
    volumes: [{ name: "data", emptyDir: {} }],
  },
};

beforeAll(async () => {
  h = await startCtlHarness();
  await create(h, "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  await create(h, `/api/v1/namespaces/${NS}/configmaps`, configMap("settings", { url: "http://x", multi: "l1\nl2\n" }, { app: "web" }));
  await create(h, `/api/v1/namespaces/${NS}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name: "creds" }, type: "Opaque", data: { password: btoa("hunter2") } });
  await create(h, `/api/v1/namespaces/${NS}/pods`, POD);
  await create(h, `/apis/apps/v1/namespaces/${NS}/deployments`, deployment("web", 2));
  await create(h, `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases`, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "lock" }, spec: { holderIdentity: "me", leaseDurationSeconds: 15 } });
});
afterAll(() => h.stop());

describe("describe", () => {
  test("a ConfigMap: data blocks and no events", async () => {
    const r = await h.ctl(["describe", "cm", "settings", "-n", NS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "Name:         settings",
        `Namespace:    ${NS}`,
        "Labels:       app=web",
        "Annotations:  <none>",
        "",
        "Data",
        "====",
        "multi:",
        "----",
        "l1",
        "l2",
        "",
        "",
        "url:",
        "----",
        "http://x",
        "",
        "",
        "BinaryData",
        "====",
        "",
        "Events:  <none>",
        "",
      ].join("\n"),
    );
  });

  test("a Secret shows sizes, never values", async () => {
    const r = await h.ctl(["describe", "secret", "creds", "-n", NS]);
    expect(r.stdout).toBe(["Name:         creds", `Namespace:    ${NS}`, "Labels:       <none>", "Annotations:  <none>", "", "Type:  Opaque", "", "Data", "====", "password:  7 bytes", ""].join("\n"));
  });

  test("a Pod: kubectl's sections, aligned", async () => {
    const r = await h.ctl(["describe", "pod", "web-1", "-n", NS]);
    expect(r.code).toBe(0);
    // the ServiceAccount admission plugin's token volume has a random suffix
    expect(r.stdout.replace(/kube-api-access-[a-z0-9]{5}/g, "kube-api-access-xxxxx")).toBe(
      [
        "Name:             web-1",
        `Namespace:        ${NS}`,
        "Priority:         0",
        "Service Account:  default",
        "Node:             <none>",
        "Labels:           app=web",
        "                  tier=fe",
        "Annotations:      note: hello",
        "Status:           Pending",
        "IP:               ",
        "IPs:              <none>",
        "Containers:",
        "  app:",
        "    Image:      nginx:1.25",
        "    Port:       80/TCP",
        "    Host Port:  0/TCP",
        "    Requests:",
        "      cpu:  100m",
        "    Environment:",
        "      A:    1",
        "      POD:  web-1 (v1:metadata.name)",
        "    Mounts:",
        "      /data from data (rw)",
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-xxxxx (ro)",
        "Volumes:",
        "  data:",
        // a line without a tab ends an alignment block; from the token volume to Events the widest label sets the column
        "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)",
        "    Medium:     ",
        "    SizeLimit:  <unset>",
        "  kube-api-access-xxxxx:",
        "    Type:                    Projected (a volume that contains injected data from multiple sources)",
        "    TokenExpirationSeconds:  3607",
        "    ConfigMapName:           kube-root-ca.crt",
        "    Optional:                false",
        "    DownwardAPI:             true",
        "QoS Class:                   Burstable",
        "Node-Selectors:              disk=ssd",
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "Events:                      <none>",
        "",
      ].join("\n"),
    );
  });

  test("events about the object are listed oldest first, with repeat counts", async () => {
    const now = Date.now();
    const iso = (msAgo: number) => new Date(now - msAgo).toISOString().replace(/\.\d{3}Z$/, "Z");
    const pod = (await h.api.call("GET", `/api/v1/namespaces/${NS}/pods/web-1`)).body;
    const event = (name: string, reason: string, type: string, count: number, firstAgo: number, lastAgo: number, message: string) => ({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name },
      involvedObject: { apiVersion: "v1", kind: "Pod", name: "web-1", namespace: NS, uid: pod.metadata.uid },
      reason,
      type,
      count,
      message,
      source: { component: "default-scheduler" },
      firstTimestamp: iso(firstAgo),
      lastTimestamp: iso(lastAgo),
    });
    await create(h, `/api/v1/namespaces/${NS}/events`, event("web-1.b", "Scheduled", "Normal", 1, 30_000, 30_000, "Successfully assigned"));
    await create(h, `/api/v1/namespaces/${NS}/events`, event("web-1.a", "FailedScheduling", "Warning", 4, 600_000, 60_000, "0/1 nodes are available"));
    const r = await h.ctl(["describe", "pod", "web-1", "-n", NS]);
    const events = r.stdout.slice(r.stdout.indexOf("Events:"));
    const lines = events.split("\n");
    expect(lines[0]).toBe("Events:");
    const cells = lines.slice(1, -1).map((l) => l.trim().split(/ {2,}/));
    expect(cells[0]).toEqual(["Type", "Reason", "Age", "From", "Message"]);
    expect(cells[1]).toEqual(["----", "------", "----", "----", "-------"]);
    expect(cells[2]).toEqual(["Warning", "FailedScheduling", expect.stringMatching(/^6\ds \(x4 over 10m\)$/), "default-scheduler", "0/1 nodes are available"]);
    expect(cells[3]).toEqual(["Normal", "Scheduled", expect.stringMatching(/^3\ds$/), "default-scheduler", "Successfully assigned"]);
    // columns line up: each header starts where its cells start
    const starts = (line: string) => [...line.matchAll(/(?<=^ {2}| {2})\S/g)].map((m) => m.index);
    expect(new Set(lines.slice(1, 5).map((l) => starts(l).join(","))).size).toBe(1);
  });

  test("a Deployment: replicas, strategy, pod template", async () => {
    const r = await h.ctl(["describe", "deployment", "web", "-n", NS]);
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(["Name:                   web", `Namespace:              ${NS}`]);
    expect(lines[2]).toMatch(/^CreationTimestamp: {6}\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/);
    expect(lines.slice(3)).toEqual([
      "Labels:                 app=web",
      "Annotations:            <none>",
      "Selector:               app=web",
      "Replicas:               2 desired | 0 updated | 0 total | 0 available | 0 unavailable",
      "StrategyType:           RollingUpdate",
      "MinReadySeconds:        0",
      "RollingUpdateStrategy:  25% max unavailable, 25% max surge",
      "Pod Template:",
      "  Labels:  app=web",
      "  Containers:",
      "   c:",
      "    Image:         nginx:1.25",
      "    Port:          <none>",
      "    Host Port:     <none>",
      "    Environment:   <none>",
      "    Mounts:        <none>",
      "  Volumes:         <none>",
      "  Node-Selectors:  <none>",
      "  Tolerations:     <none>",
      "OldReplicaSets:    <none>",
      "NewReplicaSet:     <none>",
      "Events:            <none>",
      "",
    ]);
  });

  test("kinds without their own describer get the generic one", async () => {
    const r = await h.ctl(["describe", "lease", "lock", "-n", NS]);
    expect(r.stdout).toContain("API Version:  coordination.k8s.io/v1\nKind:         Lease\nMetadata:\n  Creation Timestamp:  ");
    expect(r.stdout).toContain("Spec:\n  Holder Identity:         me\n  Lease Duration Seconds:  15\nEvents:                    <none>\n");
  });

  test("a name prefix describes every match; several objects are separated by blank lines", async () => {
    await create(h, `/api/v1/namespaces/${NS}/configmaps`, configMap("settings-2"));
    const r = await h.ctl(["describe", "cm", "sett", "-n", NS]);
    expect(r.stdout.match(/^Name: +settings(-2)?$/gm)).toEqual(["Name:         settings", "Name:         settings-2"]);
    expect(r.stdout).toContain("Events:  <none>\n\n\nName:         settings-2\n");
    const all = await h.ctl(["describe", "cm", "-n", NS, "-l", "app=web"]);
    expect(all.stdout.match(/^Name:.*$/gm)).toEqual(["Name:         settings"]);
  });

  test("a Node: taints, lease, capacity, and the pods on it against allocatable", async () => {
    const node = await create(h, "/api/v1/nodes", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n1", labels: { "node-role.kubernetes.io/control-plane": "" } },
      spec: { taints: [{ key: "b", effect: "NoSchedule" }, { key: "a", value: "x", effect: "NoExecute" }] },
    });
    node.status = { capacity: { cpu: "4", memory: "8Gi", pods: "110" }, allocatable: { cpu: "4", memory: "8Gi", pods: "110" }, addresses: [{ type: "InternalIP", address: "10.0.0.5" }], nodeInfo: { kubeletVersion: "v1.34.0", architecture: "amd64" } };
    expect((await h.api.call("PUT", "/api/v1/nodes/n1/status", node)).status).toBe(200);
    await create(h, `/api/v1/namespaces/${NS}/pods`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "placed" },
      spec: { nodeName: "n1", containers: [{ name: "c", image: "x", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } } }] },
    });
    const r = await h.ctl(["describe", "node", "n1"]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toStartWith("Name:               n1\nRoles:              control-plane\n");
    expect(out).toContain("Taints:             a=x:NoExecute\n                    b:NoSchedule\nUnschedulable:      false\n");
    expect(out).toContain('Lease:              Failed to get lease: leases.coordination.k8s.io "n1" not found\n');
    expect(out).toContain("Addresses:\n  InternalIP:  10.0.0.5\nCapacity:\n  cpu:     4\n  memory:  8Gi\n  pods:    110\n");
    expect(out).toContain("  Kubelet Version:            v1.34.0\n");
    expect(out).toContain("Non-terminated Pods:          (1 in total)\n");
    expect(out).toMatch(new RegExp(`\\n  ${NS} +placed +1 \\(25%\\) +2 \\(50%\\) +1Gi \\(12%\\) +2Gi \\(25%\\) +\\d+s\\n`));
    expect(out).toContain("  cpu                1 (25%)    2 (50%)\n  memory             1Gi (12%)  2Gi (25%)\n");
  });

  test("errors as kubectl", async () => {
    expect(await h.ctl(["describe", "pod", "nope", "-n", NS])).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect((await h.ctl(["describe", "nope", "x"])).stderr).toBe('error: the server doesn\'t have a resource type "nope"\n');
    expect((await h.ctl(["describe", "pods", "-n", "default"])).stderr).toBe("No resources found in default namespace.\n");
  });
});
