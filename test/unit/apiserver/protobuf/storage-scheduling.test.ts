import { describe, expect, test } from "bun:test";
import { decodeProtobufBody, messageFor } from "../../../../src/apiserver/protobuf/decode.ts";

/** storage.k8s.io/v1 StorageClass and scheduling.k8s.io/v1 PriorityClass protobuf bodies (k8s.io/api v0.34.9 generated.proto). */

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
const enc = new TextEncoder();
type Part = number[];
const tag = (n: number, wt: number) => varint(n * 8 + wt);
const vint = (n: number, v: number | boolean): Part => [...tag(n, 0), ...varint(typeof v === "boolean" ? (v ? 1 : 0) : v)];
const bytes = (n: number, b: number[] | Uint8Array): Part => [...tag(n, 2), ...varint(b.length), ...b];
const str = (n: number, s: string) => bytes(n, enc.encode(s));
const msg = (n: number, ...parts: Part[]) => bytes(n, parts.flat());
const entry = (n: number, k: string, v: string) => msg(n, str(1, k), str(2, v));
const envelope = (apiVersion: string, kind: string, raw: number[]) => new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...msg(1, str(1, apiVersion), str(2, kind)), ...bytes(2, raw)]);

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
