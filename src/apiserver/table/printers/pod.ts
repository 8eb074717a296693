/** pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. */
import type { Container } from "../../../api/types/core/container.ts";
import type { Pod } from "../../../api/types/core/pod.ts";
import type { TableRowCondition } from "../../../api/types/meta/table.ts";
import { humanDuration, parseTime, since } from "../duration.ts";
import { AGE_COLUMN, NAME_COLUMN, col } from "../format.ts";
import { printer } from "../printer.ts";

const SUCCEEDED: TableRowCondition[] = [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }];
const FAILED: TableRowCondition[] = [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }];

const columns = [
  NAME_COLUMN,
  col("Ready", "string", "Ready containers out of all containers."),
  col("Status", "string", "The aggregate status of the containers in this pod."),
  col("Restarts", "string", "How many times the containers restarted, and how long ago the last restart was."),
  AGE_COLUMN,
  col("IP", "string", "IP address of the pod.", { priority: 1 }),
  col("Node", "string", "Node the pod is bound to.", { priority: 1 }),
  col("Nominated Node", "string", "Node the pod was nominated for after preemption.", { priority: 1 }),
  col("Readiness Gates", "string", "Readiness gates that are True out of all readiness gates.", { priority: 1 }),
];

function isRestartable(c: Container | undefined): boolean {
  return c?.restartPolicy === "Always";
}

function conditionTrue(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === "True");
}

/** READY, STATUS and RESTARTS, computed as kubectl's pod printer does. */
export function podStatusCells(pod: Pod, now: number): [string, string, string] {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const initSpecs = new Map<string, Container>();
  let total = spec?.containers?.length ?? 0;
  for (const c of spec?.initContainers ?? []) {
    initSpecs.set(c.name, c);
    if (isRestartable(c)) total++;
  }
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  const phase = status.phase ?? "";
  let reason: string = status.reason || phase;
  if ((status.conditions ?? []).some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) reason = "SchedulingGated";

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    const finished = parseTime(c.lastState?.terminated?.finishedAt);
    if (finished !== undefined && finished > lastRestart) lastRestart = finished;
    const sidecar = isRestartable(initSpecs.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      if (finished !== undefined && finished > lastSidecarRestart) lastSidecarRestart = finished;
    }
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      else reason = `Init:${term.reason}`;
    } else if (waiting && waiting.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      const finished = parseTime(c.lastState?.terminated?.finishedAt);
      if (finished !== undefined && finished > lastRestart) lastRestart = finished;
      const waiting = c.state?.waiting;
      const term = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) reason = conditionTrue(pod, "Ready") ? "Running" : "NotReady";
  }

  const deleting = pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
  if (deleting && status.reason === "NodeLost") reason = "Unknown";
  else if (deleting && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== 0) restartsText = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  return [`${ready}/${total}`, reason, restartsText];
}

export const podPrinter = printer<Pod>(
  columns,
  (pod, now) => {
    const [ready, reason, restarts] = podStatusCells(pod, now);
    const status = pod.status ?? {};
    const podIP = status.podIP || status.podIPs?.[0]?.ip || "<none>";
    let gates = "<none>";
    const readinessGates = pod.spec?.readinessGates ?? [];
    if (readinessGates.length) {
      let trueCount = 0;
      for (const gate of readinessGates) {
        const cond = (status.conditions ?? []).find((c) => c.type === gate.conditionType);
        if (cond?.status === "True") trueCount++;
      }
      gates = `${trueCount}/${readinessGates.length}`;
    }
    return [
      pod.metadata.name ?? "",
      ready,
      reason,
      restarts,
      since(pod.metadata.creationTimestamp, now),
      podIP,
      pod.spec?.nodeName || "<none>",
      status.nominatedNodeName || "<none>",
      gates,
    ];
  },
  (pod) => (pod.status?.phase === "Succeeded" ? SUCCEEDED : pod.status?.phase === "Failed" ? FAILED : undefined),
);
