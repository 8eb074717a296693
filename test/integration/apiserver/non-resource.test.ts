import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configMap, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe("non-resource endpoints", () => {
  test("/readyz?verbose lists its checks", async () => {
    const r = await h.anon("/readyz?verbose");
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toContain("[+]ping ok");
    expect(text).toContain("readyz check passed");
    expect(await (await h.anon("/livez")).text()).toBe("ok");
    expect((await h.anon("/readyz/ping")).status).toBe(200);
  });

  test("/metrics speaks Prometheus text with request counts and storage figures", async () => {
    await h.call("POST", "/api/v1/namespaces/default/configmaps", configMap("m"));
    await h.call("GET", "/api/v1/namespaces/default/configmaps/m");
    const r = await h.req("/metrics");
    expect(r.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
    const text = await r.text();
    expect(text).toContain('apiserver_request_total{verb="POST",group="",resource="configmaps",subresource="",code="201"} 1');
    expect(text).toMatch(/apiserver_request_duration_seconds_bucket\{verb="GET",group="",resource="configmaps",subresource="",le="\+Inf"\} \d+/);
    expect(text).toMatch(/^kubun_storage_revision \d+$/m);
    expect(text).toContain('apiserver_longrunning_requests{verb="WATCH"}');
  });

  test("legacy discovery: /api, /apis, /api/v1, /apis/apps/v1", async () => {
    const api = await h.call("GET", "/api");
    expect(api.body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const apis = await h.call("GET", "/apis");
    expect(apis.body.kind).toBe("APIGroupList");
    expect(apis.body.groups.map((g: any) => g.name)).toContain("apps");
    const v1 = await h.call("GET", "/api/v1");
    expect(v1.body.resources.find((r: any) => r.name === "pods/binding")).toBeDefined();
    const apps = await h.call("GET", "/apis/apps/v1");
    expect(apps.body.resources.find((r: any) => r.name === "deployments/scale")).toMatchObject({ group: "autoscaling", version: "v1", kind: "Scale" });
    expect((await h.call("GET", "/apis/nope/v1")).status).toBe(404);
  });

  test("aggregated discovery when asked for it", async () => {
    const r = await h.req("/apis", { headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } });
    expect(r.headers.get("content-type")).toBe("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    const body = (await r.json()) as any;
    expect(body.kind).toBe("APIGroupDiscoveryList");
  });

  test("OpenAPI v3 index and documents; v2 as protobuf is an empty 200", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const url = idx.paths["apis/apps/v1"].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=/);
    const doc = await h.req(url);
    expect(doc.headers.get("cache-control")).toBe("public, immutable");
    expect(((await doc.json()) as any).openapi).toStartWith("3.");
    const v2 = await h.req("/openapi/v2", { headers: { accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" } });
    expect(v2.status).toBe(200);
    // no "@" in what comes back: client-go parses it with Go's mime package, which refuses it
    expect(v2.headers.get("content-type")).toBe("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    expect((await v2.arrayBuffer()).byteLength).toBe(0);
  });

  test("unknown non-resource paths are a 404 Status", async () => {
    const r = await h.call("GET", "/nothing/here");
    expect(r.status).toBe(404);
    expect(r.body.kind).toBe("Status");
  });
});
