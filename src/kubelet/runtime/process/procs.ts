/** Process tree helpers over /proc. */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

function tasksOf(taskDir: string): string[] {
  try {
    return readdirSync(taskDir);
  } catch {
    return []; // the process is gone, or exits while we look
  }
}

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  const taskDir = `/proc/${pid}/task`;
  for (const tid of tasksOf(taskDir)) {
    try {
      const text = readFileSync(`${taskDir}/${tid}/children`, "utf8").trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    } catch {
      // task gone
    }
  }
  return out;
}

/** The namespace a process is in ("mnt:[4026532627]"), undefined when it is gone. */
export function namespaceOf(pid: number | "self", kind: "pid" | "mnt"): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/${kind}`);
  } catch {
    return undefined;
  }
}

const pidNamespace = (pid: number) => namespaceOf(pid, "pid");

/**
 * Waits until `pid` is in a mount namespace other than `notIn` (it has run unshare --mount)
 * and returns it; undefined when it exits first or the wait times out.
 */
export async function waitForOwnMountNamespace(pid: number, notIn: readonly (string | undefined)[], timeoutMs = 5000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 1; Date.now() < deadline; delay = Math.min(delay * 2, 20)) {
    const ns = namespaceOf(pid, "mnt");
    if (ns === undefined) return undefined;
    if (!notIn.includes(ns)) return ns;
    await Bun.sleep(delay);
  }
  return undefined;
}

/** SIGKILLs every process in the given mount namespace (a container's, never the host's). */
export function killMountNamespace(ns: string): void {
  if (ns === namespaceOf("self", "mnt")) return;
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    if (namespaceOf(pid, "mnt") !== ns) continue;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/**
 * Waits until `pid` has a child in a different pid namespace: the container's pid 1
 * once unshare has forked (helpers forked earlier in the chain share the parent's).
 */
export async function waitForInit(pid: number, timeoutMs = 5000): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 1; Date.now() < deadline; delay = Math.min(delay * 2, 20)) {
    const own = pidNamespace(pid);
    if (own === undefined) return undefined;
    for (const c of childrenOf(pid)) {
      const ns = pidNamespace(c);
      if (ns !== undefined && ns !== own) return c;
    }
    await Bun.sleep(delay);
  }
  return undefined;
}

/** SIGKILLs a process and all its descendants (children first collected, then killed). */
export function killTree(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  const all: number[] = [];
  const walk = (p: number) => {
    all.push(p);
    for (const c of childrenOf(p)) walk(c);
  };
  walk(pid);
  for (const p of all.reverse()) {
    try {
      process.kill(p, signal);
    } catch {
      // gone
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
