import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, validateObject } from "../../../../src/api/validation/index.ts";
import { clone, pod } from "./fixtures.ts";

/** Validation memoizes name checks and quantity parses; answers must not depend on what came before. */

const pods = resourceFor("", "v1", "pods")!;
const errorsOf = (o: KubeObject) => validateObject(pods, o).map(errorString);

type Spec = { containers: { name: string; resources: { requests: Record<string, string>; limits: Record<string, string> } }[] };
const withContainer = (f: (c: Spec["containers"][0]) => void) => {
  const p = clone(pod());
  f((p as unknown as { spec: Spec }).spec.containers[0]!);
  return p;
};

describe("memoized checks give the same answers every time", () => {
  const cases: [string, () => KubeObject, string[]][] = [
    ["valid pod", () => clone(pod()), []],
    [
      "bad quantity",
      () => withContainer((c) => (c.resources.requests["cpu"] = "1x")),
      ["spec.containers[0].resources.requests[cpu]: Invalid value: \"1x\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ],
    [
      "request above limit",
      () => withContainer((c) => (c.resources.requests["memory"] = "1Gi")),
      ["spec.containers[0].resources.requests: Invalid value: \"1Gi\": must be less than or equal to memory limit of 128Mi"],
    ],
    ["bad label key", () => ({ ...clone(pod()), metadata: { name: "web-0", namespace: "default", labels: { "-app": "web" } } }), []],
    ["bad container name", () => withContainer((c) => (c.name = "Web")), []],
  ];
  for (const [name, make, expected] of cases) {
    test(name, () => {
      const first = errorsOf(make());
      for (let i = 0; i < 3; i++) expect(errorsOf(make())).toEqual(first);
      for (const e of expected) expect(first).toContain(e);
      if (name === "valid pod") expect(first).toEqual([]);
      else expect(first.length).toBeGreaterThan(0);
    });
  }

  test("a valid value after an invalid one, and many distinct values", () => {
    expect(errorsOf(withContainer((c) => (c.resources.requests["cpu"] = "1x"))).length).toBe(1);
    expect(errorsOf(withContainer((c) => (c.resources.requests["cpu"] = "1m")))).toEqual([]);
    for (let i = 0; i < 5000; i++) expect(errorsOf(withContainer((c) => (c.resources.requests["cpu"] = `${i}m`))).length).toBe(i > 1000 ? 1 : 0);
  });
});
