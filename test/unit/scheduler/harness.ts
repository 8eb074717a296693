/** Runs single plugins the way the framework would, against NodeInfos, for table-driven tests. */
import type { Pod } from "../../../src/scheduler/api-types.ts";
import { snapshotOf } from "../../../src/scheduler/cache/snapshot.ts";
import { completeConfig } from "../../../src/scheduler/config/load.ts";
import { ClusterStores } from "../../../src/scheduler/core/stores.ts";
import { CycleState } from "../../../src/scheduler/framework/cycle-state.ts";
import { Framework } from "../../../src/scheduler/framework/framework.ts";
import {
  type Handle,
  isFilterPlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  type Plugin,
  PreFilterResult,
  type ScorePlugin,
} from "../../../src/scheduler/framework/interfaces.ts";
import type { NodeInfo } from "../../../src/scheduler/framework/node-info.ts";
import { Code, type Result, type Status } from "../../../src/scheduler/framework/status.ts";
import { inTreeRegistry } from "../../../src/scheduler/plugins/registry.ts";
import { Nominator } from "../../../src/scheduler/queue/nominator.ts";
import { FakeSource } from "../../../src/scheduler/testing/fake-source.ts";

export interface HandleEnv {
  stores?: ClusterStores;
  source?: FakeSource;
  nominator?: Nominator;
}

/** A real Framework (default profile) over a fixed snapshot; it is also the plugins' Handle. */
export function frameworkFor(infos: NodeInfo[], env: HandleEnv = {}, profile: Parameters<typeof completeConfig>[0] = {}): Framework {
  const cfg = completeConfig(profile);
  return new Framework(inTreeRegistry(), cfg.profiles[0]!, {
    client: env.source ?? new FakeSource({ sync: true }),
    listers: env.stores ?? new ClusterStores(),
    nominator: env.nominator ?? new Nominator(),
    snapshot: snapshotOf(infos),
  });
}

export function handleFor(infos: NodeInfo[], env: HandleEnv = {}): Handle {
  return frameworkFor(infos, env);
}

export type FilterOutcome = Map<string, string>;

function describe(s: Result): string {
  if (s === null || s.code === Code.Success) return "ok";
  const names = ["Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip", "Pending"];
  return `${names[s.code]}: ${s.message()}`;
}

/** PreFilter then Filter on every node; "ok" or "<Code>: <message>" per node, "skip" when PreFilter skipped. */
export function runFilter(plugin: Plugin, pod: Pod, infos: NodeInfo[], state = new CycleState()): FilterOutcome {
  const out: FilterOutcome = new Map();
  let allowed: Set<string> | null = null;
  if (isPreFilterPlugin(plugin)) {
    const r = plugin.preFilter(state, pod, infos);
    if (r instanceof PreFilterResult) allowed = r.nodeNames;
    else if (r !== null && r.code === Code.Skip) {
      for (const ni of infos) out.set(ni.name, "skip");
      return out;
    } else if (r !== null && r.code !== Code.Success) {
      for (const ni of infos) out.set(ni.name, `prefilter ${describe(r)}`);
      return out;
    }
  }
  if (!isFilterPlugin(plugin)) throw new Error(`${plugin.name} is no filter`);
  for (const ni of infos) {
    if (allowed && !allowed.has(ni.name)) out.set(ni.name, "not evaluated");
    else out.set(ni.name, describe(plugin.filter(state, pod, ni)));
  }
  return out;
}

/** PreScore, Score and NormalizeScore; null when PreScore skipped. */
export function runScore(plugin: ScorePlugin, pod: Pod, infos: NodeInfo[], state = new CycleState()): number[] | null {
  if (isPreScorePlugin(plugin)) {
    const s = plugin.preScore(state, pod, infos);
    if (s !== null && s.code === Code.Skip) return null;
    if (s !== null && s.code !== Code.Success) throw new Error((s as Status).message());
  }
  const scores = new Float64Array(infos.length);
  infos.forEach((ni, i) => (scores[i] = plugin.score(state, pod, ni)));
  plugin.normalizeScore?.(state, pod, infos, scores);
  return [...scores];
}
