/**
 * Worker-thread entry for a control-plane role inside `kubun server` (see role-thread.ts):
 * the scheduler or the controller manager, as a client of the apiserver through the
 * admin kubeconfig, exactly as its standalone command runs it, on its own JS thread.
 *
 * Messages in: {type: "start", ...RoleThreadStart}, {type: "stats"}, then {type: "stop"}.
 * Messages out: {type: "started"}, {type: "stats", stats}, {type: "stopped"},
 * {type: "ended", lostLeadership}.
 */
import { SharedInformerFactory } from "../../client/index.ts";
import { runControllerManager } from "../../controllers/manager/manager.ts";
import { runSchedulerWithClient } from "../../scheduler/index.ts";
import { logger, setLogSink, setVerbosity } from "../../util/log.ts";
import { clientFromKubeconfig, CONTROL_PLANE_LIMITS, SCHEDULER_LIMITS } from "./client.ts";
import { percentile } from "../../scheduler/core/metrics.ts";
import type { RoleStats, RoleThreadMessage, RoleThreadStart } from "./role-thread-protocol.ts";

declare const self: Worker;

interface RunningRole {
  done: Promise<void>;
  stop(): Promise<void>;
  lostLeadership(): boolean;
  stats?(): RoleStats | null;
}

function start(o: RoleThreadStart): RunningRole {
  setVerbosity(o.verbosity);
  const local = o.unixSocket ? { unixSocket: o.unixSocket } : {};
  if (o.quiet) setLogSink("silent");
  if (o.role === "scheduler") {
    const client = clientFromKubeconfig(o.kubeconfig, "kubun-scheduler", { ...SCHEDULER_LIMITS, ...local });
    const running = runSchedulerWithClient({ client, informers: new SharedInformerFactory(client) });
    return {
      done: running.done,
      stop: () => running.stop(),
      lostLeadership: () => running.lostLeadership(),
      stats: () => {
        const m = running.scheduler()?.metrics;
        if (!m) return null;
        return { scheduled: m.scheduled, latencyP50Ms: percentile(m.e2eLatencies, 50), latencyP99Ms: percentile(m.e2eLatencies, 99) };
      },
    };
  }
  const client = clientFromKubeconfig(o.kubeconfig, "kubun-controller-manager", { ...CONTROL_PLANE_LIMITS, ...local });
  return runControllerManager({ client, informers: new SharedInformerFactory(client), leaderElect: true });
}

let role: RunningRole | undefined;
const post = (m: RoleThreadMessage) => self.postMessage(m);

self.onmessage = async (ev: MessageEvent<({ type: "start" } & RoleThreadStart) | { type: "stop" } | { type: "stats" }>) => {
  const m = ev.data;
  if (m.type === "stats") {
    post({ type: "stats", stats: role?.stats?.() ?? null });
    return;
  }
  if (m.type === "start") {
    if (role) return;
    try {
      role = start(m);
    } catch (err) {
      logger(m.role).error("role failed to start", { err });
      post({ type: "ended", lostLeadership: false, error: String(err) });
      return;
    }
    const r = role;
    void r.done.then(
      () => post({ type: "ended", lostLeadership: r.lostLeadership() }),
      (err) => post({ type: "ended", lostLeadership: r.lostLeadership(), error: String(err) }),
    );
    post({ type: "started" });
    return;
  }
  await role?.stop();
  post({ type: "stopped" });
};
