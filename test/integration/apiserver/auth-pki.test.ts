import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { statSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certFacts } from "../../../src/apiserver/pki/index.ts";
import { startHarness, TOKEN, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ tlsSans: ["kubun.example.test"] });
});
afterAll(() => h.stop());

describe("certificates and kubeconfig", () => {
  test("the admin kubeconfig is mode 0600 and embeds CA, certificate and key", () => {
    const st = statSync(h.server.kubeconfigPath);
    expect(st.mode & 0o777).toBe(0o600);
    const text = readFileSync(h.server.kubeconfigPath, "utf8");
    for (const k of ["certificate-authority-data:", "client-certificate-data:", "client-key-data:", `server: "${h.server.url}"`]) expect(text).toContain(k);
  });

  test("the serving certificate names localhost, loopback addresses, the service names and --tls-san", async () => {
    const facts = await certFacts(h.server.pki.serving.certPem);
    for (const n of ["localhost", "127.0.0.1", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "kubun.example.test"]) expect(facts.sans).toContain(n);
    expect(facts.sans.some((s) => s === "::1" || s === "0:0:0:0:0:0:0:1")).toBe(true);
  });

  test("certificates are reused on the next start", async () => {
    const again = await startHarness({}, { dataDir: h.dataDir, store: h.store });
    try {
      expect(again.server.caPem).toBe(h.server.caPem);
      expect(again.server.adminCertPem).toBe(h.server.adminCertPem);
      expect(readFileSync(join(h.dataDir, "server", "tls", "ca.key"), "utf8")).toContain("PRIVATE KEY");
      // the "kubernetes" endpoints follow the apiserver to its new port
      const ep = await again.call("GET", "/api/v1/namespaces/default/endpoints/kubernetes");
      expect(ep.body.subsets[0].ports[0].port).toBe(again.server.port);
    } finally {
      await again.stop();
    }
  });
});

describe("token file users and the in-flight limit", () => {
  test("a token-file user authenticates; too many concurrent requests are 429, the admin is exempt", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubun-tokens-"));
    const file = join(dir, "tokens.csv");
    writeFileSync(file, 'alice-token,alice,uid-1,"dev,ops"\n');
    const lim = await startHarness({ tokenFile: file, maxRequestsInflight: { readonly: 1, mutating: 1 } });
    try {
      const auth = { headers: { authorization: "Bearer alice-token" } };
      expect((await lim.anon("/api/v1/namespaces", auth)).status).toBe(200);
      // a read waiting for a future resourceVersion holds the only read slot
      const waiting = lim.anon("/api/v1/namespaces?resourceVersion=99999999", auth);
      await Bun.sleep(100);
      const limited = await lim.anon("/api/v1/namespaces", auth);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("1");
      expect(await limited.json()).toMatchObject({ reason: "TooManyRequests", message: "Too many requests, please try again later." });
      expect((await waiting).status).toBe(504);
      expect((await lim.anon("/api/v1/namespaces", auth)).status).toBe(200);
      // the admin is exempt
      const holding = lim.req("/api/v1/namespaces?resourceVersion=99999999");
      await Bun.sleep(100);
      expect((await lim.req("/api/v1/namespaces")).status).toBe(200);
      await holding;
    } finally {
      await lim.stop();
    }
  }, 20_000);
});

describe("authentication", () => {
  test("the admin certificate authenticates", async () => {
    const r = await h.call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { verb: "create", resource: "pods", namespace: "default" } },
    });
    expect(r.status).toBe(201);
    expect(r.body.status.allowed).toBe(true);
  });

  test.each(["/version", "/livez", "/readyz", "/healthz"])("anonymous %s is allowed", async (path) => {
    const r = await h.anon(path);
    expect(r.status).toBe(200);
  });

  test("anonymous resource requests get a 401 Status in JSON", async () => {
    const r = await h.anon("/api/v1/namespaces/default/pods");
    expect(r.status).toBe(401);
    expect(r.headers.get("content-type")).toBe("application/json");
    const body = await r.json();
    expect(body).toMatchObject({ kind: "Status", status: "Failure", reason: "Unauthorized", code: 401, message: "Unauthorized" });
  });

  test("the bearer token authenticates; a wrong one is 401", async () => {
    const ok = await h.anon("/api/v1/namespaces", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    const bad = await h.anon("/api/v1/namespaces", { headers: { authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
  });

  test("/version answers the configured version", async () => {
    const r = await (await h.anon("/version")).json();
    expect(r).toMatchObject({ gitVersion: "v1.34.0+kubun-test", major: "1", minor: "34" });
  });
});
