/**
 * A simulation of the kernel's cgroup v2 filesystem over a temporary directory, for
 * tests: mkdir creates the interface files of the controllers the parent enables,
 * subtree_control accepts only controllers listed in cgroup.controllers, rmdir fails
 * with EBUSY while a cgroup has children or processes, cgroup.kill empties a subtree.
 * Tests put processes in with `addProc` and raise counters with `setFile`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Controller } from "../cgroup.ts";
import { type CgroupFs, fsError } from "./fs.ts";

export interface FakeCgroupFsOptions {
  /** Controllers listed in the root's cgroup.controllers. */
  controllers: Controller[];
  /** Whether non-root cgroups have cgroup.kill (kernel >= 5.14). */
  hasKill?: boolean;
}

const CONTROLLER_FILES: Partial<Record<Controller, Record<string, string>>> = {
  cpu: { "cpu.max": "max 100000\n", "cpu.weight": "100\n" },
  memory: {
    "memory.max": "max\n",
    "memory.current": "0\n",
    "memory.events": "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n",
    "memory.oom.group": "0\n",
  },
  pids: { "pids.max": "max\n", "pids.current": "0\n" },
};

const CPU_STAT_BASE = "usage_usec 0\nuser_usec 0\nsystem_usec 0\n";
const CPU_STAT_THROTTLE = "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n";

export class FakeCgroupFs implements CgroupFs {
  readonly writes: Array<{ path: string; data: string }> = [];

  constructor(
    readonly root: string,
    private readonly opts: FakeCgroupFsOptions,
  ) {
    mkdirSync(root, { recursive: true });
    this.writeRaw(join(root, "cgroup.controllers"), opts.controllers.join(" ") + "\n");
    this.writeRaw(join(root, "cgroup.subtree_control"), "\n");
    this.writeRaw(join(root, "cgroup.procs"), "");
    this.writeRaw(join(root, "cpu.stat"), CPU_STAT_BASE);
  }

  exists(p: string): boolean {
    return existsSync(p);
  }

  mkdir(p: string): void {
    if (existsSync(p)) throw fsError("EEXIST", p);
    const parent = join(p, "..");
    if (!existsSync(join(parent, "cgroup.controllers"))) throw fsError("ENOENT", parent);
    mkdirSync(p);
    const enabled = this.list(join(parent, "cgroup.subtree_control"));
    this.writeRaw(join(p, "cgroup.controllers"), enabled.join(" ") + "\n");
    this.writeRaw(join(p, "cgroup.subtree_control"), "\n");
    this.writeRaw(join(p, "cgroup.procs"), "");
    this.writeRaw(join(p, "cgroup.events"), "populated 0\nfrozen 0\n");
    if (this.opts.hasKill !== false) this.writeRaw(join(p, "cgroup.kill"), "");
    this.writeRaw(join(p, "cpu.stat"), CPU_STAT_BASE + (enabled.includes("cpu") ? CPU_STAT_THROTTLE : ""));
    for (const c of enabled) for (const [f, v] of Object.entries(CONTROLLER_FILES[c as Controller] ?? {})) this.writeRaw(join(p, f), v);
  }

  rmdir(p: string): void {
    if (!existsSync(p)) throw fsError("ENOENT", p);
    if (this.subdirs(p).length > 0) throw fsError("EBUSY", `${p} has children`);
    if (this.read(join(p, "cgroup.procs")).trim() !== "") throw fsError("EBUSY", `${p} has processes`);
    rmSync(p, { recursive: true });
  }

  read(p: string): string {
    if (!existsSync(p)) throw fsError("ENOENT", p);
    return readFileSync(p, "utf8");
  }

  write(p: string, data: string): void {
    if (!existsSync(p)) throw fsError("ENOENT", p);
    this.writes.push({ path: p, data });
    const dir = join(p, "..");
    const name = p.slice(dir.length + 1);
    switch (name) {
      case "cgroup.subtree_control":
        return this.writeSubtree(dir, data);
      case "cgroup.kill":
        return this.killTree(dir);
      case "cpu.max":
        if (!/^(max|\d+)( \d+)?\s*$/.test(data)) throw fsError("EINVAL", `cpu.max ${data}`);
        break;
      case "cpu.weight": {
        const w = Number(data.trim());
        if (!Number.isInteger(w) || w < 1 || w > 10000) throw fsError("ERANGE", `cpu.weight ${data}`);
        break;
      }
      case "memory.oom.group":
        if (!/^[01]\s*$/.test(data)) throw fsError("EINVAL", `${name} ${data}`);
        break;
      case "memory.max":
      case "pids.max":
        if (!/^(max|\d+)\s*$/.test(data)) throw fsError("EINVAL", `${name} ${data}`);
        break;
      case "cgroup.procs":
        return this.writeRaw(p, this.read(p) + data.trim() + "\n");
      default:
        throw fsError("EACCES", `${name} is not writable`);
    }
    if (name === "cpu.max" && !data.trim().includes(" ")) {
      const period = this.read(p).trim().split(" ")[1] ?? "100000";
      return this.writeRaw(p, `${data.trim()} ${period}\n`);
    }
    this.writeRaw(p, data.trim() + "\n");
  }

  subdirs(p: string): string[] {
    return readdirSync(p, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  }

  /** Test hook: puts a process id in a cgroup. */
  addProc(dir: string, pid: number): void {
    this.writeRaw(join(dir, "cgroup.procs"), this.read(join(dir, "cgroup.procs")) + `${pid}\n`);
    this.writeRaw(join(dir, "cgroup.events"), "populated 1\nfrozen 0\n");
  }

  /** Test hook: overwrites a read-only interface file (memory.events, cpu.stat...). */
  setFile(dir: string, name: string, content: string): void {
    this.writeRaw(join(dir, name), content);
  }

  private writeSubtree(dir: string, data: string): void {
    const available = this.list(join(dir, "cgroup.controllers"));
    const enabled = new Set(this.list(join(dir, "cgroup.subtree_control")));
    for (const tok of data.trim().split(/\s+/)) {
      const name = tok.slice(1);
      if (!available.includes(name)) throw fsError("ENOENT", `controller ${name} not available in ${dir}`);
      if (tok.startsWith("+")) enabled.add(name);
      else if (tok.startsWith("-")) enabled.delete(name);
      else throw fsError("EINVAL", tok);
    }
    const isRoot = dir === this.root;
    if (!isRoot && enabled.size > 0 && this.read(join(dir, "cgroup.procs")).trim() !== "")
      throw fsError("EBUSY", `${dir} has processes (no internal processes rule)`);
    this.writeRaw(join(dir, "cgroup.subtree_control"), [...enabled].join(" ") + "\n");
    for (const child of this.subdirs(dir)) {
      const cdir = join(dir, child);
      this.writeRaw(join(cdir, "cgroup.controllers"), [...enabled].join(" ") + "\n");
      for (const c of enabled)
        for (const [f, v] of Object.entries(CONTROLLER_FILES[c as Controller] ?? {}))
          if (!existsSync(join(cdir, f))) this.writeRaw(join(cdir, f), v);
    }
  }

  private killTree(dir: string): void {
    for (const child of this.subdirs(dir)) this.killTree(join(dir, child));
    this.writeRaw(join(dir, "cgroup.procs"), "");
    if (existsSync(join(dir, "cgroup.events"))) this.writeRaw(join(dir, "cgroup.events"), "populated 0\nfrozen 0\n");
  }

  private list(file: string): string[] {
    return this.read(file).trim().split(/\s+/).filter(Boolean);
  }

  private writeRaw(p: string, data: string): void {
    writeFileSync(p, data);
  }
}
