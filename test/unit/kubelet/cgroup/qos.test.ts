import { describe, expect, test } from "bun:test";
import type { Container, Pod } from "../../../../src/kubelet/api/types.ts";
import { computePodQOS } from "../../../../src/kubelet/cm/qos.ts";

function pod(containers: Array<Partial<Container>>, init: Array<Partial<Container>> = []): Pod {
  return {
    metadata: { name: "p", uid: "u1" },
    spec: {
      containers: containers.map((c, i) => ({ name: `c${i}`, ...c })),
      initContainers: init.map((c, i) => ({ name: `i${i}`, ...c })),
    },
  };
}

describe("computePodQOS", () => {
  const cases: Array<[string, Pod, string]> = [
    ["no resources", pod([{}]), "BestEffort"],
    ["only non-qos resources", pod([{ resources: { requests: { "ephemeral-storage": "1Gi" } } }]), "BestEffort"],
    ["equal requests and limits", pod([{ resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }]), "Guaranteed"],
    ["limits only (requests default to limits)", pod([{ resources: { limits: { cpu: "500m", memory: "64Mi" } } }]), "Guaranteed"],
    ["request below limit", pod([{ resources: { requests: { cpu: "100m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }]), "Burstable"],
    ["cpu limit only", pod([{ resources: { limits: { cpu: "1" } } }]), "Burstable"],
    ["one container without limits", pod([{ resources: { limits: { cpu: "1", memory: "1Gi" } } }, {}]), "Burstable"],
    ["init container without limits", pod([{ resources: { limits: { cpu: "1", memory: "1Gi" } } }], [{}]), "Burstable"],
    ["requests only", pod([{ resources: { requests: { memory: "10Mi" } } }]), "Burstable"],
  ];
  for (const [name, p, want] of cases) test(name, () => expect(computePodQOS(p)).toBe(want as "Burstable"));
});
