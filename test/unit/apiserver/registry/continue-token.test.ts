import { describe, expect, test } from "bun:test";
import { decodeContinue, encodeContinue } from "../../../../src/apiserver/registry/continue-token.ts";
import { ApiError } from "../../../../src/apiserver/http/status.ts";

describe("continue tokens", () => {
  test("round trip as upstream's base64 JSON", () => {
    const t = encodeContinue({ rv: 42, start: "ns/name\u0000" });
    expect(JSON.parse(Buffer.from(t, "base64url").toString())).toEqual({ v: "meta.k8s.io/v1", rv: 42, start: "ns/name\u0000" });
    expect(decodeContinue(t)).toEqual({ rv: 42, start: "ns/name\u0000" });
  });

  test.each([
    ["garbage", "%%%"],
    ["wrong version", Buffer.from(JSON.stringify({ v: "x", rv: 1, start: "a" })).toString("base64url")],
    ["no revision", Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", start: "a" })).toString("base64url")],
    ["path traversal", Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: 1, start: "../x" })).toString("base64url")],
  ])("%s is 400", (_name, token) => {
    try {
      decodeContinue(token);
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe(400);
    }
  });
});
