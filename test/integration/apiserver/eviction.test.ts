/**
 * pods/eviction against PodDisruptionBudgets, with upstream's answers: a budget with no
 * disruption left refuses a ready pod with 429 (cause DisruptionBudget); one with a
 * disruption left takes it (disruptedPods, DisruptionAllowed=False at zero) and the pod
 * gets the DisruptionTarget condition and is deleted; a budget not yet observed is 429 with
 * Retry-After 10; two budgets are 500; unready pods need a met budget; pending pods and dry
 * runs skip or keep everything.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
const NS = "/api/v1/namespaces/ev";
const PDBS = "/apis/policy/v1/namespaces/ev/poddisruptionbudgets";
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ev" } });
});
afterAll(() => h.stop());

async function runningPod(name: string, labels: Record<string, string>, ready = true): Promise<void> {
  const created = await h.call("POST", `${NS}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels },
    spec: { nodeName: "n1", containers: [{ name: "c", image: "busybox" }] },
  });
  expect(created.status).toBe(201);
  const body = created.body;
  body.status = { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] };
  expect((await h.call("PUT", `${NS}/pods/${name}/status`, body)).status).toBe(200);
}

async function budget(name: string, app: string, status: { disruptionsAllowed: number; currentHealthy: number; desiredHealthy: number; observed?: boolean }): Promise<void> {
  const created = await h.call("POST", PDBS, { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec: { minAvailable: 1, selector: { matchLabels: { app } } } });
  expect(created.status).toBe(201);
  const body = created.body;
  body.status = {
    observedGeneration: status.observed === false ? 0 : body.metadata.generation,
    disruptionsAllowed: status.disruptionsAllowed,
    currentHealthy: status.currentHealthy,
    desiredHealthy: status.desiredHealthy,
    expectedPods: status.currentHealthy,
  };
  expect((await h.call("PUT", `${PDBS}/${name}/status`, body)).status).toBe(200);
}

const evict = (name: string, query = "") => h.call("POST", `${NS}/pods/${name}/eviction${query}`, { apiVersion: "policy/v1", kind: "Eviction", metadata: { name } });
const terminating = async (name: string) => (await h.call("GET", `${NS}/pods/${name}`)).body.metadata?.deletionTimestamp !== undefined;

describe("eviction and PodDisruptionBudgets", () => {
  test("no disruption left: 429 with the budget's counts; the pod stays", async () => {
    await runningPod("a1", { app: "a" });
    await budget("pdb-a", "a", { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
    const r = await evict("a1");
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({
      reason: "TooManyRequests",
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget pdb-a needs 1 healthy pods and has 1 currently" }] },
    });
    expect(await terminating("a1")).toBe(false);
  });

  test("a disruption left: taken and recorded; the pod is marked and deleted", async () => {
    await runningPod("b1", { app: "b" });
    await budget("pdb-b", "b", { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 });
    const r = await evict("b1");
    expect(r.status).toBe(201);
    const pod = (await h.call("GET", `${NS}/pods/b1`)).body;
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    expect(pod.status.conditions.find((c: { type: string }) => c.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" });
    const pdb = (await h.call("GET", `${PDBS}/pdb-b`)).body;
    expect(pdb.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(pdb.status.disruptedPods)).toEqual(["b1"]);
    expect(pdb.status.conditions.find((c: { type: string }) => c.type === "DisruptionAllowed")).toMatchObject({ status: "False", reason: "InsufficientPods" });
    // the next eviction under the same budget is refused
    await runningPod("b2", { app: "b" });
    expect((await evict("b2")).status).toBe(429);
  });

  test("a budget its controller has not observed yet: 429, Retry-After 10", async () => {
    await runningPod("c1", { app: "c" });
    await budget("pdb-c", "c", { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, observed: false });
    const r = await evict("c1");
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("10");
    expect(r.body.details.causes[0]).toEqual({ reason: "DisruptionBudget", message: "The disruption budget pdb-c is still being processed by the server." });
  });

  test("two budgets covering the pod: 500", async () => {
    await runningPod("d1", { app: "d", tier: "x" });
    await budget("pdb-d1", "d", { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 });
    const other = await h.call("POST", PDBS, { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "pdb-d2" }, spec: { maxUnavailable: 1, selector: { matchLabels: { tier: "x" } } } });
    expect(other.status).toBe(201);
    const r = await evict("d1");
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ kind: "Status", status: "Failure", code: 500, message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support." });
    expect(await terminating("d1")).toBe(false);
  });

  test("an unready pod is evicted without a disruption when the budget is met, refused when not", async () => {
    await runningPod("e1", { app: "e" }, false);
    await budget("pdb-e", "e", { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 });
    expect((await evict("e1")).status).toBe(201);
    expect((await h.call("GET", `${PDBS}/pdb-e`)).body.status.disruptionsAllowed).toBe(0);
    await runningPod("f1", { app: "f" }, false);
    await budget("pdb-f", "f", { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1 });
    expect((await evict("f1")).status).toBe(429);
  });

  test("pending pods skip the budget; dry runs change nothing", async () => {
    await h.call("POST", `${NS}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "g1", labels: { app: "a" } }, spec: { containers: [{ name: "c", image: "busybox" }] } });
    expect((await evict("g1")).status).toBe(201);
    expect((await h.call("GET", `${NS}/pods/g1`)).status).toBe(404);

    await runningPod("h1", { app: "h" });
    await budget("pdb-h", "h", { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 });
    expect((await evict("h1", "?dryRun=All")).status).toBe(201);
    expect(await terminating("h1")).toBe(false);
    expect((await h.call("GET", `${PDBS}/pdb-h`)).body.status.disruptionsAllowed).toBe(1);
  });
});
