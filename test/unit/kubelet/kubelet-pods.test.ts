import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Pod } from "../../../src/kubelet/api/types.ts";
import { type Harness, pod, startHarness, waitFor } from "./harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const statusOf = (p: Pod) => h.api.getPod("default", p.metadata.name!)?.status;
const cs = (p: Pod, i = 0) => statusOf(p)?.containerStatuses?.[i];
const cond = (p: Pod, type: string) => statusOf(p)?.conditions?.find((c) => c.type === type);
const logOf = (p: Pod, c: string, attempt: number) => {
  const up = h.api.getPod("default", p.metadata.name!)!;
  return readFileSync(join(h.dir, "agent", "logs", `default_${up.metadata.name}_${up.metadata.uid}`, c, `${attempt}.log`), "utf8");
};

describe("kubelet: pods over the fake runtime", () => {
  test("a running pod: phase, conditions, container status, events, IPs, QoS, cgroup", async () => {
    h = await startHarness();
    const p = h.api.putPod(pod([{ command: ["sh", "-c", "echo hello; sleep 30"], resources: { limits: { cpu: "200m", memory: "64Mi" } } }]));
    await waitFor(() => statusOf(p)?.phase === "Running" && cond(p, "Ready")?.status === "True", 5000, "Running and Ready");
    const st = statusOf(p)!;
    expect(st).toMatchObject({ phase: "Running", hostIP: "192.0.2.10", podIP: "10.42.0.9", qosClass: "Guaranteed" });
    expect(st.conditions!.map((c) => [c.type, c.status])).toEqual([
      ["PodReadyToStartContainers", "True"],
      ["Initialized", "True"],
      ["Ready", "True"],
      ["ContainersReady", "True"],
      ["PodScheduled", "True"],
    ]);
    expect(cs(p)).toMatchObject({ name: "c0", ready: true, started: true, restartCount: 0, image: "kubun.test/fake:1" });
    expect(cs(p)!.state!.running!.startedAt).toMatch(/Z$/);
    expect(cs(p)!.containerID).toMatch(/^kubun:\/\//);
    const reasons = h.api.events.filter((e) => e.obj.name === p.metadata.name).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(["Pulled", "Created", "Started"]));
    expect(h.api.events.find((e) => e.reason === "Created")!.message).toBe("Created container: c0");
    expect(h.api.events.find((e) => e.reason === "Created")!.obj.fieldPath).toBe("spec.containers{c0}");
    await waitFor(() => logOf(p, "c0", 0).includes("stdout F hello"), 3000, "log");
    expect(await h.cgroups.getLimits(`kubepods/pod${p.metadata.uid}`)).toMatchObject({ cpuQuota: 20000, memoryMax: 64 << 20 });
  });

  test("crashing container: restarts with growing CrashLoopBackOff", async () => {
    h = await startHarness();
    const p = h.api.putPod(pod([{ command: ["sh", "-c", "echo boom; exit 3"] }]));
    await waitFor(() => cs(p)?.state?.waiting?.reason === "CrashLoopBackOff", 5000, "first backoff");
    expect(cs(p)!.restartCount).toBe(1);
    expect(cs(p)!.state!.waiting!.message).toBe(`back-off 10s restarting failed container=c0 pod=${p.metadata.name}_default(${p.metadata.uid})`);
    expect(cs(p)!.lastState!.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    expect(statusOf(p)!.phase).toBe("Running");
    expect(cond(p, "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [c0]" });
    h.advance(10_500);
    await waitFor(() => cs(p)?.restartCount === 2 && cs(p)?.state?.waiting?.reason === "CrashLoopBackOff", 5000, "second backoff");
    expect(cs(p)!.state!.waiting!.message).toContain("back-off 20s");
    h.advance(20_500);
    await waitFor(() => cs(p)?.restartCount === 3 && cs(p)?.state?.waiting, 5000, "third backoff");
    expect(cs(p)!.state!.waiting!.message).toContain("back-off 40s");
    expect(h.api.events.some((e) => e.reason === "BackOff" && e.message.startsWith("Back-off restarting failed container c0"))).toBe(true);
    expect(logOf(p, "c0", 2)).toContain("boom");
  });

  const terminal: Array<[string, string, string, number, string]> = [
    ["Never", "exit 1", "Failed", 1, "Error"],
    ["Never", "exit 0", "Succeeded", 0, "Completed"],
    ["OnFailure", "exit 0", "Succeeded", 0, "Completed"],
  ];
  for (const [policy, cmd, phase, code, reason] of terminal) {
    test(`restartPolicy ${policy}, ${cmd}: ${phase}`, async () => {
      h = await startHarness();
      const p = h.api.putPod(pod([{ command: ["sh", "-c", cmd] }], { restartPolicy: policy }));
      await waitFor(() => statusOf(p)?.phase === phase, 5000, phase);
      expect(cs(p)!.state!.terminated).toMatchObject({ exitCode: code, reason });
      expect(cs(p)!.restartCount).toBe(0);
      if (phase === "Succeeded") expect(cond(p, "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    });
  }

  test("OnFailure restarts failures until success", async () => {
    h = await startHarness();
    const marker = join(h.dir, "tries");
    const p = h.api.putPod(pod([{ command: ["sh", "-c", `echo x >> ${marker}; [ $(wc -l < ${marker}) -ge 2 ]`] }], { restartPolicy: "OnFailure" }));
    await waitFor(() => statusOf(p)?.phase === "Succeeded", 5000, "Succeeded");
    expect(cs(p)!.restartCount).toBe(1);
  });

  test("init containers run first, in order; app containers wait with PodInitializing", async () => {
    h = await startHarness();
    const order = join(h.dir, "order");
    const p = h.api.putPod(
      pod([{ command: ["sh", "-c", `echo app >> ${order}; sleep 30`] }], {
        initContainers: [
          { name: "init1", image: "kubun.test/fake:1", command: ["sh", "-c", `sleep 0.3; echo init1 >> ${order}`] },
          { name: "init2", image: "kubun.test/fake:1", command: ["sh", "-c", `echo init2 >> ${order}`] },
        ],
      }),
    );
    await waitFor(() => statusOf(p)?.initContainerStatuses?.[0]?.state?.running, 3000, "init1 running");
    expect(statusOf(p)!.phase).toBe("Pending");
    expect(cs(p)!.state!.waiting!.reason).toBe("PodInitializing");
    expect(cond(p, "Initialized")).toMatchObject({ status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [init1 init2]" });
    await waitFor(() => statusOf(p)?.phase === "Running", 5000, "Running");
    // Running means the app's process started, not that its first line ran yet
    await waitFor(() => readFileSync(order, "utf8").endsWith("app\n"), 3000, "the app's line");
    expect(readFileSync(order, "utf8")).toBe("init1\ninit2\napp\n");
    expect(statusOf(p)!.initContainerStatuses!.map((s) => s.state!.terminated!.reason)).toEqual(["Completed", "Completed"]);
    expect(cond(p, "Initialized")!.status).toBe("True");
  });

  test("a failing init container with restartPolicy Never fails the pod", async () => {
    h = await startHarness();
    const p = h.api.putPod(pod([{ command: ["sleep", "30"] }], { restartPolicy: "Never", initContainers: [{ name: "init", image: "kubun.test/fake:1", command: ["sh", "-c", "exit 2"] }] }));
    await waitFor(() => statusOf(p)?.phase === "Failed", 5000, "Failed");
    expect(statusOf(p)!.initContainerStatuses![0]!.state!.terminated!.exitCode).toBe(2);
    expect(cs(p)!.state!.waiting!.reason).toBe("PodInitializing");
  });

  test("env from configMaps, secrets, fieldRef, resourceFieldRef, envFrom; $(VAR) expansion", async () => {
    h = await startHarness();
    h.api.configMaps.set("default/cfg", { metadata: { name: "cfg", namespace: "default" }, data: { color: "blue", "bad-key!": "x", mode: "fast" } });
    h.api.secrets.set("default/sec", { metadata: { name: "sec", namespace: "default" }, data: { password: Buffer.from("s3cret").toString("base64") } });
    const out = join(h.dir, "env.out");
    const p = h.api.putPod(
      pod([
        {
          command: ["sh", "-c", `echo "$COLOR|$PASS|$POD|$NS|$IP|$MEM|$MODE_X|$FROM_IMAGE|$GREETING" > ${out}; sleep 30`],
          resources: { limits: { memory: "64Mi" } },
          envFrom: [{ configMapRef: { name: "cfg" }, prefix: "CFG_" }],
          env: [
            { name: "COLOR", valueFrom: { configMapKeyRef: { name: "cfg", key: "color" } } },
            { name: "PASS", valueFrom: { secretKeyRef: { name: "sec", key: "password" } } },
            { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
            { name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
            { name: "MODE_X", value: "$(CFG_mode)-mode" },
            { name: "GREETING", value: "hi $(POD) $$(POD)" },
          ],
        },
      ]),
    );
    await waitFor(() => existsSync(out) && readFileSync(out, "utf8"), 5000, "env output");
    expect(readFileSync(out, "utf8")).toBe(`blue|s3cret|${p.metadata.name}|default|10.42.0.9|64|fast-mode||hi ${p.metadata.name} $(POD)\n`);
    expect(h.api.events.some((e) => e.reason === "InvalidEnvironmentVariableNames")).toBe(true);
  });

  test("service environment variables reach the process; $(VAR) in command and args sees them; declared env wins", async () => {
    h = await startHarness();
    h.api.services.set("default/kubernetes", { metadata: { name: "kubernetes", namespace: "default" }, spec: { clusterIP: "10.43.0.1", ports: [{ name: "https", port: 443, protocol: "TCP" }] } });
    h.api.services.set("default/my-db", { metadata: { name: "my-db", namespace: "default" }, spec: { clusterIP: "10.43.0.50", ports: [{ port: 5432 }] } });
    h.api.services.set("other/elsewhere", { metadata: { name: "elsewhere", namespace: "other" }, spec: { clusterIP: "10.43.0.60", ports: [{ port: 80 }] } });
    const out = join(h.dir, "svc-env.out");
    h.api.putPod(
      pod([
        {
          command: ["sh", "-c"],
          args: [`echo "$(MY_DB_SERVICE_HOST):$(MY_DB_SERVICE_PORT)|$KUBERNETES_SERVICE_HOST|$KUBERNETES_PORT_443_TCP|$KUBERNETES_SERVICE_PORT|$MY_DB_PORT|$DSN|\${ELSEWHERE_SERVICE_HOST:-none}" > ${out}; sleep 30`],
          env: [
            { name: "KUBERNETES_SERVICE_PORT", value: "6443" },
            { name: "DSN", value: "pg://$(MY_DB_SERVICE_HOST)/db" },
          ],
        },
      ]),
    );
    await waitFor(() => existsSync(out) && readFileSync(out, "utf8"), 5000, "env output");
    expect(readFileSync(out, "utf8")).toBe("10.43.0.50:5432|10.43.0.1|tcp://10.43.0.1:443|6443|tcp://10.43.0.50:5432|pg://10.43.0.50/db|none\n");
  });

  test("enableServiceLinks false: only the master service; an unsynced Service cache is a CreateContainerConfigError", async () => {
    h = await startHarness();
    h.api.services.set("default/kubernetes", { metadata: { name: "kubernetes", namespace: "default" }, spec: { clusterIP: "10.43.0.1", ports: [{ name: "https", port: 443, protocol: "TCP" }] } });
    h.api.services.set("default/my-db", { metadata: { name: "my-db", namespace: "default" }, spec: { clusterIP: "10.43.0.50", ports: [{ port: 5432 }] } });
    h.api.servicesSynced = false;
    const out = join(h.dir, "nolinks.out");
    const p = h.api.putPod(pod([{ command: ["sh", "-c", `echo "$KUBERNETES_SERVICE_HOST|\${MY_DB_SERVICE_HOST:-none}" > ${out}; sleep 30`] }], { enableServiceLinks: false }));
    await waitFor(() => cs(p)?.state?.waiting?.reason === "CreateContainerConfigError", 5000, "config error");
    expect(cs(p)!.state!.waiting!.message).toBe("services have not yet been read at least once, cannot construct envvars");
    h.api.servicesSynced = true;
    h.advance(0);
    await waitFor(() => existsSync(out) && readFileSync(out, "utf8"), 8000, "env output");
    expect(readFileSync(out, "utf8")).toBe("10.43.0.1|none\n");
  });

  test("missing configMap key: CreateContainerConfigError until it appears", async () => {
    h = await startHarness();
    const p = h.api.putPod(pod([{ command: ["sleep", "30"], env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "later", key: "k" } } }] }]));
    await waitFor(() => cs(p)?.state?.waiting?.reason === "CreateContainerConfigError", 5000, "config error");
    expect(cs(p)!.state!.waiting!.message).toBe('configmap "later" not found');
    h.api.configMaps.set("default/later", { metadata: { name: "later", namespace: "default" }, data: { other: "1" } });
    h.advance(0);
    await waitFor(() => cs(p)?.state?.waiting?.message === "couldn't find key k in ConfigMap default/later", 8000, "key error");
  });

  test("configMap and secret volumes appear as files; missing ones are FailedMount", async () => {
    h = await startHarness();
    h.api.configMaps.set("default/web", { metadata: { name: "web", namespace: "default" }, data: { "index.html": "<h1>hi</h1>", "app.conf": "a=1" } });
    h.api.secrets.set("default/tls", { metadata: { name: "tls", namespace: "default" }, data: { key: Buffer.from("KEY").toString("base64") } });
    const p = h.api.putPod(
      pod([{ command: ["sleep", "30"], volumeMounts: [{ name: "web", mountPath: "/web" }, { name: "tls", mountPath: "/tls" }, { name: "info", mountPath: "/info" }] }], {
        volumes: [
          { name: "web", configMap: { name: "web", items: [{ key: "index.html", path: "html/index.html" }] } },
          { name: "tls", secret: { secretName: "tls", defaultMode: 0o400 } },
          { name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }, { path: "name", fieldRef: { fieldPath: "metadata.name" } }] } },
          { name: "scratch", emptyDir: {} },
        ],
      }),
    );
    await waitFor(() => statusOf(p)?.phase === "Running", 5000, "Running");
    const vols = join(h.dir, "agent", "pods", p.metadata.uid!, "volumes");
    expect(readFileSync(join(vols, "kubernetes.io~configmap", "web", "html", "index.html"), "utf8")).toBe("<h1>hi</h1>");
    expect(existsSync(join(vols, "kubernetes.io~configmap", "web", "app.conf"))).toBe(false);
    expect(readFileSync(join(vols, "kubernetes.io~secret", "tls", "key"), "utf8")).toBe("KEY");
    expect(readFileSync(join(vols, "kubernetes.io~downward-api", "info", "name"), "utf8")).toBe(p.metadata.name!);
    const q = h.api.putPod(pod([{ command: ["sleep", "30"], volumeMounts: [{ name: "v", mountPath: "/v" }] }], { volumes: [{ name: "v", configMap: { name: "nope" } }] }));
    await waitFor(() => h.api.events.find((e) => e.obj.name === q.metadata.name && e.reason === "FailedMount"), 5000, "FailedMount");
    expect(h.api.events.find((e) => e.obj.name === q.metadata.name && e.reason === "FailedMount")!.message).toBe('MountVolume.SetUp failed for volume "v" : configmap "nope" not found');
    expect(cs(q)!.state!.waiting!.reason).toBe("ContainerCreating");
    expect(statusOf(q)!.phase).toBe("Pending");
  });

  test("deletion runs preStop, stops within grace, cleans up and confirms with grace 0", async () => {
    h = await startHarness();
    const hook = join(h.dir, "prestop");
    const p = h.api.putPod(pod([{ command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.05; done"], lifecycle: { preStop: { exec: { command: ["sh", "-c", `echo ran > ${hook}`] } } } }]));
    await waitFor(() => statusOf(p)?.phase === "Running", 5000, "Running");
    h.api.deletePodGracefully("default", p.metadata.name!, 5);
    await waitFor(() => !h.api.getPod("default", p.metadata.name!), 8000, "pod removed");
    expect(readFileSync(hook, "utf8")).toBe("ran\n");
    expect(h.api.deletes.at(-1)).toEqual({ namespace: "default", name: p.metadata.name!, gracePeriodSeconds: 0 });
    expect(h.rt.calls.filter((c) => c.startsWith("stopContainer")).at(-1)).toMatch(/grace=5/);
    expect(await h.rt.listSandboxes()).toEqual([]);
    expect(existsSync(join(h.dir, "agent", "pods", p.metadata.uid!))).toBe(false);
    expect(await h.cgroups.exists(`kubepods/besteffort/pod${p.metadata.uid}`)).toBe(false);
    expect(h.kubelet.workers.size).toBe(0);
    expect(h.api.events.some((e) => e.reason === "Killing" && e.message === "Stopping container c0")).toBe(true);
  });

  test("liveness failures restart the container; readiness drives Ready", async () => {
    h = await startHarness();
    const flag = join(h.dir, "ready");
    const p = h.api.putPod(
      pod([
        {
          command: ["sleep", "30"],
          livenessProbe: { exec: { command: ["sh", "-c", `test ! -e ${flag}.dead`] }, periodSeconds: 1, failureThreshold: 1 },
          readinessProbe: { exec: { command: ["test", "-e", flag] }, periodSeconds: 1 },
        },
      ]),
    );
    await waitFor(() => cs(p)?.state?.running, 5000, "running");
    await Bun.sleep(300);
    expect(cs(p)!.ready).toBe(false);
    expect(cond(p, "Ready")!.status).toBe("False");
    await Bun.write(flag, "");
    await waitFor(() => cond(p, "Ready")?.status === "True", 5000, "Ready");
    await Bun.write(`${flag}.dead`, "");
    await waitFor(() => h.api.events.find((e) => e.reason === "Killing" && e.message === "Container c0 failed liveness probe, will be restarted"), 5000, "liveness kill");
    expect(h.api.events.some((e) => e.reason === "Unhealthy" && e.message.startsWith("Liveness probe failed"))).toBe(true);
    await waitFor(() => (cs(p)?.restartCount ?? 0) >= 1, 8000, "restart");
  });

  test("image not present with Never: ErrImageNeverPull", async () => {
    h = await startHarness();
    const p = h.api.putPod(pod([{ image: "kubun.test/missing:1", imagePullPolicy: "Never" }]));
    await waitFor(() => cs(p)?.state?.waiting?.reason === "ErrImageNeverPull", 5000, "never pull");
    expect(cs(p)!.state!.waiting!.message).toBe('Container image "kubun.test/missing:1" is not present with pull policy of Never');
  });
});
