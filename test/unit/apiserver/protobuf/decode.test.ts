import { describe, expect, test } from "bun:test";
import { decodeProtobufBody, goDuration, messageFor } from "../../../../src/apiserver/protobuf/decode.ts";
import { bytes, entry, envelope, msg, str, vint } from "../../../helpers/protobuf-writer.ts";

const enc = new TextEncoder();

describe("protobuf request bodies", () => {
  test("a Pod: metadata maps, times, nested lists, inline volume sources, quantities, omitempty zeros", () => {
    const raw = [
      ...msg(1, str(1, "web"), str(3, "ns"), entry(11, "app", str(2, "web")), msg(8, vint(1, 1700000000))),
      ...msg(
        2,
        msg(2, str(1, "c"), str(2, "nginx"), msg(6, vint(3, 80), str(4, "TCP")), msg(8, entry(1, "cpu", msg(2, str(1, "100m")))), vint(16, false), vint(18, true)),
        msg(1, str(1, "scratch"), msg(2, msg(2, str(1, "")))),
        vint(4, 30),
        str(9, ""),
      ),
    ];
    const pod = decodeProtobufBody(envelope("v1", "Pod", raw));
    expect(pod).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "ns", labels: { app: "web" }, creationTimestamp: "2023-11-14T22:13:20Z" },
      spec: {
        containers: [{ name: "c", image: "nginx", ports: [{ containerPort: 80, protocol: "TCP" }], resources: { limits: { cpu: "100m" } }, tty: true }],
        volumes: [{ name: "scratch", emptyDir: {} }],
        terminationGracePeriodSeconds: 30,
      },
    });
  });

  test("Secret bytes become base64; IntOrString picks its arm", () => {
    const secret = decodeProtobufBody(envelope("v1", "Secret", [...msg(1, str(1, "s")), ...entry(2, "pw", bytes(2, enc.encode("hunter2"))), ...str(3, "Opaque")]));
    expect(secret).toEqual({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { pw: Buffer.from("hunter2").toString("base64") }, type: "Opaque" });
    const svc = decodeProtobufBody(
      envelope("v1", "Service", [...msg(1, str(1, "svc")), ...msg(1 + 1, msg(1, str(1, "a"), vint(3, 80), msg(4, vint(1, 0), vint(2, 8080))), msg(1, str(1, "b"), vint(3, 81), msg(4, vint(1, 1), str(3, "http"))))]),
    );
    expect((svc.spec as any).ports).toEqual([
      { name: "a", port: 80, targetPort: 8080 },
      { name: "b", port: 81, targetPort: "http" },
    ]);
  });

  test("DeleteOptions are meta.k8s.io whatever group version the client names", () => {
    const opts = decodeProtobufBody(envelope("apps/v1", "DeleteOptions", [...vint(1, 0), ...msg(2, str(1, "uid-1")), ...str(4, "Foreground"), ...str(5, "All")]));
    expect(opts).toEqual({ apiVersion: "apps/v1", kind: "DeleteOptions", gracePeriodSeconds: 0, preconditions: { uid: "uid-1" }, propagationPolicy: "Foreground", dryRun: ["All"] });
  });

  test("negative int32 and int64 values", () => {
    const ev = decodeProtobufBody(envelope("v1", "Event", [...msg(1, str(1, "e")), ...vint(8, -5)]));
    expect(ev.count).toBe(-5);
  });

  test("bodies without the magic prefix are rejected", () => {
    expect(() => decodeProtobufBody(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/magic/);
  });

  test("message names follow the group's package", () => {
    expect(messageFor("v1", "Pod")).toBe("core.v1.Pod");
    expect(messageFor("apps/v1", "Deployment")).toBe("apps.v1.Deployment");
    expect(messageFor("rbac.authorization.k8s.io/v1", "Role")).toBe("rbac.v1.Role");
    expect(messageFor("coordination.k8s.io/v1", "Lease")).toBe("coordination.v1.Lease");
    expect(messageFor("policy/v1", "DeleteOptions")).toBe("apis.meta.v1.DeleteOptions");
  });

  test.each([
    [0, "0s"],
    [1500, "1.5µs"],
    [2_000_000, "2ms"],
    [90e9, "1m30s"],
    [3.6e12 + 1e9, "1h0m1s"],
    [-2e9, "-2s"],
  ])("Go duration %p -> %s", (ns, want) => {
    expect(goDuration(ns)).toBe(want);
  });
});
