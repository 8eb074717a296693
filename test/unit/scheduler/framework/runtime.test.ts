import { describe, expect, test } from "bun:test";
import type { Pod } from "../../../../src/scheduler/api-types.ts";
import { snapshotOf } from "../../../../src/scheduler/cache/snapshot.ts";
import { completeConfig } from "../../../../src/scheduler/config/load.ts";
import { ClusterStores } from "../../../../src/scheduler/core/stores.ts";
import { CycleState } from "../../../../src/scheduler/framework/cycle-state.ts";
import { Framework } from "../../../../src/scheduler/framework/framework.ts";
import type { Handle, Plugin, PluginFactory } from "../../../../src/scheduler/framework/interfaces.ts";
import type { NodeInfo } from "../../../../src/scheduler/framework/node-info.ts";
import { PodInfo } from "../../../../src/scheduler/framework/pod-info.ts";
import { mergeRegistries, newRegistry } from "../../../../src/scheduler/framework/registry.ts";
import { Code, Status } from "../../../../src/scheduler/framework/status.ts";
import { inTreeRegistry } from "../../../../src/scheduler/plugins/registry.ts";
import { Nominator } from "../../../../src/scheduler/queue/nominator.ts";
import { FakeSource } from "../../../../src/scheduler/testing/fake-source.ts";
import { makeNode, makePod, nodeInfo } from "../builders.ts";

function build(extra: Record<string, (h: Handle) => Plugin>, plugins: object, infos: NodeInfo[] = [], nominator = new Nominator()): Framework {
  const reg = mergeRegistries(inTreeRegistry(), newRegistry(Object.fromEntries(Object.entries(extra).map(([n, f]) => [n, ((_a, h) => f(h)) as PluginFactory]))));
  const cfg = completeConfig({ profiles: [{ plugins } as never] });
  return new Framework(reg, cfg.profiles[0]!, {
    client: new FakeSource({ sync: true }),
    listers: new ClusterStores(),
    nominator,
    snapshot: snapshotOf(infos),
  });
}

describe("framework runtime", () => {
  test("PreFilter Skip removes the plugin's Filter for the cycle", () => {
    let filtered = 0;
    const fwk = build(
      { Skipper: () => ({ name: "Skipper", preFilter: () => new Status(Code.Skip), filter: () => (filtered++, new Status(Code.Unschedulable, ["no"])) }) },
      { multiPoint: { enabled: [{ name: "Skipper" }] } },
    );
    const state = new CycleState();
    const pod = makePod("p");
    const ni = nodeInfo(makeNode("n1"));
    expect(fwk.runPreFilterPlugins(state, pod, [ni]).status).toBeNull();
    expect(fwk.runFilterPlugins(state, pod, ni)).toBeNull();
    expect(filtered).toBe(0);
  });

  test("the first failing filter wins and carries its plugin name", () => {
    const fwk = build(
      {
        First: () => ({ name: "First", filter: () => new Status(Code.Unschedulable, ["first"]) }),
        Second: () => ({ name: "Second", filter: () => new Status(Code.Unschedulable, ["second"]) }),
      },
      { filter: { disabled: [{ name: "*" }], enabled: [{ name: "First" }, { name: "Second" }] } },
    );
    const s = fwk.runFilterPlugins(new CycleState(), makePod("p"), nodeInfo(makeNode("n1")))!;
    expect([s.plugin, s.message()]).toEqual(["First", "first"]);
  });

  test("a filter returning an Error code becomes an Error status", () => {
    const fwk = build({ Broken: () => ({ name: "Broken", filter: () => new Status(Code.Error, ["boom"]) }) }, { filter: { disabled: [{ name: "*" }], enabled: [{ name: "Broken" }] } });
    const s = fwk.runFilterPlugins(new CycleState(), makePod("p"), nodeInfo(makeNode("n1")))!;
    expect(s.code).toBe(Code.Error);
    expect(s.message()).toBe('running "Broken" filter plugin: boom');
  });

  test("nominated pods of equal or higher priority are counted on their node", () => {
    const nominator = new Nominator();
    const ni = nodeInfo(makeNode("n1", { cpu: "1" }));
    const fwk = build({}, {}, [ni], nominator);
    nominator.add(new PodInfo(makePod("nominated", { cpu: "1", priority: 10 })), "n1");
    const state = new CycleState();
    const low = makePod("low", { cpu: "1", priority: 5 });
    fwk.runPreFilterPlugins(state, low, [ni]);
    expect(fwk.runFilterPluginsWithNominatedPods(state, low, ni)?.message()).toBe("Insufficient cpu");
    const high = makePod("high", { cpu: "1", priority: 20 });
    const state2 = new CycleState();
    fwk.runPreFilterPlugins(state2, high, [ni]);
    expect(fwk.runFilterPluginsWithNominatedPods(state2, high, ni)).toBeNull();
  });

  test("scores are weighted and validated", () => {
    const fwk = build(
      {
        Seven: () => ({ name: "Seven", score: () => 7 }),
        Big: () => ({ name: "Big", score: () => 1000 }),
      },
      { score: { disabled: [{ name: "*" }], enabled: [{ name: "Seven", weight: 3 }] } },
    );
    const nodes = [nodeInfo(makeNode("a")), nodeInfo(makeNode("b"))];
    expect([...(fwk.runScorePlugins(new CycleState(), makePod("p"), nodes) as Float64Array)]).toEqual([21, 21]);
    const bad = build({ Big: () => ({ name: "Big", score: () => 1000 }) }, { score: { disabled: [{ name: "*" }], enabled: [{ name: "Big" }] } });
    expect(() => bad.runScorePlugins(new CycleState(), makePod("p"), nodes)).toThrow(/invalid score 1000/);
  });

  test("Permit Wait holds the pod until allowed, or rejects it on timeout", async () => {
    const fwk = build({ Gate: () => ({ name: "Gate", permit: () => ({ status: new Status(Code.Wait), timeoutMs: 30 }) }) }, { permit: { enabled: [{ name: "Gate" }] } });
    const pod = makePod("p");
    expect(fwk.runPermitPlugins(new CycleState(), pod, "n1")?.code).toBe(Code.Wait);
    const waiting = fwk.waitOnPermit(pod);
    fwk.getWaitingPod("uid-p")!.allow("Gate");
    expect(await waiting).toBeNull();
    const pod2 = makePod("q");
    fwk.runPermitPlugins(new CycleState(), pod2, "n1");
    const s = await fwk.waitOnPermit(pod2);
    expect(s?.code).toBe(Code.Unschedulable);
    expect(s?.message()).toMatch(/rejected due to timeout/);
  });

  test("bind plugins run in order; Skip passes to the next", async () => {
    const calls: string[] = [];
    const mk = (name: string, code: Code): Plugin => ({ name, bind: async (_s: CycleState, p: Pod) => (calls.push(`${name}:${p.metadata.name}`), code === Code.Success ? null : new Status(code)) }) as Plugin;
    const fwk = build({ A: () => mk("A", Code.Skip), B: () => mk("B", Code.Success) }, { bind: { disabled: [{ name: "*" }], enabled: [{ name: "A" }, { name: "B" }] } });
    expect(await fwk.runBindPlugins(new CycleState(), makePod("p"), "n1")).toBeNull();
    expect(calls).toEqual(["A:p", "B:p"]);
  });

  test("reserve failure and unreserve order", () => {
    const calls: string[] = [];
    const mk = (name: string, fail: boolean): Plugin => ({ name, reserve: () => (calls.push(`r${name}`), fail ? new Status(Code.Unschedulable, ["full"]) : null), unreserve: () => calls.push(`u${name}`) }) as Plugin;
    const fwk = build({ A: () => mk("A", false), B: () => mk("B", true) }, { reserve: { enabled: [{ name: "A" }, { name: "B" }] } });
    const s = fwk.runReservePluginsReserve(new CycleState(), makePod("p"), "n1");
    expect([s?.plugin, s?.message()]).toEqual(["B", "full"]);
    fwk.runReservePluginsUnreserve(new CycleState(), makePod("p"), "n1");
    expect(calls).toEqual(["rA", "rB", "uB", "uA"]);
  });
});
