/**
 * The kubelet's pod lifecycle on the real runtime, driven by the real kubectl against the
 * compiled server: init containers run first; configMap and secret volumes and env appear
 * inside; readiness gates Ready; a failing liveness probe restarts the container; a
 * crashing container goes to CrashLoopBackOff with growing delays; deleting a pod runs
 * its preStop hook and SIGTERM and leaves no process behind.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Cluster } from "../../helpers/cluster.ts";
import { useNodeCluster } from "../../helpers/node-cluster.ts";

let c: Cluster;
const ok = useNodeCluster((cluster) => (c = cluster));

async function pod(name: string): Promise<any> {
  return JSON.parse(await ok(c.kubectl(["get", "pod", name, "-o", "json"])));
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 1500)}`);
    await Bun.sleep(300);
  }
}

const IMAGE = "image: busybox:1.36\n    imagePullPolicy: IfNotPresent";

describe("pod lifecycle on a real node", () => {
  test("init containers run first; configMap and secret volumes and env appear inside", async () => {
    await ok(c.kubectl(["create", "configmap", "cfg", "--from-literal=greeting=hello-cm"]));
    await ok(c.kubectl(["create", "secret", "generic", "sec", "--from-literal=password=s3cret"]));
    await ok(
      c.kubectl(["apply", "-f", "-"], {
        stdin: `apiVersion: v1
kind: Pod
metadata: { name: config }
spec:
  restartPolicy: Never
  initContainers:
  - name: first
    ${IMAGE}
    command: ["sh", "-c", "echo init-ran > /work/order"]
    volumeMounts: [{ name: work, mountPath: /work }]
  containers:
  - name: main
    ${IMAGE}
    command: ["sh", "-c", "cat /work/order; cat /etc/cfg/greeting; echo; cat /etc/sec/password; echo; echo env=$GREETING/$PASSWORD"]
    env:
    - name: GREETING
      valueFrom: { configMapKeyRef: { name: cfg, key: greeting } }
    - name: PASSWORD
      valueFrom: { secretKeyRef: { name: sec, key: password } }
    volumeMounts:
    - { name: work, mountPath: /work }
    - { name: cfg, mountPath: /etc/cfg }
    - { name: sec, mountPath: /etc/sec }
  volumes:
  - { name: work, emptyDir: {} }
  - { name: cfg, configMap: { name: cfg } }
  - { name: sec, secret: { secretName: sec } }
`,
      }),
    );
    await ok(c.kubectl(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/config", "--timeout=60s"], { timeoutMs: 70_000 }));
    expect(await ok(c.kubectl(["logs", "config"]))).toBe("init-ran\nhello-cm\ns3cret\nenv=hello-cm/s3cret\n");
    const p = await pod("config");
    expect(p.status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  }, 90_000);

  test("readiness gates Ready; a failing liveness probe restarts the container", async () => {
    await ok(
      c.kubectl(["apply", "-f", "-"], {
        stdin: `apiVersion: v1
kind: Pod
metadata: { name: probes }
spec:
  containers:
  - name: main
    ${IMAGE}
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; touch /tmp/alive; sleep 3600"]
    readinessProbe:
      exec: { command: ["cat", "/tmp/ready"] }
      periodSeconds: 1
    livenessProbe:
      exec: { command: ["cat", "/tmp/alive"] }
      initialDelaySeconds: 5
      periodSeconds: 1
      failureThreshold: 2
`,
      }),
    );
    const started = await until("container running", () => pod("probes"), (p) => !!p.status?.containerStatuses?.[0]?.state?.running);
    expect(started.status.conditions.find((x: { type: string }) => x.type === "Ready").status).toBe("False");
    await ok(c.kubectl(["wait", "--for=condition=Ready", "pod/probes", "--timeout=60s"], { timeoutMs: 70_000 }));
    // break liveness: the kubelet restarts the container
    await ok(c.kubectl(["exec", "probes", "--", "rm", "/tmp/alive"]));
    const restarted = await until("a liveness restart", () => pod("probes"), (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 60_000);
    expect(restarted.status.containerStatuses[0].lastState.terminated).toBeDefined();
    const events = await ok(c.kubectl(["get", "events", "--field-selector", "involvedObject.name=probes", "-o", "jsonpath={.items[*].reason}"]));
    expect(events).toContain("Unhealthy");
    expect(events).toContain("Killing");
  }, 120_000);

  test("a crashing container goes to CrashLoopBackOff with growing delays", async () => {
    await ok(c.kubectl(["run", "crash", "--image=busybox:1.36", "--image-pull-policy=IfNotPresent", "--", "sh", "-c", "echo boom; exit 1"]));
    const p = await until(
      "CrashLoopBackOff after two restarts",
      () => pod("crash"),
      (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff" && x.status.containerStatuses[0].restartCount >= 2,
      90_000,
    );
    const cs = p.status.containerStatuses[0];
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    // upstream's back-off doubles from 10 s: after two restarts it is at least 20 s
    const backoff = Number(/back-off (\d+)s restarting failed container/.exec(cs.state.waiting.message ?? "")?.[1]);
    expect(backoff).toBeGreaterThanOrEqual(20);
  }, 120_000);

  test("delete runs preStop and SIGTERM, then no process of the pod is left", async () => {
    await ok(
      c.kubectl(["apply", "-f", "-"], {
        stdin: `apiVersion: v1
kind: Pod
metadata: { name: graceful }
spec:
  terminationGracePeriodSeconds: 20
  volumes: [{ name: out, hostPath: { path: ${JSON.stringify(join(c.dir, "graceful-out"))}, type: DirectoryOrCreate } }]
  containers:
  - name: main
    ${IMAGE}
    command: ["sh", "-c", "trap 'echo got-term >> /out/log; exit 0' TERM; echo started >> /out/log; while :; do sleep 0.2; done"]
    volumeMounts: [{ name: out, mountPath: /out }]
    lifecycle:
      preStop:
        exec: { command: ["sh", "-c", "echo prestop >> /out/log"] }
`,
      }),
    );
    await ok(c.kubectl(["wait", "--for=condition=Ready", "pod/graceful", "--timeout=60s"], { timeoutMs: 70_000 }));
    const uid = (await pod("graceful")).metadata.uid as string;
    await ok(c.kubectl(["delete", "pod", "graceful", "--timeout=60s"], { timeoutMs: 70_000 }));
    const log = await Bun.file(join(c.dir, "graceful-out", "log")).text();
    expect(log).toBe("started\nprestop\ngot-term\n");
    const left = Bun.spawnSync(["pgrep", "-f", uid]).stdout.toString().trim();
    expect(left).toBe("");
  }, 120_000);
});
