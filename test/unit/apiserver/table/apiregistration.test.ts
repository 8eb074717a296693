import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { toTable } from "../../../../src/apiserver/table/index.ts";

/** Upstream's APIService table (kube-aggregator pkg/registry/apiservice/etcd): NAME, SERVICE, AVAILABLE, AGE. */

const NOW = new Date("2025-01-01T12:00:00Z");
const meta = (name: string) => ({ name, creationTimestamp: new Date(NOW.getTime() - 3 * 86400_000).toISOString() });
const table = (objs: unknown[]) => toTable({ group: "apiregistration.k8s.io", kind: "APIService" }, objs as KubeObject[], { now: NOW });
const SERVICE = { namespace: "kube-system", name: "metrics-server", port: 443 };
const spec = (service?: unknown) => ({ group: "metrics.k8s.io", version: "v1beta1", groupPriorityMinimum: 100, versionPriority: 100, ...(service ? { service } : {}) });
const available = (status: string, reason?: string) => ({ conditions: [{ type: "Other", status: "False", reason: "Ignored" }, { type: "Available", status, ...(reason ? { reason } : {}) }] });

describe("APIService", () => {
  test("columns", () => {
    expect(table([]).columnDefinitions).toEqual([
      { name: "Name", type: "string", format: "name", description: "Name of the object, unique within its namespace (or the cluster).", priority: 0 },
      { name: "Service", type: "string", format: "", description: "The reference to the service that hosts this API endpoint.", priority: 0 },
      { name: "Available", type: "string", format: "", description: "Whether this service is available.", priority: 0 },
      { name: "Age", type: "string", format: "", description: "Time since the object was created.", priority: 0 },
    ]);
  });

  test("SERVICE: Local without a service, else namespace/name", () => {
    const t = table([
      { metadata: meta("v1.apps"), spec: { group: "apps", version: "v1" }, status: available("True", "Local") },
      { metadata: meta("v1beta1.metrics.k8s.io"), spec: spec(SERVICE), status: available("True", "Passed") },
      { metadata: meta("v1.") },
    ]);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ["v1.apps", "Local", "True", "3d"],
      ["v1beta1.metrics.k8s.io", "kube-system/metrics-server", "True", "3d"],
      ["v1.", "Local", "Unknown", "3d"],
    ]);
  });

  test("AVAILABLE: True alone, else the status with its reason in parentheses when there is one; Unknown without the condition", () => {
    const cells = (status: unknown) => table([{ metadata: meta("x"), spec: spec(SERVICE), status }]).rows[0]!.cells[2];
    expect(cells(available("True", "Passed"))).toBe("True");
    expect(cells(available("False", "MissingEndpoints"))).toBe("False (MissingEndpoints)");
    expect(cells(available("Unknown", "NoReason"))).toBe("Unknown (NoReason)");
    expect(cells(available("False"))).toBe("False");
    expect(cells({ conditions: [{ type: "Other", status: "True" }] })).toBe("Unknown");
    expect(cells(undefined)).toBe("Unknown");
  });

  test("AGE is <unknown> without a creation time", () => {
    expect(table([{ metadata: { name: "v1.x" }, spec: spec() }]).rows[0]!.cells[3]).toBe("<unknown>");
  });
});
