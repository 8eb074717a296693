/**
 * The apiserver's CPU per create, stage by stage, in process (no HTTP, no storage): the
 * strict decoding check (checkObject, on the decoded body), defaulting (with the
 * create-time preparation), validation, and updateManagedFields for a create (old
 * undefined), then the four together on a fresh copy. Measured for the Pod body that
 * bench/apiserver.bench.ts posts and for a Deployment. Every figure is the median of
 * KUBUN_BENCH_REPEAT (default 3) mitata runs' median samples, in µs per call.
 * Prints one line per figure and rewrites the "Apiserver: create path" section of RESULTS.md.
 */
import { loadavg } from "node:os";
import { do_not_optimize, measure } from "mitata";
import { updateManagedFields } from "../src/api/apply/index.ts";
import { applyDefaults } from "../src/api/defaults/index.ts";
import type { KubeObject } from "../src/api/meta/types.ts";
import { resourceForKind } from "../src/api/resources.ts";
import { checkObject, fieldSchemaFor } from "../src/api/schema/index.ts";
import { validateObject } from "../src/api/validation/index.ts";
import { makePod } from "../test/unit/storage/fixtures/pod.ts";
import { type Figure, report } from "./harness.ts";

const ROUNDS = Number(process.env.KUBUN_BENCH_REPEAT ?? 3);
const NOW = new Date("2026-01-01T00:00:00Z");

/** The body bench/apiserver.bench.ts posts: a 2 KB pod with generateName and status. */
function podBody(): KubeObject {
  const p = makePod(1, "bench") as { metadata: Record<string, unknown> };
  p.metadata = { generateName: "web-", namespace: "bench", labels: p.metadata["labels"], annotations: p.metadata["annotations"] };
  return p as unknown as KubeObject;
}

function deploymentBody(): KubeObject {
  const pod = makePod(1, "bench") as { spec: Record<string, unknown>; metadata: Record<string, unknown> };
  const labels = { app: "web", tier: "frontend" };
  const spec = { ...pod.spec };
  delete spec["nodeName"];
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "bench", labels, annotations: { "deployment.kubernetes.io/revision": "1" } },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: { metadata: { labels, annotations: pod.metadata["annotations"] }, spec },
    },
  } as unknown as KubeObject;
}

/** What the registry stamps before defaulting (name, uid, creationTimestamp). */
function stamped(o: KubeObject): KubeObject {
  const c = structuredClone(o);
  c.metadata.name ??= "web-x7k2p";
  c.metadata.uid = "6b3c2a1e-0001-4d2b-9f1a-0c8e7d6b5a41";
  c.metadata.creationTimestamp = "2026-01-01T00:00:00Z";
  return c;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Median over ROUNDS of mitata's median sample, µs per call (robust to the other work on a
 * shared machine); `fresh` gives each call its own unmeasured input.
 */
async function stage(fn: (o: KubeObject) => unknown, input: KubeObject, fresh: boolean): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const stats = fresh
      ? await measure(function* () {
          yield { [0]: () => stamped(input), bench: (o: KubeObject) => do_not_optimize(fn(o)) };
        })
      : await measure(() => do_not_optimize(fn(input)));
    runs.push(stats.p50 / 1000);
  }
  return median(runs);
}

const figures: Figure[] = [];
for (const [label, body] of [["Pod", podBody()], ["Deployment", deploymentBody()]] as const) {
  const ri = resourceForKind(body.apiVersion!, body.kind!);
  if (!ri) throw new Error(`no resource for ${body.kind}`);
  const schema = fieldSchemaFor(body.apiVersion!, body.kind!);
  const mf = { manager: "kubectl-create", operation: "Update" as const, apiVersion: body.apiVersion!, schema, now: NOW };
  const defaulted = stamped(body);
  applyDefaults(ri, defaulted);
  if (validateObject(ri, defaulted).length > 0) throw new Error(`${label} body is invalid`);
  if (checkObject(body.apiVersion!, body.kind!, body).unknownFields.length > 0) throw new Error(`${label} body has unknown fields`);

  const check = await stage((o) => checkObject(o.apiVersion!, o.kind!, o), body, false);
  const defaults = await stage((o) => applyDefaults(ri, o), body, true);
  const validation = await stage((o) => validateObject(ri, o), defaulted, false);
  const managed = await stage((o) => updateManagedFields(undefined, o, mf), defaulted, false);
  const all = await stage(
    (o) => {
      checkObject(o.apiVersion!, o.kind!, o);
      applyDefaults(ri, o);
      validateObject(ri, o);
      o.metadata.managedFields = updateManagedFields(undefined, o, mf);
      return o;
    },
    body,
    true,
  );
  figures.push({ name: `${label} checkObject`, value: check, unit: "µs" });
  figures.push({ name: `${label} defaults (create)`, value: defaults, unit: "µs" });
  figures.push({ name: `${label} validation (create)`, value: validation, unit: "µs" });
  figures.push({ name: `${label} updateManagedFields (create)`, value: managed, unit: "µs" });
  figures.push({ name: `${label} sum of stages`, value: check + defaults + validation + managed, unit: "µs" });
  figures.push({ name: `${label} all four on one copy`, value: all, unit: "µs" });
}

report(
  "Apiserver: create path",
  figures,
  `In process, µs per call (median sample, median of ${ROUNDS} mitata runs); the Pod is the body bench/apiserver.bench.ts posts. "all four" runs checkObject, defaults, validation and updateManagedFields on a fresh copy (copying not measured). Load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} at the end.

Before the create-path work (commit 44e4530, measured beside it on 2026-11-27, same method): Pod checkObject 9.7, defaults 19.2, validation 11.6, updateManagedFields 34.2, sum 74.7 µs; Deployment 6.9, 9.2, 29.2, 43.8, sum 88.9 µs. Pod creates over HTTPS (bench/apiserver.bench.ts, KUBUN_BENCH_ONLY=creates, four alternating pairs on a shared, loaded machine): before 1,845-3,001 req/s (median ~2,500), p99 62-119 ms; after 2,909-3,559 req/s (median ~3,360), p99 53-76 ms. See docs/decisions.md, Apiserver, Create path.`,
);
