import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { toTable } from "../../../../src/apiserver/table/index.ts";

/** Upstream's printMutatingWebhook and printValidatingWebhook: NAME, WEBHOOKS, AGE. */

const NOW = new Date("2025-01-01T12:00:00Z");
const meta = (name: string) => ({ name, creationTimestamp: new Date(NOW.getTime() - 3 * 86400_000).toISOString() });
const table = (kind: string, objs: unknown[]) => toTable({ group: "admissionregistration.k8s.io", kind }, objs as KubeObject[], { now: NOW });
const webhook = (name: string) => ({ name, clientConfig: { url: "https://h.example.com" }, sideEffects: "None", admissionReviewVersions: ["v1"] });

describe.each(["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"])("%s", (kind) => {
  test("columns", () => {
    expect(table(kind, []).columnDefinitions).toEqual([
      { name: "Name", type: "string", format: "name", description: "Name of the object, unique within its namespace (or the cluster).", priority: 0 },
      { name: "Webhooks", type: "integer", format: "", description: "Webhooks indicates the number of webhooks registered in this configuration", priority: 0 },
      { name: "Age", type: "string", format: "", description: "Time since the object was created.", priority: 0 },
    ]);
  });

  test("the number of webhooks (0 when none), as an integer cell", () => {
    const t = table(kind, [
      { metadata: meta("two"), webhooks: [webhook("a.example.com"), webhook("b.example.com")] },
      { metadata: meta("none") },
      { metadata: meta("empty"), webhooks: [] },
    ]);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ["two", 2, "3d"],
      ["none", 0, "3d"],
      ["empty", 0, "3d"],
    ]);
  });
});
