/**
 * A whole single-node cluster (`dist/kubun server` with its local agent) driven by the real
 * kubectl: a busybox image dropped into <data-dir>/agent/images is imported at start; a
 * pod runs and `kubectl logs` (also -f) reads its output through the apiserver's kubelet
 * proxy; a Deployment's `rollout status` completes; a Job completes; containers get the
 * service environment variables (the master service and their namespace's services).
 */
import { describe, expect, test } from "bun:test";
import type { Cluster } from "../../helpers/cluster.ts";
import { useNodeCluster } from "../../helpers/node-cluster.ts";

let c: Cluster;
const ok = useNodeCluster((cluster) => (c = cluster));

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "for i in 1 2 3; do echo line-$i; sleep 0.2; done"]
`;

describe("a single-node cluster", () => {
  test("the server's node is Ready and has the control-plane role", async () => {
    const rows = (await ok(c.kubectl(["get", "nodes", "--no-headers"]))).trim().split("\n").map((l) => l.split(/\s+/));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(1, 3)).toEqual(["Ready", "control-plane"]);
  });

  test("a pod runs to completion and kubectl logs reads its output", async () => {
    await ok(c.kubectl(["apply", "-f", "-"], { stdin: POD }));
    await ok(c.kubectl(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/hello", "--timeout=60s"]));
    expect(await ok(c.kubectl(["logs", "hello"]))).toBe("line-1\nline-2\nline-3\n");
    expect(await ok(c.kubectl(["logs", "hello", "--tail=1"]))).toBe("line-3\n");
    const st = JSON.parse(await ok(c.kubectl(["get", "pod", "hello", "-o", "json"])));
    expect(st.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  }, 90_000);

  test("kubectl logs -f streams a running container", async () => {
    await ok(c.kubectl(["run", "ticker", "--image=busybox:1.36", "--image-pull-policy=IfNotPresent", "--restart=Never", "--", "sh", "-c", "i=0; while [ $i -lt 4 ]; do echo tick-$i; i=$((i+1)); sleep 0.5; done"]));
    await ok(c.kubectl(["wait", "--for=condition=Ready", "pod/ticker", "--timeout=60s"]));
    const out = await ok(c.kubectl(["logs", "-f", "ticker"], { timeoutMs: 30_000 }));
    expect(out).toBe("tick-0\ntick-1\ntick-2\ntick-3\n");
  }, 90_000);

  test("a Deployment's rollout status completes on this node", async () => {
    await ok(c.kubectl(["create", "deployment", "web", "--image=busybox:1.36", "--replicas=2", "--", "httpd", "-f", "-p", "8080"]));
    const out = await ok(c.kubectl(["rollout", "status", "deployment/web", "--timeout=90s"], { timeoutMs: 100_000 }));
    expect(out).toContain('deployment "web" successfully rolled out');
    const dep = JSON.parse(await ok(c.kubectl(["get", "deployment", "web", "-o", "json"])));
    expect(dep.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
  }, 120_000);

  test("a pod finds its service-account token, the cluster CA and its namespace", async () => {
    const dir = "/var/run/secrets/kubernetes.io/serviceaccount";
    const script = `cat ${dir}/namespace; echo; head -n 1 ${dir}/ca.crt; cut -d. -f1 ${dir}/token | head -c 10; echo`;
    await ok(c.kubectl(["run", "sa-files", "--image=busybox:1.36", "--image-pull-policy=IfNotPresent", "--restart=Never", "--", "sh", "-c", script]));
    await ok(c.kubectl(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/sa-files", "--timeout=60s"], { timeoutMs: 70_000 }));
    // a JWT header starts with base64url of '{"alg":"RS256"'
    expect(await ok(c.kubectl(["logs", "sa-files"]))).toBe("default\n-----BEGIN CERTIFICATE-----\neyJhbGciOi\n");
  }, 90_000);

  test("a container gets the service environment variables", async () => {
    const svc = `apiVersion: v1
kind: Service
metadata:
  name: env-db
spec:
  selector: { app: env-db }
  ports:
  - { name: pg, port: 5432, targetPort: 5432 }
  - { name: metrics-http, port: 9187, protocol: TCP }
`;
    await ok(c.kubectl(["apply", "-f", "-"], { stdin: svc }));
    const masterIP = await ok(c.kubectl(["get", "service", "kubernetes", "-n", "default", "-o", "jsonpath={.spec.clusterIP}"]));
    const dbIP = await ok(c.kubectl(["get", "service", "env-db", "-o", "jsonpath={.spec.clusterIP}"]));
    expect(masterIP).toMatch(/^[0-9a-f.:]+$/);
    expect(dbIP).toMatch(/^[0-9a-f.:]+$/);
    await ok(c.kubectl(["run", "print-env", "--image=busybox:1.36", "--image-pull-policy=IfNotPresent", "--restart=Never", "--", "env"]));
    await ok(c.kubectl(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/print-env", "--timeout=60s"], { timeoutMs: 70_000 }));
    const env = new Map(
      (await ok(c.kubectl(["logs", "print-env"])))
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as const),
    );
    expect(env.get("KUBERNETES_SERVICE_HOST")).toBe(masterIP);
    expect(env.get("KUBERNETES_SERVICE_PORT")).toBe("443");
    expect(env.get("KUBERNETES_SERVICE_PORT_HTTPS")).toBe("443");
    expect(env.get("KUBERNETES_PORT_443_TCP_ADDR")).toBe(masterIP);
    expect(env.get("ENV_DB_SERVICE_HOST")).toBe(dbIP);
    expect(env.get("ENV_DB_SERVICE_PORT")).toBe("5432");
    expect(env.get("ENV_DB_SERVICE_PORT_PG")).toBe("5432");
    expect(env.get("ENV_DB_SERVICE_PORT_METRICS_HTTP")).toBe("9187");
    expect(env.get("ENV_DB_PORT_5432_TCP_PROTO")).toBe("tcp");
  }, 90_000);

  test("a Job completes", async () => {
    await ok(c.kubectl(["create", "job", "once", "--image=busybox:1.36", "--", "sh", "-c", "echo done"]));
    await ok(c.kubectl(["wait", "--for=condition=Complete", "job/once", "--timeout=90s"], { timeoutMs: 100_000 }));
    expect(await ok(c.kubectl(["logs", "job/once"]))).toBe("done\n");
  }, 120_000);
});
