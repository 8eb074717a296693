/**
 * Which request heads the TLS front may answer from its replica: plain JSON GETs of one
 * object, and nothing that could mean something else to the apiserver.
 */
import { describe, expect, test } from "bun:test";
import { okResponse, parseFastGet } from "../../../../src/apiserver/transport/fast-get.ts";

const head = (target: string, ...headers: string[]) => [`GET ${target} HTTP/1.1`, "Host: x", ...headers].join("\r\n");

describe("parseFastGet", () => {
  test.each([
    ["/api/v1/namespaces/ns/pods/web", "/api/v1/pods", "ns/web"],
    ["/api/v1/namespaces/kube-system", "/api/v1/namespaces", "kube-system"],
    ["/api/v1/nodes/n1", "/api/v1/nodes", "n1"],
    ["/apis/apps/v1/namespaces/ns/deployments/d", "/apis/apps/v1/deployments", "ns/d"],
    ["/apis/rbac.authorization.k8s.io/v1/clusterroles/system:basic-user", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "system:basic-user"],
  ])("%s is object %s of %s", (target, resource, object) => {
    const namespace = object.includes("/") ? object.split("/")[0]! : "";
    expect(parseFastGet(head(target, "Authorization: Bearer abc", "Accept: application/json, */*"))).toEqual({ resource, object, namespace, token: "abc", anyVersion: false });
  });

  test("resourceVersion=0 may be answered from any cached state; an empty one is a consistent read", () => {
    expect(parseFastGet(head("/api/v1/namespaces/ns/pods/web?resourceVersion=0"))?.anyVersion).toBe(true);
    expect(parseFastGet(head("/api/v1/namespaces/ns/pods/web?resourceVersion="))?.anyVersion).toBe(false);
    expect(parseFastGet(head("/api/v1/namespaces/ns/pods/web"))?.token).toBeUndefined();
  });

  test("consistent lists, and limit=0 (no limit)", () => {
    expect(parseFastGet(head("/api/v1/namespaces/ns/pods"))).toEqual({ resource: "/api/v1/pods", object: undefined, namespace: "ns", token: undefined, anyVersion: false });
    expect(parseFastGet(head("/api/v1/pods?resourceVersion="))).toMatchObject({ resource: "/api/v1/pods", namespace: "", anyVersion: false });
    expect(parseFastGet(head("/api/v1/pods?limit=0"))).toMatchObject({ resource: "/api/v1/pods", anyVersion: false });
  });

  test("lists served from the cache: resourceVersion=0, with a limit or not", () => {
    expect(parseFastGet(head("/api/v1/namespaces/ns/pods?resourceVersion=0"))).toEqual({ resource: "/api/v1/pods", object: undefined, namespace: "ns", token: undefined, anyVersion: true });
    expect(parseFastGet(head("/api/v1/pods?limit=500&resourceVersion=0"))).toMatchObject({ resource: "/api/v1/pods", object: undefined, namespace: "" });
    expect(parseFastGet(head("/apis/apps/v1/deployments?resourceVersion=0"))?.resource).toBe("/apis/apps/v1/deployments");
    expect(parseFastGet(head("/api/v1/namespaces?resourceVersion=0"))).toMatchObject({ resource: "/api/v1/namespaces", object: undefined, namespace: "" });
  });

  test("header names are case-insensitive; Content-Type and Content-Length: 0 on a GET are harmless", () => {
    expect(parseFastGet(head("/api/v1/nodes/n1", "accept: */*", "AUTHORIZATION: Bearer t", "content-type: application/json", "Content-Length: 0", "Connection: keep-alive"))?.token).toBe("t");
  });

  test.each([
    ["a list paged from the store", head("/api/v1/pods?limit=500")],
    ["a list paged from the store, resourceVersion unset", head("/api/v1/pods?resourceVersion=&limit=1")],
    ["a list with a selector", head("/api/v1/pods?resourceVersion=0&labelSelector=a%3Db")],
    ["a list with a field selector", head("/api/v1/pods?resourceVersion=0&fieldSelector=spec.nodeName=n")],
    ["a list continued", head("/api/v1/pods?resourceVersion=0&continue=abc")],
    ["a list at an exact version", head("/api/v1/pods?resourceVersion=0&resourceVersionMatch=Exact")],
    ["a list, twice the version", head("/api/v1/pods?resourceVersion=0&resourceVersion=0")],
    ["a limit on one object", head("/api/v1/namespaces/ns/pods/web?limit=1")],
    ["a subresource", head("/api/v1/namespaces/ns/pods/web/status")],
    ["a cluster subresource", head("/api/v1/nodes/n1/proxy")],
    ["the group list", head("/apis/apps/v1")],
    ["a non-API path", head("/healthz/ping")],
    ["a watch", head("/api/v1/namespaces/ns/pods/web?watch=true")],
    ["a list's watch", head("/api/v1/namespaces/ns/pods?watch=1&resourceVersion=0")],
    ["another query", head("/api/v1/namespaces/ns/pods/web?pretty=true")],
    ["a resourceVersion to wait for", head("/api/v1/namespaces/ns/pods/web?resourceVersion=12")],
    ["percent-encoding", head("/api/v1/namespaces/ns/pods/we%62")],
    ["a dot segment", head("/api/v1/namespaces/ns/pods/..")],
    ["an empty segment", head("/api/v1/namespaces//pods/web")],
    ["a trailing slash", head("/api/v1/namespaces/ns/pods/web/")],
    ["Table output", head("/api/v1/namespaces/ns/pods/web", "Accept: application/json;as=Table;v=v1;g=meta.k8s.io, application/json")],
    ["protobuf", head("/api/v1/namespaces/ns/pods/web", "Accept: application/vnd.kubernetes.protobuf, */*")],
    ["YAML", head("/api/v1/namespaces/ns/pods/web", "Accept: application/yaml")],
    ["a quality value", head("/api/v1/namespaces/ns/pods/web", "Accept: application/json;q=0.9")],
    ["impersonation", head("/api/v1/namespaces/ns/pods/web", "Impersonate-User: bob")],
    ["impersonated groups", head("/api/v1/namespaces/ns/pods/web", "impersonate-group: dev")],
    ["an upgrade", head("/api/v1/namespaces/ns/pods/web", "Upgrade: websocket", "Connection: Upgrade")],
    ["Connection: close", head("/api/v1/namespaces/ns/pods/web", "Connection: close")],
    ["a body", head("/api/v1/namespaces/ns/pods/web", "Content-Length: 2")],
    ["chunked", head("/api/v1/namespaces/ns/pods/web", "Transfer-Encoding: chunked")],
    ["Expect", head("/api/v1/namespaces/ns/pods/web", "Expect: 100-continue")],
    ["two Authorization headers", head("/api/v1/namespaces/ns/pods/web", "Authorization: Bearer a", "Authorization: Bearer b")],
    ["Basic auth", head("/api/v1/namespaces/ns/pods/web", "Authorization: Basic YTpi")],
    ["an empty token", head("/api/v1/namespaces/ns/pods/web", "Authorization: Bearer  ")],
    ["a folded header", head("/api/v1/namespaces/ns/pods/web", "X-A: 1", " folded")],
    ["HTTP/1.0", "GET /api/v1/namespaces/ns/pods/web HTTP/1.0\r\nHost: x"],
    ["no Host", "GET /api/v1/namespaces/ns/pods/web HTTP/1.1\r\nAccept: */*"],
    ["HEAD", "HEAD /api/v1/namespaces/ns/pods/web HTTP/1.1\r\nHost: x"],
    ["POST", "POST /api/v1/namespaces/ns/pods/web HTTP/1.1\r\nHost: x"],
    ["an absolute target", "GET https://x/api/v1/namespaces/ns/pods/web HTTP/1.1\r\nHost: x"],
  ])("%s goes to the apiserver", (_what, h) => {
    expect(parseFastGet(h)).toBeUndefined();
  });
});

test("okResponse heads the body as the apiserver's GET answers are", () => {
  const body = new TextEncoder().encode('{"kind":"Pod"}');
  const small = okResponse(body);
  expect(small.length).toBe(1);
  expect(new TextDecoder().decode(small[0])).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\nContent-Length: 14\r\n\r\n\{"kind":"Pod"\}$/);
  // a large body (a list) is not copied: its head goes first, then the body itself
  const big = new Uint8Array(1 << 20).fill(32);
  const parts = okResponse(big);
  expect(parts.length).toBe(2);
  expect(parts[1]).toBe(big);
  expect(new TextDecoder().decode(parts[0])).toEndWith(`Content-Length: ${1 << 20}\r\n\r\n`);
});
