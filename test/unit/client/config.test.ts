import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { ConfigError, loadConfig, mergeKubeconfigs, parseKubeconfig, restConfigFromKubeconfig } from "../../../src/client/config/index.ts";
import { inClusterConfig, isInCluster } from "../../../src/client/config/in-cluster.ts";
import { createClient } from "../../../src/client/rest/clientset.ts";

const dir = mkdtempSync(join(tmpdir(), "kubun-client-config-"));
const b64 = (s: string) => Buffer.from(s).toString("base64");

function write(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const kcA = `
apiVersion: v1
kind: Config
current-context: a
clusters:
- name: shared
  cluster:
    server: https://a.example:6443/
    certificate-authority: certs/ca.pem
- name: only-a
  cluster: { server: "https://only-a:6443", insecure-skip-tls-verify: true }
users:
- name: admin
  user:
    client-certificate-data: ${b64("CERT-A")}
    client-key-data: ${b64("KEY-A")}
- name: tok
  user: { tokenFile: tokens/t }
contexts:
- name: a
  context: { cluster: shared, user: admin, namespace: team-a }
- name: t
  context: { cluster: only-a, user: tok }
`;

const kcB = `
current-context: b
clusters:
- name: shared
  cluster: { server: "https://b.example:6443" }
- name: only-b
  cluster: { server: "https://only-b:6443", certificate-authority-data: ${b64("CA-B")} }
users:
- name: admin
  user: { token: from-b }
- name: basic
  user: { username: u, password: p }
contexts:
- name: a
  context: { cluster: only-b, user: basic }
- name: b
  context: { cluster: only-b, user: basic }
`;

write("a/certs/ca.pem", "CA-A-PEM");
write("a/tokens/t", "tok-from-file\n");
const pathA = write("a/config", kcA);
const pathB = write("b/config", kcB);

describe("kubeconfig", () => {
  test("resolves a context: certificate-authority path relative to the file, -data fields decoded", () => {
    const cfg = loadConfig({ kubeconfig: pathA, env: {} });
    expect(cfg).toEqual({
      host: "https://a.example:6443",
      contextName: "a",
      namespace: "team-a",
      caData: "CA-A-PEM",
      certData: "CERT-A",
      keyData: "KEY-A",
    });
  });

  test("--context picks another context; tokenFile is read and kept for refresh", () => {
    const cfg = loadConfig({ kubeconfig: pathA, context: "t", env: {} });
    expect(cfg.host).toBe("https://only-a:6443");
    expect(cfg.insecureSkipTLSVerify).toBe(true);
    expect(cfg.bearerToken).toBe("tok-from-file");
    expect(cfg.bearerTokenFile).toBe(join(dir, "a/tokens/t"));
    expect(cfg.namespace).toBe("default");
  });

  test("KUBECONFIG merges files: first file wins each name and current-context", () => {
    const env = { KUBECONFIG: `${pathA}:${join(dir, "missing")}:${pathB}` };
    const cfg = loadConfig({ env });
    // current-context "a" from file A; context "a", cluster "shared" and user "admin" from A.
    expect(cfg.host).toBe("https://a.example:6443");
    expect(cfg.certData).toBe("CERT-A");
    expect(cfg.bearerToken).toBeUndefined();
    // entries only in B are still reachable
    const b = loadConfig({ env, context: "b" });
    expect(b).toMatchObject({ host: "https://only-b:6443", caData: "CA-B", username: "u", password: "p" });
    // reversed order: B wins
    const rev = loadConfig({ env: { KUBECONFIG: `${pathB}:${pathA}` } });
    expect(rev.contextName).toBe("b");
    expect(loadConfig({ env: { KUBECONFIG: `${pathB}:${pathA}` }, context: "a" }).host).toBe("https://only-b:6443");
  });

  test("merge keeps whole entries (no field-level merge)", () => {
    const merged = mergeKubeconfigs([parseKubeconfig(kcB), parseKubeconfig(kcA)]);
    const admin = merged.users?.find((u) => u.name === "admin");
    expect(admin?.user).toEqual({ token: "from-b" });
    expect(merged.clusters?.map((c) => c.name)).toEqual(["shared", "only-b", "only-a"]);
  });

  const errors: [string, string, { context?: string }, RegExp][] = [
    ["unknown context", kcA, { context: "nope" }, /context "nope" does not exist/],
    ["no current context", "clusters: []", {}, /no configuration has been provided/],
    ["context names a missing cluster", "current-context: x\ncontexts: [{name: x, context: {cluster: gone}}]", {}, /cluster "gone" does not exist/],
    ["cluster without server", "current-context: x\nclusters: [{name: c, cluster: {}}]\ncontexts: [{name: x, context: {cluster: c}}]", {}, /has no server/],
    ["missing user", "current-context: x\nclusters: [{name: c, cluster: {server: 'https://h'}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]", {}, /user "u" does not exist/],
    [
      "certificate without key",
      `current-context: x\nclusters: [{name: c, cluster: {server: 'https://h'}}]\nusers: [{name: u, user: {client-certificate-data: ${b64("C")}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]`,
      {},
      /client-key/,
    ],
    [
      "CA together with insecure",
      `current-context: x\nclusters: [{name: c, cluster: {server: 'https://h', insecure-skip-tls-verify: true, certificate-authority-data: ${b64("C")}}}]\ncontexts: [{name: x, context: {cluster: c}}]`,
      {},
      /insecure flag is not allowed/,
    ],
  ];
  for (const [name, text, opts, re] of errors) {
    test(`error: ${name}`, () => {
      expect(() => restConfigFromKubeconfig(parseKubeconfig(text), opts)).toThrow(re);
    });
  }

  test("an explicit path that does not exist is an error; nothing at all is an error", () => {
    expect(() => loadConfig({ kubeconfig: join(dir, "nope"), env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { HOME: join(dir, "empty-home") }, inCluster: { dir: join(dir, "no-sa") } })).toThrow(/no configuration/);
  });

  test("~/.kube/config is the last resort", () => {
    const home = join(dir, "home");
    write("home/.kube/config", kcB);
    expect(loadConfig({ env: { HOME: home }, inCluster: { dir: join(dir, "no-sa") } }).contextName).toBe("b");
  });
});

describe("in-cluster", () => {
  const sa = join(dir, "sa");
  write("sa/token", "sa-token\n");
  write("sa/ca.crt", "SA-CA");
  write("sa/namespace", "kube-system");

  test("reads token, CA and namespace; host from the service env", () => {
    const env = { KUBERNETES_SERVICE_HOST: "10.43.0.1", KUBERNETES_SERVICE_PORT: "443" };
    expect(isInCluster({ dir: sa, env })).toBe(true);
    expect(inClusterConfig({ dir: sa, env })).toEqual({
      host: "https://10.43.0.1:443",
      bearerToken: "sa-token",
      bearerTokenFile: join(sa, "token"),
      caData: "SA-CA",
      namespace: "kube-system",
    });
    expect(inClusterConfig({ dir: sa, env: { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "6443" } }).host).toBe("https://[fd00::1]:6443");
  });

  test("loadConfig prefers in-cluster over ~/.kube/config, but not over KUBECONFIG", () => {
    const env = { KUBERNETES_SERVICE_HOST: "10.43.0.1", KUBERNETES_SERVICE_PORT: "443", HOME: join(dir, "home") };
    expect(loadConfig({ env, inCluster: { dir: sa } }).host).toBe("https://10.43.0.1:443");
    expect(loadConfig({ env: { ...env, KUBECONFIG: pathA }, inCluster: { dir: sa } }).host).toBe("https://a.example:6443");
  });

  test("without the env it is not in-cluster", () => {
    expect(isInCluster({ dir: sa, env: {} })).toBe(false);
    expect(() => inClusterConfig({ dir: sa, env: {} })).toThrow(/KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined/);
  });
});

describe("TLS", () => {
  const tls = join(dir, "tls");
  mkdirSync(tls, { recursive: true });
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: tls, stdio: "pipe" });
  ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=test-ca");
  writeFileSync(join(tls, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  for (const who of ["server", "client"]) {
    ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${who}.key`, "-out", `${who}.csr`, "-subj", who === "client" ? "/CN=admin/O=system:masters" : "/CN=server");
    ssl("x509", "-req", "-in", `${who}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${who}.crt`, "-days", "2", ...(who === "server" ? ["-extfile", "san.ext"] : []));
  }
  const read = (f: string) => require("node:fs").readFileSync(join(tls, f), "utf8") as string;
  const ca = read("ca.crt");
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    tls: { cert: read("server.crt"), key: read("server.key"), ca, requestCert: true, rejectUnauthorized: true },
    fetch() {
      return Response.json({ kind: "NamespaceList", apiVersion: "v1", metadata: { resourceVersion: "1" }, items: [] });
    },
  });
  afterAll(() => server.stop(true));
  const host = `https://127.0.0.1:${server.port}`;

  test("client certificate from a kubeconfig reaches an mTLS server that trusts our CA", async () => {
    const kc = write(
      "tls/kubeconfig",
      `current-context: x
clusters: [{name: c, cluster: {server: "${host}", certificate-authority-data: ${b64(ca)}}}]
users: [{name: u, user: {client-certificate: client.crt, client-key: client.key}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
`,
    );
    const client = createClient(loadConfig({ kubeconfig: kc, env: {} }));
    const list = await client.namespaces().list();
    expect(list.kind).toBe("NamespaceList");
    client.close();
  });

  test("without our CA the server certificate is rejected; insecure skips verification", async () => {
    const noCa = createClient({ host, certData: read("client.crt"), keyData: read("client.key"), maxRetries: 0 });
    await expect(noCa.namespaces().list()).rejects.toThrow();
    const insecure = createClient({ host, certData: read("client.crt"), keyData: read("client.key"), insecureSkipTLSVerify: true });
    expect((await insecure.namespaces().list()).items).toEqual([]);
  });

  test("without a client certificate the mTLS server refuses the connection", async () => {
    const anon = createClient({ host, caData: ca, maxRetries: 0 });
    await expect(anon.namespaces().list()).rejects.toThrow();
  });
});
