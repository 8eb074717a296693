/**
 * Pod networks are taken down in every path (removal, failed start, runtime close), and
 * the bridge's address allocation skips addresses that pod namespaces still hold,
 * whoever made them. Runs as root on a test bridge and CIDR of its own; the namespaces
 * and veths it makes by hand are named kbt<pid>…, and a private host lease directory
 * keeps it apart from kubelets running on this machine.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openNodeImages } from "../../../src/kubelet/images/node-images.ts";
import { NullCgroupManager } from "../../../src/kubelet/platform/cgroup/null.ts";
import { BridgeNetwork, ipString, parseCidr } from "../../../src/kubelet/runtime/bridge.ts";
import { HostLeases } from "../../../src/kubelet/runtime/host-leases.ts";
import { ProcessRuntime } from "../../../src/kubelet/runtime/process/runtime.ts";
import { findHostTools } from "../../../src/kubelet/runtime/process/tools.ts";
import { sandboxConfig } from "../../unit/kubelet/runtime/contract.ts";

const IP = findHostTools().ip;
const enabled = process.getuid?.() === 0 && IP !== null;
const tag = `kbt${process.pid % 100000}`;
const bridgeName = `kc${process.pid % 100000}`;
const cidr = `10.249.${process.pid % 200}.0/24`;
const addr = (i: number) => ipString(parseCidr(cidr).base + i);

function ip(...args: string[]): string {
  const r = Bun.spawnSync([IP!, ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

/** A pod namespace made by hand, as a kubelet of another data dir would have left it: `name` holding `address` on the test bridge. */
function leftoverNamespace(name: string, hostVeth: string, address: string): void {
  ip("netns", "add", name);
  ip("link", "add", hostVeth, "type", "veth", "peer", "name", `${hostVeth}p`);
  ip("link", "set", `${hostVeth}p`, "netns", name);
  ip("link", "set", hostVeth, "master", bridgeName, "up");
  ip("-n", name, "addr", "add", `${address}/24`, "dev", `${hostVeth}p`);
  ip("-n", name, "link", "set", `${hostVeth}p`, "up");
}

const bridgePorts = () =>
  ip("-o", "link", "show", "master", bridgeName)
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(": ")[1]!.split("@")[0]!);
const netnsExists = (name: string) => existsSync(`/run/netns/${name}`);

describe.skipIf(!enabled)("pod network cleanup and address allocation", () => {
  let dir: string;
  let leaseDir: string;
  const runtimes: ProcessRuntime[] = [];

  async function node(name: string): Promise<{ rt: ProcessRuntime; net: BridgeNetwork }> {
    const root = join(dir, name);
    mkdirSync(root, { recursive: true });
    const net = new BridgeNetwork({ cidr, bridge: bridgeName, stateDir: join(root, "agent", "ipam"), ip: IP!, hostLeases: new HostLeases(leaseDir) });
    await net.init();
    const rt = await ProcessRuntime.open({ root: join(root, "agent"), images: openNodeImages(root), cgroups: new NullCgroupManager(), network: net });
    runtimes.push(rt);
    return { rt, net };
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kubun-netclean-"));
    leaseDir = join(dir, "host-leases");
  });

  afterAll(async () => {
    for (const rt of runtimes) await rt.close().catch(() => {});
    for (const n of readdirSync("/run/netns")) if (n.startsWith(tag)) Bun.spawnSync([IP!, "netns", "delete", n]);
    Bun.spawnSync([IP!, "link", "del", bridgeName]);
    rmSync(dir, { recursive: true, force: true });
  });

  test("an address a namespace without a lease still holds is skipped by a new data dir", async () => {
    const { net: first } = await node("first");
    leftoverNamespace(`${tag}-old`, `${tag}h`, addr(2));
    const { rt } = await node("second");
    const sb = await rt.runSandbox(sandboxConfig());
    expect((await rt.sandboxStatus(sb))!.ip).toBe(addr(3));
    expect(first.contains(addr(2))).toBe(true);
    await rt.removeSandbox(sb);
    ip("netns", "delete", `${tag}-old`);
    // the kernel destroys a namespace (and its veths) asynchronously
    for (let i = 0; i < 100 && bridgePorts().includes(`${tag}h`); i++) await Bun.sleep(20);
    expect(bridgePorts()).not.toContain(`${tag}h`);
  });

  test("two kubelets with their own data dirs on one bridge get distinct addresses; removal frees them", async () => {
    const a = await node("a");
    const b = await node("b");
    const sa = await a.rt.runSandbox(sandboxConfig());
    const sb = await b.rt.runSandbox(sandboxConfig());
    const ipA = (await a.rt.sandboxStatus(sa))!.ip!;
    const ipB = (await b.rt.sandboxStatus(sb))!.ip!;
    expect(ipA).not.toBe(ipB);
    const nsA = (await a.rt.sandboxStatus(sa))!.netns!;
    expect(existsSync(nsA)).toBe(true);
    expect(bridgePorts()).toContain(`vk${sa.slice(0, 12)}`);
    await a.rt.removeSandbox(sa);
    expect(existsSync(nsA)).toBe(false);
    expect(bridgePorts()).not.toContain(`vk${sa.slice(0, 12)}`);
    expect(existsSync(join(leaseDir, ipA))).toBe(false);
    // freed: the other kubelet gets it next
    const sb2 = await b.rt.runSandbox(sandboxConfig());
    expect((await b.rt.sandboxStatus(sb2))!.ip).toBe(ipA);
    await b.rt.close();
    expect(bridgePorts()).toEqual([]);
    expect(readdirSync(leaseDir)).toEqual([]);
  });

  test("sandboxes started at once get distinct addresses", async () => {
    // each sandbox claims its address before its namespace exists: a claim must not take
    // over an address another sandbox is still setting up
    const { rt } = await node("burst");
    const ids = await Promise.all(Array.from({ length: 6 }, () => rt.runSandbox(sandboxConfig())));
    const ips = await Promise.all(ids.map(async (id) => (await rt.sandboxStatus(id))!.ip!));
    expect(new Set(ips).size).toBe(6);
    for (const id of ids) await rt.removeSandbox(id);
    expect(readdirSync(leaseDir)).toEqual([]);
    expect(bridgePorts()).toEqual([]);
  });

  test("a sandbox that fails to start leaves no namespace, veth or lease", async () => {
    const { rt } = await node("failing");
    const before = readdirSync("/run/netns").filter((n) => n.startsWith("kubun-"));
    const boom = () => {
      throw new Error("hosts file failed");
    };
    await expect(rt.runSandbox(sandboxConfig({ etcHosts: boom }))).rejects.toThrow("hosts file failed");
    expect(readdirSync("/run/netns").filter((n) => n.startsWith("kubun-") && !before.includes(n))).toEqual([]);
    expect(bridgePorts()).toEqual([]);
    expect(readdirSync(leaseDir)).toEqual([]);
    expect(await rt.listSandboxes()).toEqual([]);
  });

  test("the namespace and veth of a kubelet that died are removed at init and the address reused", async () => {
    const dead = Bun.spawn(["true"]);
    await dead.exited;
    leftoverNamespace(`${tag}-orphan`, `${tag}o`, addr(2));
    mkdirSync(leaseDir, { recursive: true });
    writeFileSync(join(leaseDir, addr(2)), JSON.stringify({ netns: `${tag}-orphan`, hostVeth: `${tag}o`, pid: dead.pid, start: "1" }));
    const { rt } = await node("after-crash");
    expect(netnsExists(`${tag}-orphan`)).toBe(false);
    expect(bridgePorts()).not.toContain(`${tag}o`);
    const sb = await rt.runSandbox(sandboxConfig());
    expect((await rt.sandboxStatus(sb))!.ip).toBe(addr(2));
    await rt.close();
    expect(bridgePorts()).toEqual([]);
  });

  test("a live kubelet's namespaces are left alone at init", async () => {
    const a = await node("live");
    const sa = await a.rt.runSandbox(sandboxConfig());
    const ns = (await a.rt.sandboxStatus(sa))!.netns!;
    const b = await node("newcomer");
    expect(existsSync(ns)).toBe(true);
    const sb = await b.rt.runSandbox(sandboxConfig());
    expect((await b.rt.sandboxStatus(sb))!.ip).not.toBe((await a.rt.sandboxStatus(sa))!.ip);
    await a.rt.close();
    await b.rt.close();
    expect(bridgePorts()).toEqual([]);
  });
});
