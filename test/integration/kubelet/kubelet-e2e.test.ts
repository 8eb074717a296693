/**
 * The whole kubelet on this machine: runKubelet over the fake API with the process
 * runtime, bridge network and host cgroups, running busybox pods; its server serves
 * logs, exec (v5.channel.k8s.io) and port-forward (portforward.k8s.io) as the API
 * server will proxy them.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeKubeletApi } from "../../../src/kubelet/api/fake-api.ts";
import type { Pod } from "../../../src/kubelet/api/types.ts";
import { type KubeletHandle, runKubelet } from "../../../src/kubelet/run.ts";
import { findHostTools } from "../../../src/kubelet/runtime/process/tools.ts";
import { waitFor } from "../../unit/kubelet/harness.ts";
import { buildBusyboxImage, haveBusybox } from "./fixtures/busybox-image.ts";

const enabled = process.getuid?.() === 0 && haveBusybox() && findHostTools().ip !== null;
const IMAGE = "kubun.test/busybox:1.35";

describe.skipIf(!enabled)("kubelet end to end (process runtime)", () => {
  let dir: string;
  let api: FakeKubeletApi;
  let h: KubeletHandle;
  let base: string;
  let stopped = false;
  const bridge = `ke${process.pid % 100000}`;
  const bridgePorts = () =>
    new TextDecoder()
      .decode(Bun.spawnSync(["ip", "-o", "link", "show", "master", bridge]).stdout)
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(": ")[1]!.split("@")[0]!);
  const sandboxOf = async (pod: string) => (await h.runtime.listSandboxes()).find((s) => s.podName === pod && s.state === "ready")!;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubun-e2e-"));
    mkdirSync(join(dir, "agent", "images"), { recursive: true });
    await buildBusyboxImage(join(dir, "agent", "images", "busybox.tar"), { name: IMAGE });
    api = new FakeKubeletApi();
    h = await runKubelet({
      api,
      dataDir: dir,
      nodeName: "node-e2e",
      nodeIP: "127.0.0.1",
      podCIDR: `10.252.${process.pid % 200}.0/24`,
      bridgeName: `ke${process.pid % 100000}`,
      server: { port: 0, hostname: "127.0.0.1" },
    });
    base = `http://127.0.0.1:${h.server!.port}`;
  });
  afterAll(async () => {
    if (!stopped) await h?.stop({ killPods: true });
    if (h) Bun.spawnSync(["ip", "link", "del", `ke${process.pid % 100000}`]);
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (name: string, spec: Partial<Pod["spec"]>) =>
    api.putPod({ metadata: { name, namespace: "default" }, spec: { nodeName: "node-e2e", terminationGracePeriodSeconds: 3, containers: [], ...spec } as Pod["spec"] });
  const st = (name: string) => api.getPod("default", name)?.status;

  test("node registered with capacity, conditions and a lease; dropped image imported", async () => {
    const node = (await api.getNode("node-e2e"))!;
    expect(node.status!.capacity!["pods"]).toBe("110");
    expect(node.status!.conditions!.find((c) => c.type === "Ready")!.status).toBe("True");
    const rle = node.status!.conditions!.find((c) => c.type === "ResourceLimitsEnforced")!;
    expect(["True", "False"]).toContain(rle.status);
    expect(await api.getLease("kube-node-lease", "node-e2e")).toBeDefined();
    expect(node.status!.images!.some((i) => i.names!.includes(IMAGE))).toBe(true);
  });

  test("logs, follow, exec with exit codes, port-forward to httpd", async () => {
    put("web", {
      containers: [
        { name: "httpd", image: IMAGE, command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"], ports: [{ containerPort: 8080 }] },
        { name: "talker", image: IMAGE, command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"] },
      ],
    });
    await waitFor(() => st("web")?.phase === "Running" && st("web")?.conditions?.find((c) => c.type === "Ready")?.status === "True", 15000, "web running");
    const ip = st("web")!.podIP!;
    expect(ip).toMatch(/^10\.252\./);

    await waitFor(async () => (await (await fetch(`${base}/containerLogs/default/web/talker`)).text()).includes("tick 2"), 5000, "logs");
    const tail = await (await fetch(`${base}/containerLogs/default/web/talker?tailLines=1&timestamps=true`)).text();
    expect(tail).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z tick \d+\n$/);
    const ac = new AbortController();
    const res = await fetch(`${base}/containerLogs/default/web/talker?follow=true&tailLines=0`, { signal: ac.signal });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^tick \d+\n/);
    ac.abort();
    expect((await fetch(`${base}/containerLogs/default/web/nope`)).status).toBe(400);
    expect((await fetch(`${base}/containerLogs/default/missing/x`)).status).toBe(404);

    const exec = async (cmd: string[]) => {
      const qs = cmd.map((c) => `command=${encodeURIComponent(c)}`).join("&");
      const ws = new WebSocket(`ws://127.0.0.1:${h.server!.port}/exec/default/web/talker?${qs}&stdout=1&stderr=1`, ["v5.channel.k8s.io"]);
      ws.binaryType = "arraybuffer";
      let out = "";
      let status: Record<string, unknown> | undefined;
      await new Promise<void>((resolve, reject) => {
        ws.onmessage = (m) => {
          const b = new Uint8Array(m.data as ArrayBuffer);
          if (b[0] === 1) out += new TextDecoder().decode(b.subarray(1));
          if (b[0] === 3) status = JSON.parse(new TextDecoder().decode(b.subarray(1)));
        };
        ws.onclose = () => resolve();
        ws.onerror = (e) => reject(e);
      });
      expect(ws.protocol).toBe("v5.channel.k8s.io");
      return { out, status };
    };
    const ok = await exec(["sh", "-c", "echo inside $(hostname); cat /etc/hostname"]);
    expect(ok.out).toBe("inside web\nweb\n");
    expect(ok.status).toEqual({ metadata: {}, status: "Success" });
    const bad = await exec(["sh", "-c", "exit 3"]);
    expect(bad.status).toMatchObject({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "3" }] } });

    // A terminal's size and stdin sent the moment the stream opens (as kubectl does) reach
    // the command, though it is still being started then.
    const early = await new Promise<string>((resolve, reject) => {
      const cmd = ["sh", "-c", "stty size; read x; echo got:$x"].map((c) => `command=${encodeURIComponent(c)}`).join("&");
      const ws = new WebSocket(`ws://127.0.0.1:${h.server!.port}/exec/default/web/talker?${cmd}&stdin=1&stdout=1&tty=1`, ["v5.channel.k8s.io"]);
      ws.binaryType = "arraybuffer";
      let out = "";
      const enc = new TextEncoder();
      ws.onopen = () => {
        ws.send(new Uint8Array([4, ...enc.encode(JSON.stringify({ Width: 100, Height: 30 }))]));
        ws.send(new Uint8Array([0, ...enc.encode("hello\n")]));
      };
      ws.onmessage = (m) => {
        const b = new Uint8Array(m.data as ArrayBuffer);
        if (b[0] === 1) out += new TextDecoder().decode(b.subarray(1));
      };
      ws.onclose = () => resolve(out);
      ws.onerror = (e) => reject(e);
    });
    expect(early).toContain("30 100");
    expect(early).toContain("got:hello");

    const pf = new WebSocket(`ws://127.0.0.1:${h.server!.port}/portForward/default/web?ports=8080`, ["portforward.k8s.io"]);
    pf.binaryType = "arraybuffer";
    let resp = "";
    const heads: number[] = [];
    await new Promise<void>((resolve, reject) => {
      pf.onopen = () => pf.send(new Uint8Array([0, ...new TextEncoder().encode("GET /index.html HTTP/1.0\r\n\r\n")]));
      pf.onmessage = (m) => {
        const b = new Uint8Array(m.data as ArrayBuffer);
        if (b.length === 3 && heads.length < 2) {
          heads.push(b[0]!);
          return;
        }
        if (b[0] === 0) resp += new TextDecoder().decode(b.subarray(1));
        if (resp.includes("hello from busybox httpd")) resolve();
      };
      pf.onerror = (e) => reject(e);
    });
    pf.close();
    expect(heads).toEqual([0, 1]);
    expect(resp).toMatch(/^HTTP\/1\.[01] 200 OK/);
  });

  test("deleting a pod stops its processes and removes cgroups, mounts and directories", async () => {
    const p = put("victim", { containers: [{ name: "c", image: IMAGE, command: ["sh", "-c", "trap 'echo term; exit 0' TERM; while true; do sleep 0.1; done"] }] });
    await waitFor(() => st("victim")?.phase === "Running", 15000, "victim running");
    const cid = st("victim")!.containerStatuses![0]!.containerID!.replace("kubun://", "");
    const cgroups = h.kubelet.cgroupManager!;
    const podPath = h.kubelet.podCgroups?.podPath(p);
    const procs = podPath ? await cgroups.allProcs(podPath) : [];
    const sb = await sandboxOf("victim");
    expect(existsSync(sb.netns!)).toBe(true);
    expect(bridgePorts()).toContain(`vk${sb.id.slice(0, 12)}`);
    api.deletePodGracefully("default", "victim", 3);
    await waitFor(() => !api.getPod("default", "victim"), 15000, "victim deleted");
    for (const pid of procs) expect(existsSync(`/proc/${pid}`)).toBe(false);
    if (podPath) expect(await cgroups.exists(podPath)).toBe(false);
    expect(existsSync(join(dir, "agent", "containers", cid))).toBe(false);
    expect(existsSync(join(dir, "agent", "pods", p.metadata.uid!))).toBe(false);
    expect(existsSync(sb.netns!)).toBe(false);
    expect(bridgePorts()).not.toContain(`vk${sb.id.slice(0, 12)}`);
  });

  test("stopping the kubelet with killPods takes every pod's namespace and veth off the bridge", async () => {
    put("last", { containers: [{ name: "c", image: IMAGE, command: ["sleep", "300"] }] });
    await waitFor(() => st("last")?.phase === "Running", 15000, "last running");
    const sb = await sandboxOf("last");
    expect(bridgePorts().length).toBeGreaterThan(0);
    stopped = true;
    await h.stop({ killPods: true });
    expect(existsSync(sb.netns!)).toBe(false);
    expect(bridgePorts()).toEqual([]);
  });
});
