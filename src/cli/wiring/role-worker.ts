/**
 * Worker-thread entry for a control-plane role inside `kubun server` (see role-thread.ts):
 * the scheduler or the controller manager, as a client of the apiserver through the
 * admin kubeconfig, exactly as its standalone command runs it, on its own JS thread.
 *
 * Messages in: {type: "start", ...RoleThreadStart}, then {type: "stop"}.
 * Messages out: {type: "started"}, {type: "stopped"}, {type: "ended", lostLeadership}.
 */
import { SharedInformerFactory } from "../../client/index.ts";
import { runControllerManager } from "../../controllers/manager/manager.ts";
import { runSchedulerWithClient } from "../../scheduler/index.ts";
import { logger, setLogSink, setVerbosity } from "../../util/log.ts";
import { clientFromKubeconfig, CONTROL_PLANE_LIMITS, SCHEDULER_LIMITS } from "./client.ts";
import type { RoleThreadMessage, RoleThreadStart } from "./role-thread-protocol.ts";

declare const self: Worker;

interface RunningRole {
  done: Promise<void>;
  stop(): Promise<void>;
  lostLeadership(): boolean;
}

function start(o: RoleThreadStart): RunningRole {
  setVerbosity(o.verbosity);
  if (o.quiet) setLogSink("silent");
  if (o.role === "scheduler") {
    const client = clientFromKubeconfig(o.kubeconfig, "kubun-scheduler", SCHEDULER_LIMITS);
    return runSchedulerWithClient({ client, informers: new SharedInformerFactory(client) });
  }
  const client = clientFromKubeconfig(o.kubeconfig, "kubun-controller-manager", CONTROL_PLANE_LIMITS);
  return runControllerManager({ client, informers: new SharedInformerFactory(client), leaderElect: true });
}

let role: RunningRole | undefined;
const post = (m: RoleThreadMessage) => self.postMessage(m);

self.onmessage = async (ev: MessageEvent<{ type: "start" } & RoleThreadStart | { type: "stop" }>) => {
  const m = ev.data;
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
