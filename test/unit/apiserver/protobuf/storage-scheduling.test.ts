import { describe, expect, test } from "bun:test";
import { decodeProtobufBody, messageFor } from "../../../../src/apiserver/protobuf/decode.ts";
import { envelope, msg, str, strEntry as entry, vint } from "../../../helpers/protobuf-writer.ts";

/** storage.k8s.io/v1 StorageClass and scheduling.k8s.io/v1 PriorityClass protobuf bodies (k8s.io/api v0.34.9 generated.proto). */

describe("protobuf bodies", () => {
  test("message names", () => {
    expect(messageFor("storage.k8s.io/v1", "StorageClass")).toBe("storage.v1.StorageClass");
    expect(messageFor("scheduling.k8s.io/v1", "PriorityClass")).toBe("scheduling.v1.PriorityClass");
  });

  test("a StorageClass: parameters map, optional enums, mount options, topologies", () => {
    const raw = [
      ...msg(1, str(1, "fast")),
      ...str(2, "ebs.csi.aws.com"),
      ...entry(3, "type", "gp3"),
      ...entry(3, "iops", "3000"),
      ...str(4, "Retain"),
      ...str(5, "debug"),
      ...vint(6, true),
      ...str(7, "WaitForFirstConsumer"),
      ...msg(8, msg(1, str(1, "topology.kubernetes.io/zone"), str(2, "a"), str(2, "b"))),
    ];
    expect(decodeProtobufBody(envelope("storage.k8s.io/v1", "StorageClass", raw))).toEqual({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "fast" },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", iops: "3000" },
      reclaimPolicy: "Retain",
      mountOptions: ["debug"],
      allowVolumeExpansion: true,
      volumeBindingMode: "WaitForFirstConsumer",
      allowedTopologies: [{ matchLabelExpressions: [{ key: "topology.kubernetes.io/zone", values: ["a", "b"] }] }],
    });
  });

  test("a PriorityClass: value kept even when 0 or negative, a false globalDefault dropped (omitempty)", () => {
    const pc = decodeProtobufBody(envelope("scheduling.k8s.io/v1", "PriorityClass", [...msg(1, str(1, "low")), ...vint(2, -10), ...vint(3, false), ...str(4, "batch"), ...str(5, "Never")]));
    expect(pc).toEqual({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "low" }, value: -10, description: "batch", preemptionPolicy: "Never" });
    const zero = decodeProtobufBody(envelope("scheduling.k8s.io/v1", "PriorityClass", [...msg(1, str(1, "zero")), ...vint(2, 0), ...vint(3, true)]));
    expect(zero).toEqual({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "zero" }, value: 0, globalDefault: true });
  });
});
