/**
 * cgroup v2 manager over a CgroupFs (the kernel's, or a simulation in tests).
 * Only the controllers in REQUIRED_CONTROLLERS are ever enabled: the kubelet does
 * not touch controllers it has no use for.
 */
import { join } from "node:path";
import {
  type CgroupLimits,
  type CgroupManager,
  type CgroupReport,
  type CgroupStats,
  type Controller,
  REQUIRED_CONTROLLERS,
} from "../cgroup.ts";
import { detectCgroupMounts } from "./detect.ts";
import { type CgroupFs, errorCode, kernelCgroupFs } from "./fs.ts";
import { parseCpuMax, parseCpuStat, parseMaxOrNumber, parseMemoryEvents } from "./parse.ts";

const LIMIT_TEXT: Record<(typeof REQUIRED_CONTROLLERS)[number], string> = {
  cpu: "cpu limits and requests (cpu.max, cpu.weight)",
  memory: "memory limits (memory.max) and OOM detection",
  pids: "pod pid limits (pids.max)",
};

export interface OpenCgroupOptions {
  /** Absolute directory under which the kubelet's hierarchy lives; default: the cgroup2 mount. */
  root?: string;
  fs?: CgroupFs;
  /** Only used for the report. */
  mode?: CgroupReport["mode"];
}

export class CgroupV2Manager implements CgroupManager {
  private constructor(
    readonly root: string,
    readonly available: ReadonlySet<Controller>,
    private readonly fs: CgroupFs,
    private readonly mode: CgroupReport["mode"],
  ) {}

  /**
   * Opens the hierarchy at `root`, enabling the required controllers in the
   * root's subtree_control where the kernel lists them. Those it cannot enable
   * are reported as missing, not faked.
   */
  static open(opts: OpenCgroupOptions = {}): CgroupV2Manager {
    const fs = opts.fs ?? kernelCgroupFs;
    let root = opts.root;
    let mode = opts.mode ?? "v2";
    if (root === undefined) {
      const m = detectCgroupMounts();
      if (m.v2 === null) throw new Error("no cgroup2 filesystem is mounted");
      root = m.v2;
      mode = opts.mode ?? (m.hasV1 ? "hybrid" : "v2");
    }
    const listed = splitList(fs.read(join(root, "cgroup.controllers")));
    const enabled = new Set<Controller>();
    for (const c of REQUIRED_CONTROLLERS) {
      if (!listed.includes(c)) continue;
      if (enableIn(fs, root, c)) enabled.add(c);
    }
    return new CgroupV2Manager(root, enabled, fs, mode);
  }

  report(): CgroupReport {
    const missing = REQUIRED_CONTROLLERS.filter((c) => !this.available.has(c));
    return {
      mode: this.mode,
      mountPoint: this.root,
      available: [...this.available],
      missing,
      unenforceable: missing.map((c) => `cannot enforce ${LIMIT_TEXT[c]}: cgroup v2 controller "${c}" is not available`),
    };
  }

  dir(path: string): string {
    const parts = segments(path);
    return parts.length === 0 ? this.root : join(this.root, ...parts);
  }

  async exists(path: string): Promise<boolean> {
    return this.fs.exists(join(this.dir(path), "cgroup.procs"));
  }

  async ensure(path: string, limits?: CgroupLimits): Promise<string> {
    let cur = this.root;
    for (const seg of segments(path)) {
      for (const c of this.available) if (!this.isEnabled(cur, c)) enableIn(this.fs, cur, c);
      const next = join(cur, seg);
      if (!this.fs.exists(next)) {
        try {
          this.fs.mkdir(next);
        } catch (e) {
          if (errorCode(e) !== "EEXIST") throw e;
        }
      }
      cur = next;
    }
    if (limits) await this.setLimits(path, limits);
    return cur;
  }

  async setLimits(path: string, limits: CgroupLimits): Promise<void> {
    const dir = this.dir(path);
    const has = (c: Controller) => this.available.has(c) && this.fs.exists(join(dir, c === "cpu" ? "cpu.max" : `${c}.max`));
    if (has("cpu")) {
      if (limits.cpuQuota !== undefined || limits.cpuPeriod !== undefined) {
        const period = limits.cpuPeriod ?? 100000;
        const quota = limits.cpuQuota === undefined || limits.cpuQuota === null ? "max" : String(Math.round(limits.cpuQuota));
        this.fs.write(join(dir, "cpu.max"), `${quota} ${period}`);
      }
      if (limits.cpuWeight !== undefined) this.fs.write(join(dir, "cpu.weight"), String(Math.round(limits.cpuWeight)));
    }
    if (has("memory") && limits.memoryMax !== undefined)
      this.fs.write(join(dir, "memory.max"), limits.memoryMax === null ? "max" : String(Math.floor(limits.memoryMax)));
    if (has("memory") && limits.oomGroup !== undefined && this.fs.exists(join(dir, "memory.oom.group")))
      this.fs.write(join(dir, "memory.oom.group"), limits.oomGroup ? "1" : "0");
    if (has("pids") && limits.pidsMax !== undefined)
      this.fs.write(join(dir, "pids.max"), limits.pidsMax === null ? "max" : String(Math.floor(limits.pidsMax)));
  }

  async getLimits(path: string): Promise<CgroupLimits> {
    const dir = this.dir(path);
    const out: CgroupLimits = {};
    const read = (f: string) => (this.fs.exists(join(dir, f)) ? this.fs.read(join(dir, f)) : undefined);
    const cpuMax = read("cpu.max");
    if (cpuMax !== undefined) {
      const { quota, period } = parseCpuMax(cpuMax);
      out.cpuQuota = quota;
      out.cpuPeriod = period;
    }
    const weight = read("cpu.weight");
    if (weight !== undefined) out.cpuWeight = Number(weight.trim());
    const mem = read("memory.max");
    if (mem !== undefined) out.memoryMax = parseMaxOrNumber(mem);
    const pids = read("pids.max");
    if (pids !== undefined) out.pidsMax = parseMaxOrNumber(pids);
    const group = read("memory.oom.group");
    if (group !== undefined) out.oomGroup = group.trim() === "1";
    return out;
  }

  async stats(path: string): Promise<CgroupStats> {
    const dir = this.dir(path);
    const read = (f: string) => (this.fs.exists(join(dir, f)) ? this.fs.read(join(dir, f)) : undefined);
    const out: CgroupStats = { cpu: parseCpuStat(read("cpu.stat") ?? "") };
    const cur = read("memory.current");
    if (cur !== undefined) out.memoryCurrent = Number(cur.trim());
    const ev = read("memory.events");
    if (ev !== undefined) out.memoryEvents = parseMemoryEvents(ev);
    const pids = read("pids.current");
    if (pids !== undefined) out.pidsCurrent = Number(pids.trim());
    return out;
  }

  async procs(path: string): Promise<number[]> {
    try {
      return splitList(this.fs.read(join(this.dir(path), "cgroup.procs"))).map(Number);
    } catch (e) {
      if (errorCode(e) === "ENOENT") return [];
      throw e;
    }
  }

  async allProcs(path: string): Promise<number[]> {
    const out = await this.procs(path);
    for (const child of await this.children(path)) out.push(...(await this.allProcs(joinRel(path, child))));
    return out;
  }

  async children(path: string): Promise<string[]> {
    const dir = this.dir(path);
    return this.fs.exists(dir) ? this.fs.subdirs(dir) : [];
  }

  async kill(path: string): Promise<void> {
    const dir = this.dir(path);
    if (!this.fs.exists(dir)) return;
    if (path !== "" && this.fs.exists(join(dir, "cgroup.kill"))) {
      this.fs.write(join(dir, "cgroup.kill"), "1");
      return;
    }
    for (const pid of await this.allProcs(path)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  async remove(path: string, timeoutMs = 10_000): Promise<void> {
    if (segments(path).length === 0) throw new Error("refusing to remove the cgroup root");
    const dir = this.dir(path);
    if (!this.fs.exists(dir)) return;
    const deadline = Date.now() + timeoutMs;
    await this.kill(path);
    while ((await this.allProcs(path)).length > 0) {
      if (Date.now() > deadline) throw new Error(`cgroup ${path} still has processes after ${timeoutMs}ms`);
      await Bun.sleep(10);
      await this.kill(path);
    }
    await this.removeTree(path, deadline);
  }

  private async removeTree(path: string, deadline: number): Promise<void> {
    for (const child of await this.children(path)) await this.removeTree(joinRel(path, child), deadline);
    for (;;) {
      try {
        this.fs.rmdir(this.dir(path));
        return;
      } catch (e) {
        const code = errorCode(e);
        if (code === "ENOENT") return;
        // A just-killed process may still be leaving: the kernel answers EBUSY.
        if (code !== "EBUSY" || Date.now() > deadline) throw e;
        await Bun.sleep(10);
      }
    }
  }

  private isEnabled(dir: string, c: Controller): boolean {
    return splitList(this.fs.read(join(dir, "cgroup.subtree_control"))).includes(c);
  }
}

function enableIn(fs: CgroupFs, dir: string, c: Controller): boolean {
  try {
    if (splitList(fs.read(join(dir, "cgroup.subtree_control"))).includes(c)) return true;
    fs.write(join(dir, "cgroup.subtree_control"), `+${c}`);
    return true;
  } catch {
    return false;
  }
}

function splitList(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

function segments(path: string): string[] {
  const parts = path.split("/").filter((s) => s !== "" && s !== ".");
  if (parts.includes("..")) throw new Error(`invalid cgroup path ${path}`);
  return parts;
}

export function joinRel(a: string, b: string): string {
  return a === "" ? b : `${a}/${b}`;
}
