import { describe, expect, test } from "bun:test";
import { negotiateRendering, wantsOnlyProtobuf } from "../../../../src/apiserver/http/accept.ts";

describe("negotiateRendering", () => {
  test.each([
    [null, "object"],
    ["application/json", "object"],
    ["*/*", "object"],
    ["application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "table"],
    ["application/json;as=Table;v=v1beta1;g=meta.k8s.io", "table"],
    ["application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json", "metadata"],
    ["application/vnd.kubernetes.protobuf,application/json", "object"],
    ["application/json;as=Table;v=v2;g=meta.k8s.io,application/json", "object"],
  ] as const)("%s -> %s", (accept, want) => {
    expect(negotiateRendering(accept)).toBe(want);
  });

  test("only unsupported encodings is 406", () => {
    expect(() => negotiateRendering("application/vnd.kubernetes.protobuf")).toThrow();
  });

  test("protobuf-only requests are recognised", () => {
    expect(wantsOnlyProtobuf("application/com.github.proto-openapi.spec.v2@v1.0+protobuf")).toBe(true);
    expect(wantsOnlyProtobuf("application/json, application/com.github.proto-openapi.spec.v2@v1.0+protobuf")).toBe(false);
  });
});
