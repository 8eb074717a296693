import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probe } from "../../../../src/kubelet/api/types.ts";
import { KUBE_PROBE_UA, type ProbeOutcome, resolvePort, runProbe } from "../../../../src/kubelet/prober/probe.ts";
import { ProbeWorker, type ProbeType } from "../../../../src/kubelet/prober/worker.ts";
import { FakeRuntime } from "../../../../src/kubelet/runtime/fake/runtime.ts";

let server: ReturnType<typeof Bun.serve>;
const port = (): number => server.port as number;
const seen: Array<{ path: string; ua: string | null; host: string | null; x: string | null }> = [];
const rt = new FakeRuntime();
let cid = "";
const tmp = mkdtempSync(join(tmpdir(), "kubun-probe-"));

beforeAll(async () => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const u = new URL(req.url);
      seen.push({ path: u.pathname, ua: req.headers.get("user-agent"), host: req.headers.get("host"), x: req.headers.get("x-probe") });
      if (u.pathname === "/ok") return new Response("fine");
      if (u.pathname === "/redirect") return Response.redirect("/ok", 302);
      if (u.pathname === "/slow") return Bun.sleep(3000).then(() => new Response("late"));
      return new Response("nope", { status: 500 });
    },
  });
  const sb = await rt.runSandbox({ podUid: "u", podName: "p", namespace: "d", hostname: "p", hostNetwork: false, cgroupParent: "", etcHosts: "", resolvConf: "" });
  cid = await rt.createContainer(sb, { name: "c", attempt: 0, image: "i", argv: ["sleep", "30"], env: [["MARK", "m"]], mounts: [], logPath: join(tmp, "c.log"), limits: {} });
  await rt.startContainer(cid);
});
afterAll(async () => {
  server.stop(true);
  await rt.close();
  rmSync(tmp, { recursive: true, force: true });
});

const container = { name: "c", ports: [{ name: "http", containerPort: 0 }] };
const target = (timeoutSeconds = 1) => ({ runtime: rt, containerId: cid, container: { ...container, ports: [{ name: "http", containerPort: port() }] }, podIP: "127.0.0.1", timeoutSeconds });

describe("runProbe", () => {
  test("named and numeric ports", () => {
    expect(resolvePort("http", { name: "c", ports: [{ name: "http", containerPort: 8080 }] })).toBe(8080);
    expect(resolvePort("8081", { name: "c" })).toBe(8081);
    expect(resolvePort("nope", { name: "c" })).toBeUndefined();
  });

  test("httpGet success, redirect, headers and user agent", async () => {
    expect((await runProbe({ httpGet: { path: "/ok", port: "http", httpHeaders: [{ name: "X-Probe", value: "1" }] } }, target())).result).toBe("Success");
    expect(seen.at(-1)).toEqual({ path: "/ok", ua: KUBE_PROBE_UA, host: `127.0.0.1:${port()}`, x: "1" });
    expect((await runProbe({ httpGet: { path: "/redirect", port: port() } }, target())).result).toBe("Success");
    expect((await runProbe({ httpGet: { path: "/ok", port: port(), httpHeaders: [{ name: "Host", value: "example.test" }] } }, target())).result).toBe("Success");
    expect(seen.at(-1)!.host).toBe("example.test");
  });

  test("httpGet failures: status, refused, timeout, no IP", async () => {
    expect(await runProbe({ httpGet: { path: "/bad", port: port() } }, target())).toEqual({ result: "Failure", output: "HTTP probe failed with statuscode: 500" });
    const refused = await runProbe({ httpGet: { path: "/", port: 1 } }, target());
    expect(refused.result).toBe("Failure");
    expect(refused.output).toMatch(/connection refused|Unable to connect|ECONNREFUSED/i);
    const t0 = Date.now();
    const slow = await runProbe({ httpGet: { path: "/slow", port: port() } }, target(1));
    expect(slow.result).toBe("Failure");
    expect(slow.output).toContain("context deadline exceeded");
    expect(Date.now() - t0).toBeLessThan(2500);
    expect((await runProbe({ httpGet: { port: 80 } }, { ...target(), podIP: undefined })).result).toBe("Unknown");
  });

  test("tcpSocket", async () => {
    expect((await runProbe({ tcpSocket: { port: port() } }, target())).result).toBe("Success");
    expect((await runProbe({ tcpSocket: { port: 1 } }, target())).result).toBe("Failure");
  });

  test("exec: exit status, output, timeout", async () => {
    expect(await runProbe({ exec: { command: ["sh", "-c", "echo $MARK"] } }, target())).toEqual({ result: "Success", output: "m\n" });
    expect(await runProbe({ exec: { command: ["sh", "-c", "echo bad >&2; exit 1"] } }, target())).toEqual({ result: "Failure", output: "bad\n" });
    expect((await runProbe({ exec: { command: ["sleep", "5"] } }, target(1))).output).toMatch(/timed out/);
  });
});

describe("ProbeWorker thresholds and gating", () => {
  function worker(type: ProbeType, spec: Probe, outcomes: Array<ProbeOutcome["result"]>, started = () => true) {
    const results: string[] = [];
    const events: string[] = [];
    let i = 0;
    const w = new ProbeWorker(type, { periodSeconds: 1000, ...spec }, Date.now(), {
      target: () => ({ runtime: rt, containerId: cid, container, podIP: "127.0.0.1" }),
      started,
      onResult: (_t, r) => results.push(r),
      event: (_ty, _r, m) => events.push(m),
      probe: async () => ({ result: outcomes[i++] ?? "Success", output: "out" }),
    });
    return { w, results, events };
  }

  test("initial results", () => {
    expect(worker("readiness", {}, []).w.result).toBe("Failure");
    expect(worker("liveness", {}, []).w.result).toBe("Success");
    expect(worker("startup", {}, []).w.result).toBe("Unknown");
  });

  test("liveness fails only after failureThreshold consecutive failures, then holds", async () => {
    const { w, results, events } = worker("liveness", { failureThreshold: 3 }, ["Failure", "Failure", "Success", "Failure", "Failure", "Failure", "Failure"]);
    for (let i = 0; i < 7; i++) await w.tick();
    expect(results).toEqual(["Failure"]);
    expect(events).toEqual(Array(5).fill("Liveness probe failed: out"));
    w.stop();
  });

  test("readiness flips both ways with successThreshold", async () => {
    const { w, results } = worker("readiness", { successThreshold: 2, failureThreshold: 1 }, ["Success", "Success", "Failure", "Success", "Success"]);
    for (let i = 0; i < 5; i++) await w.tick();
    expect(results).toEqual(["Success", "Failure", "Success"]);
    w.stop();
  });

  test("liveness waits for startup; errors are 'errored' events", async () => {
    let started = false;
    const { w, results, events } = worker("liveness", { failureThreshold: 1 }, ["Unknown"], () => started);
    await w.tick();
    expect(events).toEqual([]);
    started = true;
    await w.tick();
    expect(results).toEqual(["Failure"]);
    expect(events).toEqual(["Liveness probe errored: out"]);
  });

  test("startup success ends the startup worker", async () => {
    const { w, results } = worker("startup", { failureThreshold: 30 }, ["Failure", "Success", "Failure"]);
    await w.tick();
    await w.tick();
    await w.tick();
    expect(results).toEqual(["Success"]);
    expect(w.result).toBe("Success");
  });
});
