/**
 * The ContainerRuntime contract, run by every implementation (fake here, the process
 * runtime in test/integration/kubelet). Commands are POSIX sh (busybox in images).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ContainerConfig, ContainerRuntime, RuntimeEvent, SandboxConfig } from "../../../../src/kubelet/runtime/runtime.ts";

export interface ContractEnv {
  rt: ContainerRuntime;
  image: string;
  logDir: string;
  cleanup(): Promise<void>;
}

let podSeq = 0;

export function sandboxConfig(over: Partial<SandboxConfig> = {}): SandboxConfig {
  const n = ++podSeq;
  return { podUid: `uid-${n}`, podName: `pod-${n}`, namespace: "default", hostname: `pod-${n}`, hostNetwork: false, cgroupParent: "", etcHosts: "127.0.0.1 localhost\n", resolvConf: "", ...over };
}

async function waitFor(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await Bun.sleep(10);
  }
}

export function runtimeContract(name: string, setup: () => Promise<ContractEnv>): void {
  describe(`ContainerRuntime contract: ${name}`, () => {
    let env: ContractEnv;
    let seq = 0;
    beforeAll(async () => {
      env = await setup();
    });
    afterAll(async () => {
      await env.rt.close();
      await env.cleanup();
    });

    const cfg = (argv: string[], over: Partial<ContainerConfig> = {}): ContainerConfig => ({
      name: `c${++seq}`,
      attempt: 0,
      image: env.image,
      argv,
      env: [],
      mounts: [],
      logPath: join(env.logDir, `c${seq}`, "0.log"),
      limits: {},
      ...over,
    });

    async function runToEnd(argv: string[], over: Partial<ContainerConfig> = {}) {
      const sb = await env.rt.runSandbox(sandboxConfig());
      const c = cfg(argv, over);
      const id = await env.rt.createContainer(sb, c);
      await env.rt.startContainer(id);
      await waitFor(async () => (await env.rt.containerStatus(id))?.state === "exited");
      return { sb, id, status: (await env.rt.containerStatus(id))!, log: readFileSync(c.logPath, "utf8") };
    }

    test("sandbox lifecycle", async () => {
      const sc = sandboxConfig();
      const id = await env.rt.runSandbox(sc);
      expect(await env.rt.sandboxStatus(id)).toMatchObject({ id, podUid: sc.podUid, podName: sc.podName, namespace: "default", state: "ready" });
      expect((await env.rt.listSandboxes()).map((s) => s.id)).toContain(id);
      await env.rt.stopSandbox(id);
      expect((await env.rt.sandboxStatus(id))?.state).toBe("notready");
      await expect(env.rt.createContainer(id, cfg(["true"]))).rejects.toThrow(/not ready/);
      await env.rt.removeSandbox(id);
      expect(await env.rt.sandboxStatus(id)).toBeUndefined();
    });

    test("a container runs to completion: logs, exit code, events in order", async () => {
      const events: RuntimeEvent[] = [];
      const off = env.rt.onEvent((e) => events.push(e));
      const r = await runToEnd(["sh", "-c", "echo out; echo err >&2"]);
      off();
      expect(r.status).toMatchObject({ state: "exited", exitCode: 0, reason: "Completed", attempt: 0 });
      expect(r.status.finishedAt! >= r.status.startedAt!).toBe(true);
      expect(r.log).toMatch(/^\S+ stdout F out$/m);
      expect(r.log).toMatch(/^\S+ stderr F err$/m);
      expect(events.filter((e) => e.containerId === r.id).map((e) => e.type)).toEqual(["started", "exited"]);
    });

    test("non-zero exit is an Error with its code", async () => {
      const r = await runToEnd(["sh", "-c", "exit 3"]);
      expect(r.status).toMatchObject({ state: "exited", exitCode: 3, reason: "Error" });
    });

    test("environment reaches the process", async () => {
      const r = await runToEnd(["sh", "-c", 'echo "$FOO-$BAR"'], { env: [["FOO", "foo"], ["BAR", "b a r"]] });
      expect(r.log).toMatch(/stdout F foo-b a r$/m);
    });

    test("stop: SIGTERM is honoured within the grace period", async () => {
      const sb = await env.rt.runSandbox(sandboxConfig());
      const c = cfg(["sh", "-c", "trap 'echo bye; exit 7' TERM; echo ready; while true; do sleep 0.05; done"]);
      const id = await env.rt.createContainer(sb, c);
      await env.rt.startContainer(id);
      await waitFor(async () => readFileSync(c.logPath, "utf8").includes("ready"));
      const t0 = Date.now();
      await env.rt.stopContainer(id, 10);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(await env.rt.containerStatus(id)).toMatchObject({ state: "exited", exitCode: 7, reason: "Error" });
      expect(readFileSync(c.logPath, "utf8")).toContain("stdout F bye");
    });

    test("stop: SIGKILL after the grace period when TERM is ignored", async () => {
      const sb = await env.rt.runSandbox(sandboxConfig());
      const c = cfg(["sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.05; done"]);
      const id = await env.rt.createContainer(sb, c);
      await env.rt.startContainer(id);
      await waitFor(async () => readFileSync(c.logPath, "utf8").includes("ready"));
      const t0 = Date.now();
      await env.rt.stopContainer(id, 1);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
      expect(await env.rt.containerStatus(id)).toMatchObject({ state: "exited", exitCode: 137 });
    });

    test("exec: output, exit code, timeout; not in a stopped container", async () => {
      const sb = await env.rt.runSandbox(sandboxConfig());
      const id = await env.rt.createContainer(sb, cfg(["sh", "-c", "while true; do sleep 0.05; done"], { env: [["X", "from-container"]] }));
      await env.rt.startContainer(id);
      const r = await env.rt.execSync(id, ["sh", "-c", 'echo "hi $X"; echo e >&2; exit 4']);
      expect(r.exitCode).toBe(4);
      expect(new TextDecoder().decode(r.stdout)).toBe("hi from-container\n");
      expect(new TextDecoder().decode(r.stderr)).toBe("e\n");
      const t = await env.rt.execSync(id, ["sleep", "10"], { timeoutMs: 200 });
      expect(t.timedOut).toBe(true);
      expect(t.exitCode).not.toBe(0);
      const s = await env.rt.exec(id, ["sh", "-c", "read line; echo got:$line"], { stdin: true });
      s.writeStdin(new TextEncoder().encode("abc\n"));
      s.closeStdin();
      expect(await new Response(s.stdout).text()).toBe("got:abc\n");
      expect(await s.exited).toBe(0);
      await env.rt.stopContainer(id, 0);
      await expect(env.rt.execSync(id, ["true"])).rejects.toThrow(/not running/);
    });

    test("stopSandbox kills its containers; remove forgets them", async () => {
      const sb = await env.rt.runSandbox(sandboxConfig());
      const ids = [];
      for (let i = 0; i < 2; i++) {
        const id = await env.rt.createContainer(sb, cfg(["sh", "-c", "trap '' TERM; while true; do sleep 0.05; done"]));
        await env.rt.startContainer(id);
        ids.push(id);
      }
      await env.rt.stopSandbox(sb);
      for (const id of ids) expect((await env.rt.containerStatus(id))?.state).toBe("exited");
      expect((await env.rt.listContainers({ sandboxId: sb })).length).toBe(2);
      await env.rt.removeSandbox(sb);
      for (const id of ids) expect(await env.rt.containerStatus(id)).toBeUndefined();
    });

    test("attach: stdin reaches a container created with it, and stays open between sessions unless stdinOnce", async () => {
      const sb = await env.rt.runSandbox(sandboxConfig());
      const c = cfg(["sh", "-c", "read a; echo first:$a; read b; echo second:$b; cat; echo eof"], { stdin: true });
      const id = await env.rt.createContainer(sb, c);
      await env.rt.startContainer(id);
      const one = await env.rt.attach(id);
      one.writeStdin(new TextEncoder().encode("x\n"));
      await waitFor(async () => readFileSync(c.logPath, "utf8").includes("first:x"));
      one.closeStdin();
      one.close();
      const two = await env.rt.attach(id);
      two.writeStdin(new TextEncoder().encode("y\n"));
      await waitFor(async () => readFileSync(c.logPath, "utf8").includes("second:y"));
      expect((await env.rt.containerStatus(id))?.state).toBe("running");
      await env.rt.stopContainer(id, 0);

      const once = cfg(["sh", "-c", "cat; echo eof"], { stdin: true, stdinOnce: true });
      const oid = await env.rt.createContainer(sb, once);
      await env.rt.startContainer(oid);
      const s = await env.rt.attach(oid);
      s.writeStdin(new TextEncoder().encode("data\n"));
      s.closeStdin();
      await waitFor(async () => (await env.rt.containerStatus(oid))?.state === "exited");
      expect(readFileSync(once.logPath, "utf8")).toMatch(/stdout F data\n.*stdout F eof\n$/s);
      await expect(env.rt.attach(oid)).rejects.toThrow(/not running/);
    });

    test("a target container must exist in the same sandbox", async () => {
      const sb = await env.rt.runSandbox(sandboxConfig());
      const other = await env.rt.runSandbox(sandboxConfig());
      const tid = await env.rt.createContainer(other, cfg(["sh", "-c", "sleep 10"]));
      await expect(env.rt.createContainer(sb, cfg(["true"], { targetContainerId: tid }))).rejects.toThrow(/not found/);
      await expect(env.rt.createContainer(sb, cfg(["true"], { targetContainerId: "nope" }))).rejects.toThrow(/not found/);
    });

    test("a container cannot start twice", async () => {
      const r = await runToEnd(["true"]);
      await expect(env.rt.startContainer(r.id)).rejects.toThrow(/not created/);
    });
  });
}
