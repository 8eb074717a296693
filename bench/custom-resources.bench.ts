/**
 * What a custom resource's write costs in the schema machinery, in process: pruning,
 * defaulting, OpenAPI value validation and CEL rules, for an HTTPRoute-shaped object
 * (a Gateway API-like schema with 8 CEL rules on nested objects and lists). Every figure is
 * the median of KUBUN_BENCH_REPEAT (default 3) mitata runs' median samples, in µs per call.
 * Prints one line per figure and rewrites the "Apiserver: custom resources" section of
 * RESULTS.md.
 */
import { loadavg } from "node:os";
import { do_not_optimize, measure } from "mitata";
import { validateCelRules } from "../src/api/apiextensions/cel-rules.ts";
import { applySchemaDefaults } from "../src/api/apiextensions/defaults.ts";
import { pruneUnknownFields } from "../src/api/apiextensions/prune.ts";
import type { JSONSchemaProps } from "../src/api/apiextensions/types.ts";
import { validateCustomResource } from "../src/api/apiextensions/validate.ts";
import { type Figure, report } from "./harness.ts";

const ROUNDS = Number(process.env.KUBUN_BENCH_REPEAT ?? 3);

const str: JSONSchemaProps = { type: "string", maxLength: 253 };
const backendRef: JSONSchemaProps = {
  type: "object",
  required: ["name"],
  properties: { name: str, namespace: str, port: { type: "integer", minimum: 1, maximum: 65535 }, weight: { type: "integer", default: 1, minimum: 0 } },
  "x-kubernetes-validations": [{ rule: "has(self.port)", message: "port is required for Service backends" }],
};
const match: JSONSchemaProps = {
  type: "object",
  properties: {
    path: { type: "object", properties: { type: { type: "string", enum: ["Exact", "PathPrefix", "RegularExpression"], default: "PathPrefix" }, value: { type: "string", default: "/", maxLength: 1024 } } },
    headers: { type: "array", maxItems: 16, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], items: { type: "object", required: ["name", "value"], properties: { name: str, value: str } } },
    method: { type: "string", enum: ["GET", "POST", "PUT", "DELETE"] },
  },
  "x-kubernetes-validations": [
    { rule: "(self.path.type in ['Exact', 'PathPrefix']) ? self.path.value.startsWith('/') : true", message: "value must be an absolute path" },
    { rule: "(self.path.type in ['Exact', 'PathPrefix']) ? !self.path.value.contains('//') : true", message: "must not contain '//'" },
  ],
};
const rule: JSONSchemaProps = {
  type: "object",
  properties: {
    matches: { type: "array", maxItems: 64, items: match },
    backendRefs: { type: "array", maxItems: 16, items: backendRef },
    filters: { type: "array", maxItems: 16, items: { type: "object", required: ["type"], properties: { type: { type: "string", enum: ["RequestHeaderModifier", "RequestRedirect", "URLRewrite"] } } } },
  },
  "x-kubernetes-validations": [
    { rule: "self.filters.filter(f, f.type == 'RequestRedirect').size() <= 1", message: "at most one redirect" },
    { rule: "!(self.filters.exists(f, f.type == 'RequestRedirect') && self.backendRefs.size() > 0)", message: "redirect and backendRefs cannot be used together" },
  ],
};
const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        parentRefs: { type: "array", maxItems: 32, items: { type: "object", required: ["name"], properties: { name: str, sectionName: str } } },
        hostnames: { type: "array", maxItems: 16, items: { type: "string", pattern: "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" } },
        rules: { type: "array", maxItems: 16, items: rule },
      },
      "x-kubernetes-validations": [
        { rule: "self.rules.all(r, r.matches.size() <= 8)", message: "at most 8 matches per rule" },
        { rule: "self.hostnames.all(h, h.size() <= 253)" },
      ],
    },
    status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
  },
};

function route(): Record<string, unknown> {
  const rules = [0, 1, 2, 3].map((i) => ({
    matches: [
      { path: { type: "PathPrefix", value: `/api/v${i}` }, headers: [{ name: "x-env", value: "prod" }] },
      { path: { value: `/v${i}` }, method: "GET", extra: "dropped" },
    ],
    backendRefs: [{ name: `svc-${i}`, port: 8080 }, { name: `svc-${i}-canary`, port: 8080, weight: 10 }],
    filters: [{ type: "RequestHeaderModifier" }],
  }));
  return {
    apiVersion: "gateway.example.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "shop", namespace: "default", labels: { app: "shop" } },
    spec: { parentRefs: [{ name: "gw", sectionName: "https" }], hostnames: ["shop.example.com", "*.shop.example.com"], rules },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function stage(fn: (o: Record<string, unknown>) => unknown, input: () => Record<string, unknown>): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const stats = await measure(function* () {
      yield { [0]: input, bench: (o: Record<string, unknown>) => do_not_optimize(fn(o)) };
    });
    runs.push(stats.p50 / 1000);
  }
  return median(runs);
}

const ready = route();
pruneUnknownFields(ready, schema);
applySchemaDefaults(ready, schema);
const errs = validateCustomResource(ready, schema, ready);
if (errs.length > 0) throw new Error(`the bench object is invalid: ${JSON.stringify(errs)}`);
const prepared = () => structuredClone(ready);

const figures: Figure[] = [
  { name: "prune (unknown fields)", value: await stage((o) => pruneUnknownFields(o, schema), route), unit: "µs" },
  { name: "defaults", value: await stage((o) => applySchemaDefaults(o, schema), prepared), unit: "µs" },
  { name: "CEL rules (create)", value: await stage((o) => validateCelRules(o, schema), prepared), unit: "µs" },
  { name: "CEL rules (update, transition rules correlated)", value: await stage((o) => validateCelRules(o, schema, ready), prepared), unit: "µs" },
  { name: "all validation (schema, lists, CEL)", value: await stage((o) => validateCustomResource(o, schema), prepared), unit: "µs" },
];

report(
  "Apiserver: custom resources",
  figures,
  `In process, µs per call (median sample, median of ${ROUNDS} mitata runs) for an HTTPRoute-shaped object (4 rules, 8 matches, 8 backendRefs; ~2 KB JSON) under a Gateway API-like schema with 8 CEL rules evaluated 4-20 times each per object. Load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} at the end.`,
);
