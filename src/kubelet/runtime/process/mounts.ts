/**
 * A container's mounts, made from the host's mount namespace onto its rootfs before
 * it starts (the container's own mount namespace then copies them): a private /dev
 * (tmpfs with bind-mounted host devices, devpts, shm), read-only /sys, the pod's
 * /etc/hosts, /etc/resolv.conf and /etc/hostname, the termination log, and volume
 * binds, all resolved with secureJoin. Teardown detaches the whole tree at once.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { dirname } from "node:path";
import { type Libc, libc, MNT_DETACH, MS_BIND, MS_RDONLY, MS_REC, MS_REMOUNT } from "../../platform/libc.ts";
import type { Mount } from "../runtime.ts";
import { secureJoin } from "./securejoin.ts";

const DEVICES = ["null", "zero", "full", "random", "urandom", "tty"];

function sys(): Libc {
  const l = libc();
  if (!l) throw new Error("mounting needs the C library (bun:ffi)");
  return l;
}

/** Creates the mount point for `containerPath` (a directory, or an empty file when `file`). */
export function mountPoint(rootfs: string, containerPath: string, file: boolean): string {
  const target = secureJoin(rootfs, containerPath);
  if (file) {
    mkdirSync(dirname(target), { recursive: true });
    if (!existsSync(target)) closeSync(openSync(target, "a"));
  } else mkdirSync(target, { recursive: true });
  return target;
}

export function bind(source: string, target: string, readOnly: boolean, recursive = true): void {
  const l = sys();
  l.mount(source, target, "", MS_BIND | (recursive ? MS_REC : 0), "");
  if (readOnly) l.mount("", target, "", MS_BIND | MS_REMOUNT | MS_RDONLY, "");
}

export interface ContainerMountPlan {
  rootfs: string;
  etcHosts?: string;
  resolvConf?: string;
  hostnameFile?: string;
  terminationLog?: { hostPath: string; containerPath: string };
  volumes: Mount[];
  /** The pod's network namespace: /sys is a sysfs mounted from inside it, so it lists the pod's interfaces. */
  netns?: string;
  tools?: { nsenter: string; mount: string };
}

async function mountSysfsIn(netns: string, target: string, tools: { nsenter: string; mount: string }): Promise<void> {
  const p = Bun.spawn([tools.nsenter, `--net=${netns}`, "--", tools.mount, "-t", "sysfs", "-o", "ro,nosuid,nodev,noexec", "sysfs", target], { stdout: "ignore", stderr: "pipe" });
  if ((await p.exited) !== 0) throw new Error(`mounting sysfs for the pod: ${(await new Response(p.stderr).text()).trim()}`);
}

/** Makes every mount of the plan; on failure, undoes what it did and rethrows. */
export async function setupContainerMounts(plan: ContainerMountPlan): Promise<void> {
  const l = sys();
  const { rootfs } = plan;
  try {
    // Make the rootfs a mount point (a copy-mode rootfs is a plain directory) so one
    // detach at teardown takes everything below it.
    if (!isMountPoint(rootfs)) l.mount(rootfs, rootfs, "", MS_BIND, "");
    const dev = mountPoint(rootfs, "/dev", false);
    l.mount("tmpfs", dev, "tmpfs", 0, "mode=755,size=65536k");
    for (const d of DEVICES) if (existsSync(`/dev/${d}`)) bind(`/dev/${d}`, mountPoint(rootfs, `/dev/${d}`, true), false, false);
    const pts = mountPoint(rootfs, "/dev/pts", false);
    try {
      l.mount("devpts", pts, "devpts", 0, "newinstance,ptmxmode=0666,mode=0620");
      symlinkSync("pts/ptmx", `${dev}/ptmx`);
    } catch {
      // no devpts (unusual kernels): exec -t still works through the host pty
    }
    l.mount("shm", mountPoint(rootfs, "/dev/shm", false), "tmpfs", 0, "mode=1777,size=65536k");
    for (const [name, target] of [
      ["fd", "/proc/self/fd"],
      ["stdin", "/proc/self/fd/0"],
      ["stdout", "/proc/self/fd/1"],
      ["stderr", "/proc/self/fd/2"],
    ] as const)
      symlinkSync(target, `${dev}/${name}`);
    if (plan.netns && plan.tools) await mountSysfsIn(plan.netns, mountPoint(rootfs, "/sys", false), plan.tools);
    else if (existsSync("/sys")) bind("/sys", mountPoint(rootfs, "/sys", false), true, false);
    if (plan.etcHosts) bind(plan.etcHosts, mountPoint(rootfs, "/etc/hosts", true), false, false);
    if (plan.resolvConf) bind(plan.resolvConf, mountPoint(rootfs, "/etc/resolv.conf", true), false, false);
    if (plan.hostnameFile) bind(plan.hostnameFile, mountPoint(rootfs, "/etc/hostname", true), false, false);
    const vols = [...plan.volumes].sort((a, b) => depth(a.containerPath) - depth(b.containerPath));
    for (const v of vols) {
      const isFile = !statSync(v.hostPath).isDirectory();
      bind(v.hostPath, mountPoint(rootfs, v.containerPath, isFile), v.readOnly === true);
    }
    if (plan.terminationLog) bind(plan.terminationLog.hostPath, mountPoint(rootfs, plan.terminationLog.containerPath, true), false, false);
  } catch (e) {
    teardownContainerMounts(rootfs);
    throw e;
  }
}

function depth(p: string): number {
  return p.split("/").filter(Boolean).length;
}

/** Mount points at or below `dir`, from /proc/self/mountinfo (deepest first). */
export function mountsUnder(dir: string): string[] {
  const text = readFileSync("/proc/self/mountinfo", "utf8");
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const mp = line.split(" ")[4];
    if (mp === undefined) continue;
    const p = mp.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    if (p === dir || p.startsWith(dir + "/")) out.push(p);
  }
  return out.sort((a, b) => b.length - a.length);
}

export function isMountPoint(dir: string): boolean {
  return mountsUnder(dir).includes(dir);
}

/** Detaches every mount at or below rootfs. */
export function teardownContainerMounts(rootfs: string): void {
  const l = libc();
  if (!l) return;
  for (let i = 0; i < 8; i++) {
    const left = mountsUnder(rootfs);
    if (left.length === 0) return;
    for (const m of left) {
      try {
        l.umount(m, MNT_DETACH);
      } catch {
        // already gone with its parent
      }
    }
  }
}

/**
 * Removes a directory only when nothing is mounted below it, so a still-attached
 * volume or host path can never be deleted through it.
 */
export function safeRemoveDir(dir: string): void {
  const left = mountsUnder(dir);
  if (left.length > 0) throw new Error(`refusing to remove ${dir}: still mounted: ${left.join(", ")}`);
  rmSync(dir, { recursive: true, force: true });
}
