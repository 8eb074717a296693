/**
 * `kubun agent` joins a running `kubun server` as a node with the K10 token from the
 * server's node-token file (the CA is verified against the token's hash before the
 * secret is sent), a pod scheduled to it runs, and its logs come through the apiserver. A token whose hash does not match
 * the server's CA is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary, runKubun } from "../../helpers/binary.ts";
import { startCluster, type Cluster } from "../../helpers/cluster.ts";
import { freePort } from "../../helpers/ports.ts";
import { buildBusyboxImage } from "../../integration/kubelet/fixtures/busybox-image.ts";

let c: Cluster;
let agent: ReturnType<typeof Bun.spawn> | undefined;
let agentDir = "";
let agentLog = "";

beforeAll(async () => {
  c = await startCluster(["--disable-agent"]);
  agentDir = mkdtempSync(join(tmpdir(), "kubun-agent-"));
  mkdirSync(join(agentDir, "agent", "images"), { recursive: true });
  await buildBusyboxImage(join(agentDir, "agent", "images", "busybox.tar"), { name: "busybox:1.36", format: "oci" });
}, 60_000);

afterAll(async () => {
  agent?.kill("SIGTERM");
  await agent?.exited;
  Bun.spawnSync(["pkill", "-KILL", "-f", join(agentDir, "agent", "containers")]);
  await c?.stop();
});

describe("kubun agent", () => {
  test("a token whose CA hash does not match is refused before anything is sent", async () => {
    const bad = `K10${"0".repeat(64)}::server:whatever`;
    const r = await runKubun(["agent", "--server", c.url, "--token", bad, "-d", join(agentDir, "bad"), "--node-name", "bad"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("does not match the token's");
    expect(r.stderr.trim().split("\n").filter((l) => l.includes("kubun agent:"))).toHaveLength(1);
  });

  test("joins with the node token; a pod scheduled to the node runs", async () => {
    const token = readFileSync(join(c.dataDir, "server", "node-token"), "utf8").trim();
    expect(token).toMatch(/^K10[0-9a-f]{64}::server:.+$/);
    const bin = await ensureBinary();
    agent = Bun.spawn([bin, "agent", "--server", c.url, "--token", token, "-d", agentDir, "--node-name", "worker-a", "--kubelet-arg", `port=${await freePort()}`], {
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, TMPDIR: agentDir },
    });
    void (async () => {
      for await (const chunk of agent!.stderr as ReadableStream<Uint8Array>) agentLog += new TextDecoder().decode(chunk);
    })();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await c.kubectl(["get", "node", "worker-a", "-o", "jsonpath={.status.conditions[?(@.type=='Ready')].status}"]);
      if (r.stdout === "True") break;
      if (Date.now() > deadline || agent.exitCode !== null) throw new Error(`node not Ready: ${r.stdout} ${r.stderr}\nagent log:\n${agentLog}`);
      await Bun.sleep(250);
    }
    const run = await c.kubectl(["run", "joined", "--image=busybox:1.36", "--image-pull-policy=IfNotPresent", "--restart=Never", "--", "sh", "-c", "echo from-worker"]);
    expect(run.code).toBe(0);
    const done = await c.kubectl(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/joined", "--timeout=60s"], { timeoutMs: 70_000 });
    if (done.code !== 0) throw new Error(`pod did not succeed: ${done.stderr}\nagent log:\n${agentLog}`);
    const pod = JSON.parse((await c.kubectl(["get", "pod", "joined", "-o", "json"])).stdout);
    expect(pod.spec.nodeName).toBe("worker-a");
    // a joined agent is a worker: no control-plane role
    expect((await c.kubectl(["get", "node", "worker-a", "--no-headers"])).stdout.split(/\s+/)[2]).toBe("<none>");
    expect(pod.status.containerStatuses[0].state.terminated.exitCode).toBe(0);
    // logs come through the apiserver's proxy to the joined kubelet
    const logs = await c.kubectl(["logs", "joined"]);
    expect(logs.stderr).toBe("");
    expect(logs.stdout).toBe("from-worker\n");
  }, 120_000);
});
