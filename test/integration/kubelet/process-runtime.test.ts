/**
 * The process runtime on this machine (root): the shared contract, then what only a
 * real runtime can show: isolation, the image's root, users, mounts, cgroups, cleanup.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importImage } from "../../../src/kubelet/images/import.ts";
import { openNodeImages } from "../../../src/kubelet/images/node-images.ts";
import type { CgroupManager } from "../../../src/kubelet/platform/cgroup.ts";
import { openHostCgroups } from "../../../src/kubelet/platform/cgroup/open.ts";
import { mountsUnder } from "../../../src/kubelet/runtime/process/mounts.ts";
import { namespaceOf } from "../../../src/kubelet/runtime/process/procs.ts";
import { ProcessRuntime } from "../../../src/kubelet/runtime/process/runtime.ts";
import type { ContainerConfig } from "../../../src/kubelet/runtime/runtime.ts";
import { runtimeContract, sandboxConfig } from "../../unit/kubelet/runtime/contract.ts";
import { buildBusyboxImage, haveBusybox } from "./fixtures/busybox-image.ts";

const enabled = process.getuid?.() === 0 && haveBusybox() && process.platform === "linux";
const IMAGE = "kubun.test/busybox:1.35";

async function setupRuntime(tag: string) {
  const dir = mkdtempSync(join(tmpdir(), `kubun-prt-${tag}-`));
  const images = openNodeImages(dir);
  const file = join(dir, "bb.tar");
  await buildBusyboxImage(file, { name: IMAGE });
  await importImage(images.store, file);
  const cgroups = openHostCgroups();
  const rt = await ProcessRuntime.open({ root: join(dir, "agent"), images, cgroups, hostIP: "10.9.8.7" });
  return { dir, images, cgroups, rt };
}

if (enabled)
  runtimeContract("process", async () => {
    const s = await setupRuntime("contract");
    return { rt: s.rt, image: IMAGE, logDir: join(s.dir, "logs"), cleanup: async () => rmSync(s.dir, { recursive: true, force: true }) };
  });

describe.skipIf(!enabled)("process runtime isolation", () => {
  let s: Awaited<ReturnType<typeof setupRuntime>>;
  let cgroups: CgroupManager;
  const base = `kubun-prt-${process.pid}`;
  let n = 0;
  beforeAll(async () => {
    s = await setupRuntime("iso");
    cgroups = s.cgroups;
  });
  afterAll(async () => {
    await s.rt.close();
    await cgroups.remove(base).catch(() => {});
    rmSync(s.dir, { recursive: true, force: true });
  });

  const cfg = (argv: string[], over: Partial<ContainerConfig> = {}): ContainerConfig => {
    const name = `c${++n}`;
    return { name, attempt: 0, image: IMAGE, argv, env: [], mounts: [], logPath: join(s.dir, "logs", name, "0.log"), limits: {}, ...over };
  };

  async function run(argv: string[], over: Partial<ContainerConfig> = {}, sb?: string) {
    const sandbox = sb ?? (await s.rt.runSandbox(sandboxConfig({ hostname: "web-0", etcHosts: "127.0.0.1 localhost\n10.1.2.3 web-0\n", resolvConf: "nameserver 10.0.0.10\n" })));
    const c = cfg(argv, over);
    const id = await s.rt.createContainer(sandbox, c);
    await s.rt.startContainer(id);
    for (let i = 0; i < 500 && (await s.rt.containerStatus(id))?.state !== "exited"; i++) await Bun.sleep(10);
    const log = readFileSync(c.logPath, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ").slice(3).join(" "));
    return { id, sandbox, status: (await s.rt.containerStatus(id))!, log };
  }

  test("pid 1 in its own pid namespace, own hostname, the image's root, pod files", async () => {
    const r = await run(["sh", "-c", "echo $$; hostname; cat /etc/hostname; head -1 /etc/passwd; cat /etc/resolv.conf; grep web-0 /etc/hosts; ls /proc | grep -c '^[0-9]'; test -e /dev/null && test -c /dev/urandom && echo devs; echo $HOSTNAME"]);
    expect(r.status.exitCode).toBe(0);
    expect(r.log).toEqual(["1", "web-0", "web-0", "root:x:0:0:root:/root:/bin/sh", "nameserver 10.0.0.10", "10.1.2.3 web-0", expect.stringMatching(/^[1-3]$/) as unknown as string, "devs", "web-0"]);
  });

  test("own network namespace with only loopback; hostNetwork sees the host", async () => {
    const r = await run(["sh", "-c", "ls /sys/class/net; ip -o addr | awk '{print $2}' | sort -u"]);
    expect(r.log).toContain("lo");
    expect(r.log.filter((l) => l !== "lo" && !l.startsWith("lo"))).toEqual([]);
    const hostIfaces = readdirSync("/sys/class/net").sort();
    const sb = await s.rt.runSandbox(sandboxConfig({ hostNetwork: true }));
    expect((await s.rt.sandboxStatus(sb))?.ip).toBe("10.9.8.7");
    const h = await run(["sh", "-c", "ip -o link | awk -F': ' '{print $2}' | sed 's/@.*//'"], {}, sb);
    expect(h.log.sort()).toEqual(hostIfaces);
  });

  test("runAsUser/runAsGroup, working directory, env from the image", async () => {
    const r = await run(["sh", "-c", "id -u; id -g; pwd; echo $PATH"], { uid: 1000, gid: 1001, workingDir: "/work/dir" });
    expect(r.log).toEqual(["1000", "1001", "/work/dir", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
  });

  test("volume mounts, read-only ones refuse writes; a symlinked target stays inside the root", async () => {
    const vol = join(s.dir, "vol");
    mkdirSync(vol, { recursive: true });
    writeFileSync(join(vol, "data.txt"), "from host\n");
    const ro = join(s.dir, "ro");
    mkdirSync(ro, { recursive: true });
    const r = await run(["sh", "-c", "cat /data/data.txt; echo w > /data/new; touch /ro/x 2>/dev/null && echo writable || echo readonly"], {
      mounts: [
        { hostPath: vol, containerPath: "/data" },
        { hostPath: ro, containerPath: "/ro", readOnly: true },
      ],
    });
    expect(r.log).toEqual(["from host", "readonly"]);
    expect(readFileSync(join(vol, "new"), "utf8")).toBe("w\n");
    // the container's writes to its root never reach the image layers
    for (const l of s.images.store.layerDirs(s.images.store.resolve(IMAGE)!)) expect(existsSync(join(l, "data"))).toBe(false);
  });

  test("termination message file", async () => {
    const r = await run(["sh", "-c", "echo 'it broke' > /dev/termination-log; exit 2"], { terminationMessagePath: "/dev/termination-log" });
    expect(r.status).toMatchObject({ exitCode: 2, reason: "Error", message: "it broke\n" });
  });

  test("processes are placed in the container's cgroup; removal leaves no mounts, dirs or cgroups", async () => {
    const sb = await s.rt.runSandbox(sandboxConfig({ cgroupParent: `${base}/pod1` }));
    await cgroups.ensure(`${base}/pod1`);
    const c = cfg(["sh", "-c", "sleep 1000 & sleep 1000 & wait"]);
    const id = await s.rt.createContainer(sb, c);
    await s.rt.startContainer(id);
    // unshare, pid 1 sh, two sleeps: on a loaded machine sh may take a while to fork both
    let procs = await cgroups.procs(`${base}/pod1/${id}`);
    for (let i = 0; i < 100 && procs.length < 4; i++) {
      await Bun.sleep(20);
      procs = await cgroups.procs(`${base}/pod1/${id}`);
    }
    expect(procs.length).toBeGreaterThanOrEqual(4); // unshare, pid 1 sh, two sleeps
    const containerDir = join(s.dir, "agent", "containers", id);
    expect(mountsUnder(containerDir).length).toBeGreaterThan(3);
    await s.rt.removeSandbox(sb);
    expect(await cgroups.exists(`${base}/pod1/${id}`)).toBe(false);
    expect(mountsUnder(containerDir)).toEqual([]);
    expect(existsSync(containerDir)).toBe(false);
    for (const p of procs) expect(existsSync(`/proc/${p}`) ? `${p}: ${readFileSync(`/proc/${p}/stat`, "utf8")}` : "gone").toBe("gone");
    expect(existsSync(join(s.dir, "agent", "sandboxes", sb))).toBe(false);
  });

  test("exec joins the container's namespaces and root; with a tty too", async () => {
    const sb = await s.rt.runSandbox(sandboxConfig({ hostname: "execbox" }));
    const id = await s.rt.createContainer(sb, cfg(["sh", "-c", "echo marker > /tmp/m; while true; do sleep 0.05; done"]));
    await s.rt.startContainer(id);
    const marked = async () => new TextDecoder().decode((await s.rt.execSync(id, ["cat", "/tmp/m"])).stdout) === "marker\n";
    for (let i = 0; i < 100 && !(await marked()); i++) await Bun.sleep(20);
    const r = await s.rt.execSync(id, ["sh", "-c", "hostname; cat /tmp/m; ps -o pid,comm | awk 'NR==2{print $1}'"]);
    expect(new TextDecoder().decode(r.stdout).split("\n")).toEqual(["execbox", "marker", "1", ""]);
    // the terminal has the client's size from the start: a program that reads it at once sees it
    const t = await s.rt.exec(id, ["sh", "-c", "[ -t 0 ] && [ -t 1 ] && echo is-a-tty; stty size"], { tty: true, size: { width: 100, height: 40 } });
    const out = await new Response(t.stdout).text();
    expect(await t.exited).toBe(0);
    expect(out).toContain("is-a-tty");
    expect(out).toContain("40 100");
    await s.rt.removeSandbox(sb);
  });

  test("a container targeting another joins its processes, keeps its own root; its leftovers die with it", async () => {
    const sb = await s.rt.runSandbox(sandboxConfig({ hostname: "tgt" }));
    const tid = await s.rt.createContainer(sb, cfg(["sh", "-c", "echo in-target > /tmp/t; exec sleep 300"]));
    await s.rt.startContainer(tid);
    // the target has written its file once its first process is sleep 300
    const targetPid = (await s.rt.containerStatus(tid))?.pid;
    const cmdline = () => {
      try {
        return readFileSync(`/proc/${targetPid}/cmdline`, "utf8");
      } catch {
        return "";
      }
    };
    for (let i = 0; i < 100 && cmdline() !== "sleep\u0000300\u0000"; i++) await Bun.sleep(20);
    const c = cfg(["sh", "-c", "hostname; ps -o pid,args | grep -c '[s]leep 300'; test -e /tmp/t || echo own-root; cat /proc/1/root/tmp/t; sleep 200 & echo $$; while true; do sleep 0.05; done"], { targetContainerId: tid });
    const id = await s.rt.createContainer(sb, c);
    await s.rt.startContainer(id);
    const lines = () => readFileSync(c.logPath, "utf8").split("\n").filter(Boolean).map((l) => l.split(" ").slice(3).join(" "));
    for (let i = 0; i < 200 && lines().length < 5; i++) await Bun.sleep(10);
    const [host, seen, own, fromTarget, pid] = lines();
    expect([host, seen, own, fromTarget]).toEqual(["tgt", "1", "own-root", "in-target"]);
    expect(Number(pid)).toBeGreaterThan(1);
    // exec lands in the debugging container: its root, the target's pid namespace
    const ex = await s.rt.execSync(id, ["sh", "-c", "test -e /tmp/t || echo own-root; ps -o args | grep -c '[s]leep 300'"]);
    expect(new TextDecoder().decode(ex.stdout)).toBe("own-root\n1\n");
    // the container's "sleep 200": by its mount namespace, not by name alone (the host may run one too)
    const containerNs = namespaceOf(Number((await s.rt.containerStatus(id))?.pid), "mnt");
    expect(containerNs).toBeDefined();
    const inContainer = (pid: number) => namespaceOf(pid, "mnt") === containerNs;
    const sleepers = () =>
      Bun.spawnSync(["pgrep", "-f", "^sleep 200$"])
        .stdout.toString()
        .split("\n")
        .filter(Boolean)
        .map(Number)
        .filter(inContainer);
    expect(sleepers()).toHaveLength(1);
    const [sleeper] = sleepers();
    await s.rt.stopContainer(id, 1);
    expect(await s.rt.containerStatus(id)).toMatchObject({ state: "exited" });
    // SIGKILLed by then (a zombie has no namespace left); on a loaded machine the kernel may take a moment
    for (let i = 0; i < 100 && inContainer(sleeper!); i++) await Bun.sleep(20);
    expect(inContainer(sleeper!)).toBe(false);
    expect((await s.rt.containerStatus(tid))?.state).toBe("running");
    // a target that is not running makes the start fail
    await s.rt.stopContainer(tid, 0);
    const late = await s.rt.createContainer(sb, cfg(["true"], { targetContainerId: tid }));
    await expect(s.rt.startContainer(late)).rejects.toThrow(/not running/);
    await s.rt.removeSandbox(sb);
  });

  test("a tty container runs on a terminal: unbuffered output, input through attach, resize", async () => {
    const sb = await s.rt.runSandbox(sandboxConfig());
    const c = cfg(["sh", "-c", "[ -t 0 ] && [ -t 1 ] && echo is-a-tty; echo TERM=$TERM; printf 'prompt> '; read x; stty size; echo got-$x; exit 3"], { stdin: true, tty: true });
    const id = await s.rt.createContainer(sb, c);
    await s.rt.startContainer(id);
    const log = () => readFileSync(c.logPath, "utf8");
    for (let i = 0; i < 300 && !log().includes("prompt> "); i++) await Bun.sleep(10);
    // the prompt has no newline, yet is in the log, as a partial (P) entry of stdout
    expect(log()).toMatch(/ stdout P prompt> $/m);
    expect(log()).toMatch(/ stdout F is-a-tty\r$/m);
    expect(log()).toMatch(/ stdout F TERM=xterm\r$/m);
    const a = await s.rt.attach(id);
    a.resize(120, 33);
    a.writeStdin(new TextEncoder().encode("hi\r"));
    for (let i = 0; i < 300 && (await s.rt.containerStatus(id))?.state !== "exited"; i++) await Bun.sleep(10);
    expect(await s.rt.containerStatus(id)).toMatchObject({ state: "exited", exitCode: 3 });
    expect(log()).toContain("33 120");
    expect(log()).toContain("got-hi");
    expect(log()).not.toContain(" stderr ");
    await s.rt.removeSandbox(sb);
  });

  test("a command missing from the image fails the container", async () => {
    const r = await run(["/no/such/binary"]);
    expect(r.status.state).toBe("exited");
    expect(r.status.exitCode).toBe(127);
    expect(r.log.join("\n")).toMatch(/no\/such\/binary/);
  });
});
