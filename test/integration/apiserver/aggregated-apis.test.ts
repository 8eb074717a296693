import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createCa, issueCert } from "../../../src/apiserver/pki/certs.ts";
import { eventually } from "../../helpers/api-cluster.ts";
import { startHarness, type Harness } from "./harness.ts";

/**
 * API aggregation, as an aggregated API server (metrics adapters, KEDA) meets it: the
 * apiserver publishes extension-apiserver-authentication, checks an APIService's backend
 * through its Service and discovery document, then lists its group in discovery and
 * proxies the group version's requests to it with the front-proxy client certificate and
 * the caller's identity in X-Remote-* headers (never the caller's credentials).
 */

let h: Harness;
let backend: ReturnType<typeof Bun.serve>;
let caBundle = "";
const seen: { path: string; user: string | null; groups: string[]; authorization: string | null }[] = [];
const API = "/apis/apiregistration.k8s.io/v1/apiservices";
const GV = "/apis/custom.example.io/v1";

beforeAll(async () => {
  h = await startHarness();
  const ca = await createCa("aggregated-test-ca");
  const cert = await issueCert(ca, { subject: { commonName: "adapter.default.svc" }, usage: "server", sans: ["adapter.default.svc"] });
  caBundle = Buffer.from(ca.certPem).toString("base64");
  backend = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    // only the aggregator's front-proxy certificate gets through the handshake
    tls: { cert: cert.certPem, key: cert.keyPem, ca: h.server.pki.requestHeaderCa.certPem, requestCert: true, rejectUnauthorized: true },
    fetch(req) {
      const path = new URL(req.url).pathname;
      seen.push({ path, user: req.headers.get("x-remote-user"), groups: (req.headers.get("x-remote-group") ?? "").split(", "), authorization: req.headers.get("authorization") });
      if (path === GV) {
        return Response.json({ kind: "APIResourceList", apiVersion: "v1", groupVersion: "custom.example.io/v1", resources: [{ name: "things", singularName: "thing", namespaced: true, kind: "Thing", verbs: ["get", "list"] }, { name: "things/status", singularName: "", namespaced: true, kind: "Thing", verbs: ["get"] }] });
      }
      if (path === `${GV}/namespaces/default/things`) return Response.json({ kind: "ThingList", apiVersion: "custom.example.io/v1", metadata: {}, items: [{ kind: "Thing", apiVersion: "custom.example.io/v1", metadata: { name: "t1", namespace: "default" } }] });
      return Response.json({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }, { status: 404 });
    },
  });
  await h.call("POST", "/api/v1/namespaces/default/services", { apiVersion: "v1", kind: "Service", metadata: { name: "adapter" }, spec: { ports: [{ port: 443, targetPort: 6443 }] } });
  await h.call("PUT", "/api/v1/namespaces/default/endpoints/adapter", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "adapter" }, subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ port: backend.port }] }] });
});
afterAll(async () => {
  await h.stop();
  backend.stop(true);
});

describe("aggregated API servers", () => {
  test("extension-apiserver-authentication names the CAs and headers to trust", async () => {
    const cm = await h.call("GET", "/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication");
    expect(cm.status).toBe(200);
    expect(cm.body.data["client-ca-file"]).toBe(h.server.caPem);
    expect(cm.body.data["requestheader-client-ca-file"]).toBe(h.server.pki.requestHeaderCa.certPem);
    expect(JSON.parse(cm.body.data["requestheader-allowed-names"])).toEqual(["system:auth-proxy"]);
    expect(JSON.parse(cm.body.data["requestheader-username-headers"])).toEqual(["X-Remote-User"]);
    expect(JSON.parse(cm.body.data["requestheader-group-headers"])).toEqual(["X-Remote-Group"]);
  });

  test("an APIService whose backend answers discovery becomes Available and its group is served", async () => {
    const r = await h.call("POST", API, {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: { name: "v1.custom.example.io" },
      spec: { group: "custom.example.io", version: "v1", service: { namespace: "default", name: "adapter", port: 443 }, caBundle, groupPriorityMinimum: 100, versionPriority: 100 },
    });
    expect(r.status).toBe(201);
    const cond = await eventually("the expected state", async () => {
      const c = ((await h.call("GET", `${API}/v1.custom.example.io`)).body.status?.conditions ?? []).find((x: any) => x.type === "Available");
      return c?.status === "True" ? c : undefined;
    });
    expect(cond).toMatchObject({ reason: "Passed", message: "all checks passed" });
    const apis = await h.call("GET", "/apis");
    expect(apis.body.groups.map((g: any) => g.name)).toContain("custom.example.io");
    const agg = await h.call("GET", "/apis", undefined, { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" });
    const group = agg.body.items.find((g: any) => g.metadata.name === "custom.example.io");
    expect(group.versions[0].resources.map((x: any) => x.resource)).toEqual(["things"]);
    const doc = await h.call("GET", GV);
    expect(doc.body.resources.map((x: any) => x.name)).toEqual(["things", "things/status"]);
  });

  test("requests are proxied with the caller's identity in headers and not its credentials", async () => {
    seen.length = 0;
    const list = await h.call("GET", `${GV}/namespaces/default/things`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.metadata.name)).toEqual(["t1"]);
    const req = seen.find((s) => s.path === `${GV}/namespaces/default/things`)!;
    expect(req.user).toBe("system:admin");
    expect(req.groups.join(",")).toContain("system:masters");
    expect(req.authorization).toBeNull();
    const missing = await h.call("GET", `${GV}/namespaces/default/things/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.reason).toBe("NotFound");
  });

  test("deleting the APIService stops the proxying", async () => {
    expect((await h.call("DELETE", `${API}/v1.custom.example.io`)).status).toBe(200);
    await eventually("the expected state", async () => ((await h.call("GET", `${GV}/namespaces/default/things`)).status === 404 ? true : undefined));
    expect((await h.call("GET", "/apis")).body.groups.map((g: any) => g.name)).not.toContain("custom.example.io");
  });
});
