/**
 * One scheduling attempt (upstream schedule_one.go): the synchronous scheduling cycle
 * (snapshot, PreFilter, Filter over a rotating window of nodes, PostFilter on failure,
 * PreScore/Score, host selection, assume, Reserve, Permit) followed by the binding cycle
 * (WaitOnPermit, PreBind, Bind, PostBind) that runs concurrently with later cycles.
 */
import type { Pod } from "../api-types.ts";
import { numFeasibleNodesToFind } from "../config/defaults.ts";
import type { CycleState } from "../framework/cycle-state.ts";
import { Events } from "../framework/events.ts";
import { Diagnosis, FitError } from "../framework/fit-error.ts";
import type { Framework } from "../framework/framework.ts";
import type { PostFilterResult, QueuedPodInfo } from "../framework/interfaces.ts";
import type { NodeInfo } from "../framework/node-info.ts";
import { Code, Status } from "../framework/status.ts";
import { handleSchedulingFailure } from "./failure.ts";
import type { Scheduler } from "./scheduler.ts";
import { selectHost } from "./select-host.ts";

export const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";

interface ScheduleResult {
  host: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

function findNodesThatPassFilters(s: Scheduler, fwk: Framework, state: CycleState, pod: Pod, diagnosis: Diagnosis, nodes: readonly NodeInfo[]): NodeInfo[] {
  const numAll = nodes.length;
  const toFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? s.percentageOfNodesToScore, numAll);
  const filters = fwk.activeFilters(state);
  const feasible: NodeInfo[] = [];
  const start = s.nextStartNodeIndex % Math.max(numAll, 1);
  if (filters.length === 0) {
    for (let i = 0; i < toFind; i++) feasible.push(nodes[(start + i) % numAll]!);
    s.nextStartNodeIndex = (start + feasible.length) % numAll;
    return feasible;
  }
  let processed = 0;
  for (let i = 0; i < numAll; i++) {
    const ni = nodes[(start + i) % numAll]!;
    processed++;
    const st = fwk.runFilterPluginsWithNominatedPods(state, pod, ni, filters);
    if (st === null) {
      feasible.push(ni);
      if (feasible.length >= toFind) break;
      continue;
    }
    if (!st.isRejected()) throw st;
    diagnosis.nodeToStatus.set(ni.name, st);
    diagnosis.addPluginStatus(st);
  }
  s.nextStartNodeIndex = (start + processed) % numAll;
  return feasible;
}

function findNodesThatFitPod(s: Scheduler, fwk: Framework, state: CycleState, pod: Pod): { feasible: NodeInfo[]; diagnosis: Diagnosis } {
  const diagnosis = new Diagnosis();
  const all = s.snapshot.list();
  const { result, status } = fwk.runPreFilterPlugins(state, pod, all);
  if (status !== null && status.code !== Code.Success) {
    if (!status.isRejected()) throw status;
    diagnosis.nodeToStatus.absentStatus = status;
    diagnosis.addPluginStatus(status);
    diagnosis.preFilterMsg = status.message();
    return { feasible: [], diagnosis };
  }
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    const ni = s.snapshot.get(nominated);
    if (ni) {
      const st = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
      if (st === null) return { feasible: [ni], diagnosis };
      if (!st.isRejected()) throw st;
    }
  }
  let nodes = all;
  if (result !== null && result.nodeNames !== null) {
    nodes = [...result.nodeNames].map((n) => s.snapshot.get(n)).filter((n): n is NodeInfo => n !== undefined);
    diagnosis.nodeToStatus.absentStatus = new Status(Code.UnschedulableAndUnresolvable, ["node(s) didn't satisfy plugin(s) [PreFilter]"]);
  }
  return { feasible: findNodesThatPassFilters(s, fwk, state, pod, diagnosis, nodes), diagnosis };
}

async function schedulePod(s: Scheduler, fwk: Framework, state: CycleState, pod: Pod): Promise<ScheduleResult> {
  s.cache.updateSnapshot(s.snapshot);
  const numNodes = s.snapshot.numNodes();
  if (numNodes === 0) throw new Status(Code.Error, [ERR_NO_NODES_AVAILABLE]);
  const { feasible, diagnosis } = findNodesThatFitPod(s, fwk, state, pod);
  if (feasible.length === 0) throw new FitError(pod, numNodes, diagnosis);
  const evaluated = feasible.length + diagnosis.nodeToStatus.map.size;
  if (feasible.length === 1) return { host: feasible[0]!.name, evaluatedNodes: evaluated, feasibleNodes: 1 };
  const pre = fwk.runPreScorePlugins(state, pod, feasible);
  if (pre !== null && pre.code !== Code.Success) throw pre;
  let totals: Float64Array;
  if (fwk.score.length === 0) totals = new Float64Array(feasible.length).fill(1);
  else {
    const r = fwk.runScorePlugins(state, pod, feasible);
    totals = r instanceof Float64Array ? r : await r;
  }
  return { host: selectHost(feasible, totals, s.rand), evaluatedNodes: evaluated, feasibleNodes: feasible.length };
}

/** Runs one attempt for a popped pod; resolves when the scheduling cycle is over (binding continues). */
export async function scheduleOne(s: Scheduler, qpi: QueuedPodInfo): Promise<void> {
  const pod = qpi.podInfo.pod;
  const uid = qpi.podInfo.uid;
  const fwk = s.frameworkFor(pod);
  if (!fwk || pod.metadata.deletionTimestamp || s.cache.isAssumedPod(pod) || s.queue.deletedInFlight(uid)) {
    s.queue.done(uid);
    return;
  }
  const start = s.now();
  const cycle = s.queue.schedulingCycle;
  const state = fwk.newCycleState();
  let result: ScheduleResult;
  try {
    result = await schedulePod(s, fwk, state, pod);
  } catch (e) {
    if (e instanceof FitError) {
      let nominating: PostFilterResult | null = null;
      if (fwk.postFilter.length > 0) {
        s.metrics.preemptionAttempts++;
        const out = await fwk.runPostFilterPlugins(state, pod, e.diagnosis.nodeToStatus);
        e.diagnosis.postFilterMsg = out.status?.message() ?? "";
        if (out.status?.code === Code.Error) s.log.warn("PostFilter failed", { pod: podName(pod), err: out.status.message() });
        nominating = out.result;
      }
      handleSchedulingFailure(s, fwk, qpi, new Status(Code.Unschedulable), e, nominating, cycle);
    } else {
      const st = e instanceof Status ? e : new Status(Code.Error, [e instanceof Error ? e.message : String(e)]);
      s.log.debug("scheduling attempt failed", { pod: podName(pod), err: st.message() });
      handleSchedulingFailure(s, fwk, qpi, st, null, null, cycle);
    }
    return;
  }

  const host = result.host;
  const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName: host } };
  try {
    s.cache.assumePod(assumed);
  } catch (e) {
    handleSchedulingFailure(s, fwk, qpi, new Status(Code.Error, [String(e)]), null, null, cycle);
    return;
  }
  const fail = (st: Status) => {
    fwk.runReservePluginsUnreserve(state, assumed, host);
    s.cache.forgetPod(assumed);
    handleSchedulingFailure(s, fwk, qpi, st, null, null, cycle);
  };
  const reserve = fwk.runReservePluginsReserve(state, assumed, host);
  if (reserve !== null && reserve.code !== Code.Success) return fail(reserve);
  const permit = fwk.runPermitPlugins(state, assumed, host);
  if (permit !== null && permit.code !== Code.Success && permit.code !== Code.Wait) return fail(permit);
  s.queue.nominator.delete(pod);
  const cycleDone = s.now();
  s.bindingsInFlight++;
  void bindingCycle(s, fwk, state, qpi, assumed, host, start, cycleDone, cycle).finally(() => {
    s.bindingsInFlight--;
    s.onBindingDone();
  });
}

async function bindingCycle(
  s: Scheduler,
  fwk: Framework,
  state: CycleState,
  qpi: QueuedPodInfo,
  assumed: Pod,
  host: string,
  start: number,
  cycleDone: number,
  cycle: number,
): Promise<void> {
  let st = await fwk.waitOnPermit(assumed);
  if (st === null || st.code === Code.Success) st = await fwk.runPreBindPlugins(state, assumed, host);
  if (st === null || st.code === Code.Success) st = await fwk.runBindPlugins(state, assumed, host);
  if (st !== null && st.code !== Code.Success) {
    s.metrics.bindFailures++;
    fwk.runReservePluginsUnreserve(state, assumed, host);
    s.cache.forgetPod(assumed);
    const uid = qpi.podInfo.uid;
    s.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete, assumed, null, (p) => (p.metadata.uid ?? "") !== uid || !uid);
    const msg = st.code === Code.Error ? `Binding rejected: ${st.message()}` : st.message();
    handleSchedulingFailure(s, fwk, qpi, new Status(st.code === Code.Skip ? Code.Error : st.code, [msg]).withPlugin(st.plugin), null, null, cycle);
    return;
  }
  s.cache.finishBinding(assumed);
  s.queue.done(qpi.podInfo.uid);
  s.metrics.scheduled++;
  s.metrics.observe(cycleDone - start, s.now() - (qpi.initialAttemptTimestamp ?? start));
  fwk.recordEvent({
    regarding: assumed,
    type: "Normal",
    reason: "Scheduled",
    action: "Binding",
    note: `Successfully assigned ${assumed.metadata.namespace ?? ""}/${assumed.metadata.name ?? ""} to ${host}`,
  });
  fwk.runPostBindPlugins(state, assumed, host);
}

function podName(pod: Pod): string {
  return `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
}
