import { describe, expect, test } from "bun:test";
import { rewriteLocation } from "../../../../src/apiserver/proxy/forward.ts";
import { isGlobalUnicast, splitSchemeNamePort } from "../../../../src/apiserver/proxy/location.ts";
import { splitProxyPath } from "../../../../src/apiserver/handlers/proxy.ts";

describe("splitSchemeNamePort", () => {
  test.each([
    ["web", { scheme: "", name: "web", port: "" }],
    ["web:8080", { scheme: "", name: "web", port: "8080" }],
    ["web:http", { scheme: "", name: "web", port: "http" }],
    ["https:web:443", { scheme: "https", name: "web", port: "443" }],
    ["http:web:", { scheme: "http", name: "web", port: "" }],
  ])("%s", (id, want) => expect(splitSchemeNamePort(id)).toEqual(want));

  test.each(["", ":80", "ftp:web:21", "a:b:c:d", "https::443"])("%s is invalid", (id) => expect(splitSchemeNamePort(id)).toBeUndefined());
});

describe("isGlobalUnicast", () => {
  test.each(["10.42.0.7", "192.168.1.1", "8.8.8.8", "2001:db8::1", "fd00::5"])("%s is", (ip) => expect(isGlobalUnicast(ip)).toBe(true));
  test.each(["", "127.0.0.1", "0.0.0.0", "169.254.1.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "ff02::1", "300.1.1.1", "web"])("%s is not", (ip) =>
    expect(isGlobalUnicast(ip)).toBe(false),
  );
});

describe("rewriteLocation", () => {
  const t = { origin: "http://10.42.0.7:8080", path: "/", search: "", prefix: "/api/v1/namespaces/d/pods/web/proxy" };
  test("paths and URLs on the target go through the proxy", () => {
    expect(rewriteLocation("/login?next=/", t)).toBe("/api/v1/namespaces/d/pods/web/proxy/login?next=/");
    expect(rewriteLocation("http://10.42.0.7:8080/a#b", t)).toBe("/api/v1/namespaces/d/pods/web/proxy/a#b");
  });
  test("other places are left alone", () => {
    expect(rewriteLocation("https://example.com/x", t)).toBe("https://example.com/x");
    expect(rewriteLocation("//example.com/x", t)).toBe("//example.com/x");
    expect(rewriteLocation("relative/x", t)).toBe("relative/x");
  });
});

describe("splitProxyPath", () => {
  test("splits at the proxy segment after the object name, keeping a trailing slash", () => {
    expect(splitProxyPath("/api/v1/namespaces/d/pods/web:80/proxy/a/b/", "pods")).toEqual({ prefix: "/api/v1/namespaces/d/pods/web:80/proxy", path: "/a/b/" });
    expect(splitProxyPath("/api/v1/nodes/n1/proxy", "nodes")).toEqual({ prefix: "/api/v1/nodes/n1/proxy", path: "" });
    // a proxied path that itself names pods/x/proxy is not where the split happens
    expect(splitProxyPath("/api/v1/namespaces/d/pods/web/proxy/pods/x/proxy", "pods").prefix).toBe("/api/v1/namespaces/d/pods/web/proxy");
  });
});
