import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { defaultPrinter, toTable } from "../../../../src/apiserver/table/index.ts";

/** CustomResourceDefinitions: upstream (1.34) serves them with the default table convertor, NAME and CREATED AT. */

const NOW = new Date("2025-01-01T12:00:00Z");
const crd = (name: string, creationTimestamp?: string) =>
  ({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name, ...(creationTimestamp ? { creationTimestamp } : {}) }, spec: {} }) as unknown as KubeObject;
const table = (objs: KubeObject[]) => toTable({ group: "apiextensions.k8s.io", kind: "CustomResourceDefinition" }, objs, { now: NOW });

describe("customresourcedefinition", () => {
  test("NAME and CREATED AT (a date column), as the default printer", () => {
    const t = table([crd("foos.example.com", "2024-12-31T10:20:30Z")]);
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ["Name", "string", "name", 0],
      ["Created At", "date", "", 0],
    ]);
    expect(t.columnDefinitions).toEqual([...defaultPrinter.columns]);
  });

  test("the creation time in RFC 3339, UTC, whole seconds", () => {
    expect(table([crd("foos.example.com", "2024-12-31T10:20:30Z")]).rows[0]!.cells).toEqual(["foos.example.com", "2024-12-31T10:20:30Z"]);
    expect(table([crd("bars.example.com", "2024-12-31T12:20:30.123+02:00")]).rows[0]!.cells).toEqual(["bars.example.com", "2024-12-31T10:20:30Z"]);
    expect(table([crd("bazs.example.com")]).rows[0]!.cells).toEqual(["bazs.example.com", "0001-01-01T00:00:00Z"]);
  });
});
