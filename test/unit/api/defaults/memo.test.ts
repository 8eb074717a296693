import { expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";

/** Defaulting memoizes quantity parses; answers must not depend on what came before. */

const pod = (requests: Record<string, unknown>, limits: Record<string, unknown>) =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "i", resources: { requests, limits } }] } }) as unknown as KubeObject;
const defaulted = (o: KubeObject) => {
  applyDefaults({ group: "", kind: "Pod" }, o);
  const spec = o["spec"] as { containers: { resources: unknown }[] };
  return { resources: spec.containers[0]!.resources, qos: (o["status"] as { qosClass: string }).qosClass };
};

test.each([
  ["canonical text and Guaranteed", { cpu: "1000m", memory: " 128Mi" }, { cpu: 1, memory: "128Mi" }, { requests: { cpu: "1", memory: "128Mi" }, limits: { cpu: "1", memory: "128Mi" } }, "Guaranteed"],
  ["unparsable left as is", { cpu: "1x" }, { cpu: "2" }, { requests: { cpu: "1x" }, limits: { cpu: "2" } }, "Burstable"],
  ["zero requests are BestEffort", { cpu: "0" }, {}, { requests: { cpu: "0" }, limits: {} }, "BestEffort"],
] as const)("%s, the same on every call", (_name, requests, limits, resources, qos) => {
  for (let i = 0; i < 3; i++) expect(defaulted(pod(structuredClone(requests), structuredClone(limits)))).toEqual({ resources, qos });
});
