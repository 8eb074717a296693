import { describe, expect, test } from "bun:test";
import { isLatestOrUntagged, normalizeImageRef, parseReference } from "../../../../src/kubelet/images/reference.ts";

const D = "sha256:" + "a".repeat(64);

describe("normalizeImageRef (containerd ParseDockerRef)", () => {
  const ok: Array<[string, string]> = [
    ["busybox", "docker.io/library/busybox:latest"],
    ["busybox:1.36", "docker.io/library/busybox:1.36"],
    ["library/busybox", "docker.io/library/busybox:latest"],
    ["docker.io/busybox", "docker.io/library/busybox:latest"],
    ["index.docker.io/library/busybox:1", "docker.io/library/busybox:1"],
    ["bitnami/nginx:1.2", "docker.io/bitnami/nginx:1.2"],
    ["registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"],
    ["localhost/foo", "localhost/foo:latest"],
    ["localhost:5000/a/b/c:v1", "localhost:5000/a/b/c:v1"],
    ["127.0.0.1:5000/x", "127.0.0.1:5000/x:latest"],
    ["[::1]:5000/x:t", "[::1]:5000/x:t"],
    ["Example.com/x", "Example.com/x:latest"],
    [`busybox@${D}`, `docker.io/library/busybox@${D}`],
    [`busybox:1.36@${D}`, `docker.io/library/busybox@${D}`],
    ["a_b-c__d/f.g---h:T_a.g-1", "docker.io/a_b-c__d/f.g---h:T_a.g-1"],
  ];
  for (const [input, want] of ok) test(`${input} -> ${want}`, () => expect(normalizeImageRef(input)).toBe(want));

  const bad: Array<[string, RegExp]> = [
    ["", /empty/],
    ["a".repeat(64).replace(/a/g, "f"), /64-byte/],
    ["Busybox", /lowercase/],
    ["busybox:", /tag/],
    ["busybox:-x", /tag/],
    ["busybox@sha256:abc", /digest/],
    ["a//b", /component/],
    ["-a/b", /component/],
    ["localhost:5000/", /empty/],
    ["a_b.c/f", /domain/],
  ];
  for (const [input, re] of bad) test(`rejects ${JSON.stringify(input)}`, () => expect(() => normalizeImageRef(input)).toThrow(re));

  test("parts", () => {
    expect(parseReference("localhost:5000/a/b:v1")).toEqual({ domain: "localhost:5000", path: "a/b", tag: "v1" });
  });

  test("latest detection for pull policy defaulting", () => {
    expect(isLatestOrUntagged("busybox")).toBe(true);
    expect(isLatestOrUntagged("busybox:latest")).toBe(true);
    expect(isLatestOrUntagged("busybox:1")).toBe(false);
    expect(isLatestOrUntagged(`busybox@${D}`)).toBe(false);
  });
});
