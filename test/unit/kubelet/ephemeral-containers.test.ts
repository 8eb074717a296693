/**
 * Ephemeral containers in the kubelet (fake runtime): added to a running pod they start
 * once, with their target's instance handed to the runtime; they are never restarted,
 * never ready, reported in ephemeralContainerStatuses (not in the phase or conditions),
 * and their events name spec.ephemeralContainers{name}. The kubelet's log endpoint finds them.
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { EphemeralContainer, Pod } from "../../../src/kubelet/api/types.ts";
import { KubeletServer } from "../../../src/kubelet/server/server.ts";
import { type Harness, IMAGE, pod, startHarness, waitFor } from "./harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const current = (p: Pod) => h.api.getPod("default", p.metadata.name!)!;
const ecs = (p: Pod) => current(p).status?.ephemeralContainerStatuses;

/** What pods/ephemeralcontainers does to the pod the kubelet watches. */
function addEphemeral(p: Pod, ec: EphemeralContainer): void {
  const cur = structuredClone(current(p));
  cur.spec.ephemeralContainers = [...(cur.spec.ephemeralContainers ?? []), { image: IMAGE, imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log", ...ec }];
  h.api.putPod(cur);
}

describe("kubelet: ephemeral containers", () => {
  test("start once in a running pod, never restart, and are reported apart", async () => {
    h = await startHarness();
    const p = h.api.putPod(pod([{ command: ["sh", "-c", "sleep 30"] }]));
    await waitFor(() => current(p).status?.phase === "Running", 5000, "Running");
    addEphemeral(p, { name: "debugger", command: ["sh", "-c", "echo from-debug; exit 4"], targetContainerName: "c0" });
    await waitFor(() => ecs(p)?.[0]?.state?.terminated, 5000, "ephemeral terminated");
    const st = ecs(p)![0]!;
    expect(st).toMatchObject({ name: "debugger", ready: false, restartCount: 0, image: IMAGE, state: { terminated: { exitCode: 4, reason: "Error" } } });
    expect(st.started).toBeUndefined();
    expect(st.containerID).toMatch(/^kubun:\/\//);
    // the target's running instance went to the runtime
    expect(h.rt.calls).toContain("createContainer debugger#0 target=c0");
    // not restarted, whatever the pod's restartPolicy (Always here)
    h.advance(60_000);
    await Bun.sleep(300);
    expect(h.rt.calls.filter((c) => c.startsWith("startContainer debugger"))).toHaveLength(1);
    expect(ecs(p)![0]!.restartCount).toBe(0);
    // the pod stays Running and Ready: the ephemeral container counts for neither
    const status = current(p).status!;
    expect(status.phase).toBe("Running");
    expect(status.conditions!.find((c) => c.type === "Ready")!.status).toBe("True");
    expect(status.containerStatuses!.map((c) => c.name)).toEqual(["c0"]);
    const events = h.api.events.filter((e) => e.obj.fieldPath === "spec.ephemeralContainers{debugger}").map((e) => e.reason);
    expect(events).toEqual(expect.arrayContaining(["Created", "Started"]));
  });

  test("a second one joins the first; a running one is running, and deletion stops it", async () => {
    h = await startHarness();
    // plain sleeps: the fake runtime's SIGTERM reaches them (a shell would leave its child behind)
    const p = h.api.putPod(pod([{ command: ["sleep", "30"] }]));
    await waitFor(() => current(p).status?.phase === "Running", 5000, "Running");
    addEphemeral(p, { name: "one", command: ["true"] });
    await waitFor(() => ecs(p)?.[0]?.state?.terminated, 5000, "one terminated");
    addEphemeral(p, { name: "two", command: ["sleep", "30"], stdin: true, tty: true });
    await waitFor(() => ecs(p)?.[1]?.state?.running, 5000, "two running");
    expect(ecs(p)!.map((s) => [s.name, Object.keys(s.state!)[0]])).toEqual([
      ["one", "terminated"],
      ["two", "running"],
    ]);
    expect(ecs(p)![1]!.ready).toBe(false);
    h.api.deletePodGracefully("default", p.metadata.name!, 1);
    await waitFor(() => h.rt.calls.some((c) => c.startsWith("stopContainer two#0")), 5000, "two stopped");
    await waitFor(() => h.api.deletes.some((d) => d.name === p.metadata.name && d.gracePeriodSeconds === 0), 5000, "deletion confirmed");
  });

  test("a target that is not running: CreateContainerError, retried", async () => {
    h = await startHarness();
    const p = h.api.putPod(pod([{ command: ["sh", "-c", "sleep 30"] }], { initContainers: [{ name: "setup", image: IMAGE, command: ["true"] }] }));
    await waitFor(() => current(p).status?.phase === "Running", 5000, "Running");
    addEphemeral(p, { name: "dbg", command: ["true"], targetContainerName: "setup" });
    await waitFor(() => ecs(p)?.[0]?.state?.waiting, 5000, "waiting");
    expect(ecs(p)![0]!.state!.waiting).toEqual({ reason: "CreateContainerError", message: 'target container "setup" is not running' });
  });

  test("the kubelet's log endpoint serves an ephemeral container's log", async () => {
    h = await startHarness();
    const server = new KubeletServer({ kubelet: h.kubelet, runtime: h.rt, port: 0, hostname: "127.0.0.1" });
    await server.start();
    try {
      const p = h.api.putPod(pod([{ command: ["sh", "-c", "sleep 30"] }]));
      await waitFor(() => current(p).status?.phase === "Running", 5000, "Running");
      const missing = await fetch(`http://127.0.0.1:${server.port}/containerLogs/default/${p.metadata.name}/debugger`);
      expect(missing.status).toBe(400);
      expect(await missing.text()).toBe(`container debugger is not valid for pod ${p.metadata.name}`);
      addEphemeral(p, { name: "debugger", command: ["sh", "-c", "echo from-debug"] });
      await waitFor(() => ecs(p)?.[0]?.state?.terminated, 5000, "terminated");
      const res = await fetch(`http://127.0.0.1:${server.port}/containerLogs/default/${p.metadata.name}/debugger`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("from-debug\n");
    } finally {
      server.stop();
    }
  });
});
