import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Cluster } from "../../helpers/cluster.ts";
import { TOOLS } from "../../helpers/cluster.ts";
import { ok, startApiCluster } from "./kubectl.ts";

let c: Cluster;
beforeAll(async () => {
  c = await startApiCluster();
  await ok(c, ["create", "ns", "w"]);
}, 60_000);
afterAll(() => c?.stop());

describe("kubectl get -w and delete", () => {
  test("get -w prints rows as objects change", async () => {
    await ok(c, ["create", "cm", "first", "-n", "w"]);
    const p = Bun.spawn([join(TOOLS, "kubectl"), "--kubeconfig", c.kubeconfig, "--cache-dir", join(c.dir, "kube-cache"), "get", "cm", "-n", "w", "-w"], { stdout: "pipe", stderr: "pipe", env: { ...process.env, HOME: c.dir } });
    const dec = new TextDecoder();
    let out = "";
    const reader = p.stdout.getReader();
    const until = async (needle: string) => {
      const deadline = Date.now() + 15_000;
      while (!out.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no "${needle}" in: ${out}`);
        const r = await Promise.race([reader.read(), Bun.sleep(500).then(() => undefined)]);
        if (r && !r.done) out += dec.decode(r.value);
      }
    };
    await until("first");
    await ok(c, ["create", "cm", "second", "-n", "w"]);
    await until("second");
    p.kill();
    await p.exited;
    expect(out).toMatch(/^NAME\s+DATA\s+AGE/);
  }, 60_000);

  test("delete --wait returns once the object is gone", async () => {
    await ok(c, ["create", "cm", "gone", "-n", "w"]);
    expect(await ok(c, ["delete", "cm", "gone", "-n", "w", "--wait"])).toContain('configmap "gone" deleted');
    const r = await c.kubectl(["get", "cm", "gone", "-n", "w"]);
    expect(r.code).not.toBe(0);
  }, 60_000);

  test("delete --cascade=orphan keeps the replica sets; foreground waits for the collector", async () => {
    await ok(c, ["create", "deployment", "keep", "-n", "w", "--image=busybox", "--replicas=0"]);
    await ok(c, ["create", "deployment", "fg", "-n", "w", "--image=busybox", "--replicas=0"]);
    const rsOf = async (name: string) => (await ok(c, ["get", "rs", "-n", "w", "-l", `app=${name}`, "-o", "name"])).trim();
    const deadline = Date.now() + 20_000;
    while ((!(await rsOf("keep")) || !(await rsOf("fg"))) && Date.now() < deadline) await Bun.sleep(300);
    expect(await rsOf("keep")).toStartWith("replicaset.apps/keep-");
    expect(await ok(c, ["delete", "deploy", "keep", "-n", "w", "--cascade=orphan"])).toContain('deployment.apps "keep" deleted');
    await Bun.sleep(1500);
    expect(await rsOf("keep")).toStartWith("replicaset.apps/keep-");
    expect(await ok(c, ["delete", "deploy", "fg", "-n", "w", "--cascade=foreground", "--wait", "--timeout=30s"])).toContain('deployment.apps "fg" deleted');
    expect(await rsOf("fg")).toBe("");
  }, 90_000);
});
