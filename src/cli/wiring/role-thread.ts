/**
 * Runs a control-plane role of `kubun server` on its own worker thread. The apiserver
 * keeps the main thread (with the local kubelet); the scheduler and the controller manager
 * are clients of it anyway (over its private unix socket when given one, else HTTPS), so
 * moving them off its event loop costs nothing in behaviour and lets them use another core: in the scheduling benchmark, the scheduler in
 * the apiserver's thread bound about 1,400 pods/s, on a core of its own about 2,500.
 */
import { embeddedModule } from "../../util/pool.ts";
import { logger, quiet, verbosity } from "../../util/log.ts";
import type { RoleConnection, RoleStats, RoleThreadMessage, ThreadRole } from "./role-thread-protocol.ts";

const log = logger("server");

export interface RoleThread {
  /** Resolves when the role ends by itself (lost leadership, a failure) or after stop(). */
  done: Promise<void>;
  lostLeadership(): boolean;
  /** Asks the role to stop cleanly (releasing its lease), then ends the thread. */
  stop(): Promise<void>;
  /** What the role reports (null: nothing, e.g. the controller manager, or not leading yet). */
  stats(): Promise<RoleStats | null>;
}

/** Starts `role` on a new worker thread; resolves once it is running. */
export async function startRoleThread(role: ThreadRole, conn: RoleConnection, stopTimeoutMs = 15_000): Promise<RoleThread> {
  const worker = new Worker(embeddedModule("cli/wiring/role-worker.ts"));
  let lost = false;
  let finished = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const statsWaiters: ((s: RoleStats | null) => void)[] = [];
  const ended = () => {
    finished = true;
    for (const w of statsWaiters.splice(0)) w(null);
    resolveDone();
  };
  let stopped: (() => void) | undefined;
  const { promise: ready, resolve: started, reject: failed } = Promise.withResolvers<void>();
  worker.addEventListener("message", (ev: MessageEvent<RoleThreadMessage>) => {
    const m = ev.data;
    if (m.type === "started") started();
    else if (m.type === "stopped") stopped?.();
    else if (m.type === "stats") statsWaiters.shift()?.(m.stats);
    else {
      lost = m.lostLeadership;
      if (m.error) {
        log.error("role ended", { role, err: m.error });
        failed(new Error(`${role}: ${m.error}`));
      }
      ended();
    }
  });
  worker.addEventListener("error", (ev: ErrorEvent) => {
    log.error("role thread failed", { role, err: ev.message });
    failed(new Error(`${role} thread: ${ev.message}`));
    ended();
  });
  worker.postMessage({ type: "start", role, ...conn, verbosity: verbosity(), quiet: quiet() });
  await ready;
  return {
    done,
    lostLeadership: () => lost,
    stats() {
      if (finished) return Promise.resolve(null);
      return new Promise((resolve) => {
        statsWaiters.push(resolve);
        worker.postMessage({ type: "stats" });
      });
    },
    async stop() {
      const acknowledged = new Promise<void>((r) => (stopped = r));
      worker.postMessage({ type: "stop" });
      const timer = new Promise<boolean>((r) => setTimeout(() => r(false), stopTimeoutMs).unref());
      if (!(await Promise.race([acknowledged.then(() => true), done.then(() => true), timer]))) log.warn("role did not stop in time; ending its thread", { role });
      worker.terminate();
      ended();
    },
  };
}
