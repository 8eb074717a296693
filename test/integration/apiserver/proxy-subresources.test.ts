/**
 * pods/proxy, services/proxy and nodes/proxy over HTTPS: requests reach a backend at the
 * pod's IP, a ready endpoint of the service, or the node's kubelet (with the kubelet token
 * instead of the caller's credentials), and come back as the backend answered.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createCa, issueCert } from "../../../src/apiserver/pki/index.ts";
import { detectNodeIP } from "../../../src/kubelet/run.ts";
import { startHarness, type Harness } from "./harness.ts";

const KUBELET_TOKEN = "kubelet-secret";
// A global unicast address of this host: proxies refuse loopback targets, as upstream.
const HOST_IP = detectNodeIP();
let h: Harness;
let backend: ReturnType<typeof Bun.serve>;
let kubelet: ReturnType<typeof Bun.serve>;
const seen: Array<{ method: string; path: string; auth: string | null; body: string }> = [];

beforeAll(async () => {
  if (!HOST_IP) throw new Error("this test needs a non-loopback IPv4 address on the host");
  backend = Bun.serve({
    hostname: "0.0.0.0",
    port: 0,
    async fetch(req) {
      const u = new URL(req.url);
      seen.push({ method: req.method, path: u.pathname + u.search, auth: req.headers.get("authorization"), body: await req.text() });
      if (u.pathname === "/moved") return new Response(null, { status: 302, headers: { location: `http://${HOST_IP}:${backend.port}/there?x=1` } });
      if (u.pathname === "/missing") return new Response("no such page", { status: 404 });
      return new Response(`backend ${req.method} ${u.pathname}`, { headers: { "x-backend": "yes" } });
    },
  });
  const ca = await createCa("proxy-test-kubelet-ca");
  const cert = await issueCert(ca, { subject: { commonName: "kubelet" }, usage: "server", sans: [HOST_IP] });
  kubelet = Bun.serve({
    hostname: "0.0.0.0",
    port: 0,
    tls: { cert: cert.certPem, key: cert.keyPem },
    fetch(req) {
      if (req.headers.get("authorization") !== `Bearer ${KUBELET_TOKEN}`) return new Response("Unauthorized", { status: 401 });
      return new Response(`kubelet ${new URL(req.url).pathname}`);
    },
  });
  h = await startHarness({
    kubelet: { getNode: (name) => h.server.registries.get("", "nodes", "", name), caPem: () => ca.certPem, token: KUBELET_TOKEN },
  });
  await h.call("POST", "/api/v1/namespaces/default/pods", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web" } },
    spec: { containers: [{ name: "c", image: "busybox", ports: [{ containerPort: backend.port }] }] },
  });
  const st = await h.call("PATCH", "/api/v1/namespaces/default/pods/web/status", { status: { podIP: HOST_IP, podIPs: [{ ip: HOST_IP }] } }, { "content-type": "application/merge-patch+json" });
  expect(st.status).toBe(200);
  await h.call("POST", "/api/v1/namespaces/default/services", { apiVersion: "v1", kind: "Service", metadata: { name: "websvc" }, spec: { ports: [{ name: "http", port: 80 }] } });
  await h.call("POST", "/api/v1/namespaces/default/endpoints", {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "websvc" },
    subsets: [{ addresses: [{ ip: HOST_IP }], ports: [{ name: "http", port: backend.port }] }],
  });
  await h.call("POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "n1" } });
  await h.call("PATCH", "/api/v1/nodes/n1/status", { status: { addresses: [{ type: "InternalIP", address: HOST_IP }], daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } } }, { "content-type": "application/merge-patch+json" });
}, 30_000);

afterAll(async () => {
  await h?.stop();
  backend?.stop(true);
  kubelet?.stop(true);
});

const text = async (path: string, init?: RequestInit) => {
  const r = await h.req(path, { redirect: "manual", ...init });
  return { status: r.status, body: await r.text(), headers: r.headers };
};

describe("pods/proxy", () => {
  test("GET reaches the pod's first container port with path and query; the caller's credentials stay behind", async () => {
    seen.length = 0;
    const r = await text("/api/v1/namespaces/default/pods/web/proxy/some/page?q=1", { headers: { authorization: "Bearer not-for-the-pod" } });
    expect(r.status).toBe(200);
    expect(r.body).toBe("backend GET /some/page");
    expect(r.headers.get("x-backend")).toBe("yes");
    expect(seen).toEqual([{ method: "GET", path: "/some/page?q=1", auth: null, body: "" }]);
  });

  test("name:port and scheme:name:port pick the port; POST bodies pass through", async () => {
    seen.length = 0;
    const r = await text(`/api/v1/namespaces/default/pods/http:web:${backend.port}/proxy/submit`, { method: "POST", body: "payload" });
    expect(r.body).toBe("backend POST /submit");
    expect(seen[0]).toMatchObject({ method: "POST", body: "payload" });
  });

  test("the backend's status comes back; redirects to the backend go through the proxy", async () => {
    expect((await text("/api/v1/namespaces/default/pods/web/proxy/missing")).status).toBe(404);
    const moved = await text("/api/v1/namespaces/default/pods/web/proxy/moved");
    expect(moved.status).toBe(302);
    expect(moved.headers.get("location")).toBe("/api/v1/namespaces/default/pods/web/proxy/there?x=1");
  });

  test("an empty proxy path redirects to one ending in a slash", async () => {
    const r = await text("/api/v1/namespaces/default/pods/web/proxy?a=b");
    expect(r.status).toBe(301);
    expect(r.headers.get("location")).toBe("/api/v1/namespaces/default/pods/web/proxy/?a=b");
  });

  test("errors: unknown pod, bad id, unreachable port", async () => {
    const missing = await h.call("GET", "/api/v1/namespaces/default/pods/nope/proxy/");
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('pods "nope" not found');
    const bad = await h.call("GET", "/api/v1/namespaces/default/pods/ftp:web:1:2/proxy/");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('invalid pod request "ftp:web:1:2"');
    const closed = await h.call("GET", "/api/v1/namespaces/default/pods/web:1/proxy/");
    expect(closed.status).toBe(503);
    expect(closed.body).toMatchObject({ reason: "ServiceUnavailable", message: expect.stringContaining("error trying to reach service") });
  });
});

describe("services/proxy", () => {
  test("reaches a ready endpoint of the port named or numbered", async () => {
    expect((await text("/api/v1/namespaces/default/services/websvc/proxy/")).status).toBe(503); // port name "" matches no port
    for (const id of ["websvc:http", "websvc:80", "http:websvc:http"]) {
      const r = await text(`/api/v1/namespaces/default/services/${id}/proxy/x`);
      expect(r.body).toBe("backend GET /x");
    }
    const r = await h.call("GET", "/api/v1/namespaces/default/services/websvc:81/proxy/");
    expect(r.status).toBe(503);
    expect(r.body.message).toBe('no service port "81" found for service "websvc"');
  });

  test("a service without ready endpoints is 503", async () => {
    await h.call("POST", "/api/v1/namespaces/default/services", { apiVersion: "v1", kind: "Service", metadata: { name: "empty" }, spec: { ports: [{ port: 80 }] } });
    const r = await h.call("GET", "/api/v1/namespaces/default/services/empty/proxy/");
    expect(r.status).toBe(503);
    expect(r.body.message).toBe('no endpoints available for service "empty"');
  });
});

describe("nodes/proxy", () => {
  test("reaches the kubelet over TLS with the kubelet token", async () => {
    const r = await text("/api/v1/nodes/n1/proxy/healthz");
    expect(r.status).toBe(200);
    expect(r.body).toBe("kubelet /healthz");
  });

  test("another port of the node is plain HTTP at its address", async () => {
    const r = await text(`/api/v1/nodes/n1:${backend.port}/proxy/metrics`);
    expect(r.body).toBe("backend GET /metrics");
  });
});

test("discovery lists the proxy subresources", async () => {
  const r = await h.call("GET", "/api/v1");
  const names = (r.body.resources as Array<{ name: string }>).map((x) => x.name);
  for (const n of ["pods/proxy", "services/proxy", "nodes/proxy"]) expect(names).toContain(n);
});
