/**
 * The Priority admission plugin (upstream plugin/pkg/admission/priority) over a fake lookup:
 * pods' priority from PriorityClass objects (cache first, then the store), the global
 * default, preemption policy, updates; one global default; system classes not deletable.
 */
import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { priority } from "../../../../src/apiserver/admission/index.ts";
import { defaultPriorityClass } from "../../../../src/apiserver/admission/plugins/priority.ts";
import type { AdmissionAttributes, AdmissionLookup, Operation } from "../../../../src/apiserver/admission/types.ts";
import { ApiError } from "../../../../src/apiserver/http/status.ts";

const PODS = resourceFor("", "v1", "pods")!;
const CLASSES = resourceFor("scheduling.k8s.io", "v1", "priorityclasses")!;

const pc = (name: string, value: number, fields: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, preemptionPolicy: "PreemptLowerPriority", ...fields }) as KubeObject;

const SYSTEM = [pc("system-node-critical", 2_000_001_000), pc("system-cluster-critical", 2_000_000_000)];

/** Classes in the cache, and classes only the store has yet. */
function lookup(cached: KubeObject[], liveOnly: KubeObject[] = []): AdmissionLookup & { liveCalls: string[] } {
  const liveCalls: string[] = [];
  return {
    liveCalls,
    get: (group, plural, _ns, name) => (group === "scheduling.k8s.io" && plural === "priorityclasses" ? cached.find((c) => c.metadata.name === name) : undefined),
    getLive: async (_group, _plural, _ns, name) => {
      liveCalls.push(name);
      return [...cached, ...liveOnly].find((c) => c.metadata.name === name);
    },
    list: (group, plural) => (group === "scheduling.k8s.io" && plural === "priorityclasses" ? cached : []),
  };
}

function attrs(resource: typeof PODS, operation: Operation, name: string, object?: KubeObject, oldObject?: KubeObject, subresource = ""): AdmissionAttributes {
  return { resource, subresource, operation, namespace: resource.namespaced ? "ns" : "", name, object, oldObject, user: { name: "admin", groups: [] }, dryRun: false };
}

const pod = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "ns" }, spec: { containers: [{ name: "c", image: "i" }], ...spec } }) as KubeObject;

async function admitPod(l: AdmissionLookup, p: KubeObject): Promise<Record<string, unknown>> {
  await priority.admit(attrs(PODS, "CREATE", p.metadata.name!, p), l);
  return p["spec"] as Record<string, unknown>;
}

async function refusal(run: () => unknown): Promise<{ code: number; message: string }> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return { code: (e as ApiError).status.code!, message: (e as ApiError).message };
  }
  throw new Error("not refused");
}

describe("pods on create", () => {
  test("a named class gives its value and preemption policy", async () => {
    const l = lookup([...SYSTEM, pc("high", 1000, { preemptionPolicy: "Never" })]);
    expect(await admitPod(l, pod("p", { priorityClassName: "high" }))).toMatchObject({ priorityClassName: "high", priority: 1000, preemptionPolicy: "Never" });
    expect(await admitPod(l, pod("q", { priorityClassName: "system-cluster-critical" }))).toMatchObject({ priority: 2_000_000_000, preemptionPolicy: "PreemptLowerPriority" });
    expect(l.liveCalls).toEqual([]);
  });

  test("a class the cache has not seen yet is read from the store", async () => {
    const l = lookup(SYSTEM, [pc("fresh", 7)]);
    expect(await admitPod(l, pod("p", { priorityClassName: "fresh" }))).toMatchObject({ priority: 7 });
    expect(l.liveCalls).toEqual(["fresh"]);
  });

  test("an unknown class is forbidden", async () => {
    const r = await refusal(() => admitPod(lookup(SYSTEM), pod("p", { priorityClassName: "nope" })));
    expect(r).toEqual({ code: 403, message: 'pods "p" is forbidden: no PriorityClass with name nope was found' });
  });

  test("the built-in names resolve through PriorityClass objects only", async () => {
    const r = await refusal(() => admitPod(lookup([]), pod("p", { priorityClassName: "system-node-critical" })));
    expect(r.message).toBe('pods "p" is forbidden: no PriorityClass with name system-node-critical was found');
  });

  test("no class and no default: priority 0, PreemptLowerPriority, no class name", async () => {
    const spec = await admitPod(lookup(SYSTEM), pod("p"));
    expect(spec).toMatchObject({ priority: 0, preemptionPolicy: "PreemptLowerPriority" });
    expect(spec["priorityClassName"]).toBeUndefined();
  });

  test("no class: the global default's name, value and policy", async () => {
    const spec = await admitPod(lookup([...SYSTEM, pc("everyone", 50, { globalDefault: true, preemptionPolicy: "Never" })]), pod("p"));
    expect(spec).toMatchObject({ priorityClassName: "everyone", priority: 50, preemptionPolicy: "Never" });
  });

  test("a priority that differs from the class's is forbidden; the same one passes", async () => {
    const l = lookup([...SYSTEM, pc("high", 1000)]);
    const r = await refusal(() => admitPod(l, pod("p", { priorityClassName: "high", priority: 999 })));
    expect(r.message).toBe(
      'pods "p" is forbidden: the integer value of priority (999) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
    expect(await admitPod(l, pod("p", { priorityClassName: "high", priority: 1000 }))).toMatchObject({ priority: 1000 });
    // without a class the computed value is 0
    const zero = await refusal(() => admitPod(l, pod("p", { priority: 3 })));
    expect(zero.message).toContain("priority (3) must not be provided");
  });

  test("a preemption policy that differs from the class's is forbidden", async () => {
    const l = lookup([...SYSTEM, pc("never", 10, { preemptionPolicy: "Never" })]);
    const r = await refusal(() => admitPod(l, pod("p", { priorityClassName: "never", preemptionPolicy: "PreemptLowerPriority" })));
    expect(r.message).toBe(
      'pods "p" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name',
    );
    // no class and no default: Never is refused too, as upstream
    const none = await refusal(() => admitPod(lookup(SYSTEM), pod("p", { preemptionPolicy: "Never" })));
    expect(none.message).toContain("computed PreemptLowerPriority");
  });

  test("subresources and other kinds are left alone", async () => {
    const l = lookup([]);
    const p = pod("p", { priorityClassName: "nope" });
    await priority.admit(attrs(PODS, "CREATE", "p", p, undefined, "binding"), l);
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } } as KubeObject;
    await priority.admit(attrs(resourceFor("", "v1", "configmaps")!, "CREATE", "c", cm), l);
    expect((p["spec"] as Record<string, unknown>)["priority"]).toBeUndefined();
  });
});

describe("pods on update", () => {
  test("priority and preemption policy left out are kept from the stored pod", async () => {
    const old = pod("p", { priorityClassName: "high", priority: 1000, preemptionPolicy: "Never" });
    const next = pod("p", { priorityClassName: "high" });
    await priority.admit(attrs(PODS, "UPDATE", "p", next, old), lookup([]));
    expect(next["spec"]).toMatchObject({ priority: 1000, preemptionPolicy: "Never" });
  });

  test("values sent are not replaced (validation judges them)", async () => {
    const old = pod("p", { priority: 1000 });
    const next = pod("p", { priority: 5 });
    await priority.admit(attrs(PODS, "UPDATE", "p", next, old), lookup([]));
    expect((next["spec"] as Record<string, unknown>)["priority"]).toBe(5);
  });
});

describe("PriorityClasses", () => {
  test("a second global default is forbidden on create", async () => {
    const l = lookup([...SYSTEM, pc("first", 10, { globalDefault: true })]);
    const r = await refusal(() => priority.validate(attrs(CLASSES, "CREATE", "second", pc("second", 20, { globalDefault: true })), l));
    expect(r).toEqual({ code: 403, message: 'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist' });
    // a class that is not a default passes
    await priority.validate(attrs(CLASSES, "CREATE", "third", pc("third", 20)), l);
  });

  test("on update: the default itself may change, another may not become default", async () => {
    const first = pc("first", 10, { globalDefault: true });
    const other = pc("other", 5);
    const l = lookup([...SYSTEM, first, other]);
    await priority.validate(attrs(CLASSES, "UPDATE", "first", pc("first", 10, { globalDefault: true, description: "d" }), first), l);
    const r = await refusal(() => priority.validate(attrs(CLASSES, "UPDATE", "other", pc("other", 5, { globalDefault: true }), other), l));
    expect(r.message).toContain("PriorityClass first is already marked as default");
  });

  test("with several defaults (a race), the lowest value is the default", () => {
    expect(defaultPriorityClass([pc("a", 30, { globalDefault: true }), pc("b", 10, { globalDefault: true }), pc("c", 1)])?.metadata.name).toBe("b");
    expect(defaultPriorityClass([pc("c", 1)])).toBeUndefined();
  });

  test("system classes cannot be deleted; others can", async () => {
    const l = lookup(SYSTEM);
    const r = await refusal(() => priority.validate(attrs(CLASSES, "DELETE", "system-cluster-critical", undefined, SYSTEM[1]), l));
    expect(r).toEqual({ code: 403, message: 'priorityclasses.scheduling.k8s.io "system-cluster-critical" is forbidden: this is a system priority class and cannot be deleted' });
    await priority.validate(attrs(CLASSES, "DELETE", "mine", undefined, pc("mine", 1)), l);
  });
});
