import { describe, expect, test } from "bun:test";
import { parseResourceRequest, splitApiPath } from "../../../../src/apiserver/http/request-info.ts";

const cases: [string, string, boolean, Record<string, unknown> | undefined][] = [
  ["GET", "/api/v1/pods", false, { group: "", version: "v1", namespace: "", resource: "pods", name: "", verb: "list" }],
  ["GET", "/api/v1/namespaces/ns/pods/p", false, { namespace: "ns", resource: "pods", name: "p", verb: "get" }],
  ["GET", "/api/v1/namespaces/ns/pods", true, { namespace: "ns", resource: "pods", verb: "watch" }],
  ["GET", "/api/v1/watch/namespaces/ns/pods", false, { namespace: "ns", resource: "pods", verb: "watch" }],
  ["POST", "/api/v1/namespaces/ns/pods/p/binding", false, { resource: "pods", name: "p", subresource: "binding", verb: "create" }],
  ["GET", "/api/v1/namespaces/ns/pods/p/log", false, { subresource: "log", verb: "get" }],
  ["GET", "/api/v1/namespaces/ns", false, { namespace: "", resource: "namespaces", name: "ns", verb: "get" }],
  ["PUT", "/api/v1/namespaces/ns/finalize", false, { resource: "namespaces", name: "ns", subresource: "finalize", verb: "update" }],
  ["PUT", "/api/v1/namespaces/ns/status", false, { resource: "namespaces", name: "ns", subresource: "status" }],
  ["DELETE", "/apis/apps/v1/namespaces/ns/deployments", false, { group: "apps", version: "v1", resource: "deployments", verb: "deletecollection" }],
  ["PATCH", "/apis/apps/v1/namespaces/ns/deployments/web/scale", false, { group: "apps", name: "web", subresource: "scale", verb: "patch" }],
  ["GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", false, { group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "admin" }],
  ["GET", "/api/v1/namespaces/ns/pods/a%20b", false, { name: "a b" }],
  ["GET", "/api/v1", false, undefined],
  ["GET", "/apis/apps", false, undefined],
  ["GET", "/apis/apps/v1", false, undefined],
];

describe("parseResourceRequest", () => {
  test.each(cases)("%s %s (watch=%p)", (method, path, watch, want) => {
    const gv = splitApiPath(path);
    expect(gv).toBeDefined();
    const got = parseResourceRequest(method, gv!, watch);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toMatchObject(want);
  });

  test("non-API paths are not split", () => {
    expect(splitApiPath("/healthz")).toBeUndefined();
    expect(splitApiPath("/openapi/v3")).toBeUndefined();
  });
});
