/**
 * The TLS front on a worker thread of its own and on the apiserver's thread behave the
 * same: certificate identities (the admin's and one first seen at runtime) reach their
 * backend, bearer tokens and anonymous requests are told apart, connections are counted, a
 * taken port fails the start with an error, and stop() closes the port. A front thread that
 * ends is started again on its port.
 */
import { describe, expect, test } from "bun:test";
import { createCa, issueCert } from "../../../src/apiserver/pki/index.ts";
import { BackendPool } from "../../../src/apiserver/transport/backends.ts";
import { TlsFrontThread, tlsFrontOnThread } from "../../../src/apiserver/transport/tls-front-thread.ts";
import { startHarness, TOKEN } from "./harness.ts";

describe("tlsFrontOnThread", () => {
  test.each([
    [{}, 1, false],
    [{}, 2, true],
    [{ KUBUN_TLS_FRONT_THREAD: "0" }, 16, false],
    [{ KUBUN_TLS_FRONT_THREAD: "1" }, 1, true],
    [{ KUBUN_TLS_FRONT_THREAD: "maybe" }, 4, true],
  ] as const)("env %p with %p CPUs -> %p", (env, cpus, want) => {
    expect(tlsFrontOnThread(env, cpus)).toBe(want);
  });
});

describe.each([true, false])("TLS front, own thread: %p", (onThread) => {
  test("identities, tokens, anonymous requests, counters, a taken port, stop", async () => {
    const h = await startHarness({ tlsFrontThread: onThread });
    let stopped = false;
    try {
      expect((await h.call("GET", "/api/v1/namespaces")).status).toBe(200);
      expect((await h.anon("/api/v1/namespaces", { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      expect((await h.anon("/api/v1/namespaces")).status).toBe(401);

      // an identity the front has not seen before gets its own backend, and is authenticated
      const alice = await issueCert(h.server.pki.ca, { subject: { commonName: "alice", organizations: ["dev"] }, usage: "client" });
      const asAlice = await fetch(`${h.server.url}/api/v1/namespaces`, { tls: { ca: h.server.caPem, cert: alice.certPem, key: alice.keyPem } } as RequestInit);
      expect(asAlice.status).toBe(200);

      const metrics = await (await h.req("/metrics")).text();
      const accepted = Number(/kubun_apiserver_tls_connections_accepted\S* (\d+)/.exec(metrics)?.[1]);
      expect(accepted).toBeGreaterThanOrEqual(3);

      const clash = await startHarness({ tlsFrontThread: onThread, port: h.server.port }).then(
        async (other) => {
          await other.stop();
          return "started";
        },
        (err: unknown) => String(err),
      );
      expect(clash).not.toBe("started");
      expect(clash).toContain(`cannot listen for HTTPS on 127.0.0.1:${h.server.port}: the address is already in use`);
      // the first server still answers
      expect((await h.call("GET", "/version")).status).toBe(200);

      const url = h.server.url;
      await h.stop();
      stopped = true;
      const after = await fetch(`${url}/version`, { tls: { ca: h.server.caPem } } as RequestInit).then(
        (r) => r.status,
        () => "refused",
      );
      expect(after).toBe("refused");
    } finally {
      if (!stopped) await h.stop();
    }
  }, 30_000);
});

test("large bodies cross the front both ways intact, to a client that reads slowly", async () => {
  const h = await startHarness({});
  try {
    await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "big" } });
    const value = (i: number) => String.fromCharCode(97 + i).repeat(900_000); // under the 1 MiB ConfigMap limit
    for (let i = 0; i < 12; i++) {
      const r = await h.call("POST", "/api/v1/namespaces/big/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm${i}` }, data: { v: value(i) } });
      expect(r.status).toBe(201);
    }
    // ~10 MB of LIST, read 64 KiB at a time with pauses: the front must hold the backend back
    const res = await h.req("/api/v1/namespaces/big/configmaps");
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      chunks.push(chunk);
      if (chunks.length % 8 === 0) await Bun.sleep(5);
    }
    const list = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { items: { metadata: { name: string }; data: { v: string } }[] };
    expect(list.items.map((c) => c.metadata.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `cm${i}`).sort());
    for (const c of list.items) expect(c.data.v === value(Number(c.metadata.name.slice(2)))).toBe(true);
  } finally {
    await h.stop();
  }
}, 60_000);

test("a TLS front thread that ends is started again on the same port", async () => {
  const ca = await createCa("test-ca");
  const serving = await issueCert(ca, { subject: { commonName: "localhost" }, usage: "server", sans: ["127.0.0.1", "localhost"] });
  const client = await issueCert(ca, { subject: { commonName: "bob", organizations: ["team"] }, usage: "client" });
  const backends = new BackendPool({ handler: (_req, _srv, cert) => new Response(cert ? `${cert.user}/${cert.groups.join(",")}` : "anonymous"), maxRequestBodySize: 1 << 20 });
  const front = await TlsFrontThread.start({ hostname: "127.0.0.1", port: 0, certPem: serving.certPem, keyPem: serving.keyPem, caPem: ca.certPem, backends });
  const ask = () =>
    fetch(`https://127.0.0.1:${front.port}/`, { tls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem }, keepalive: false } as RequestInit).then(
      (r) => r.text(),
      () => "unreachable",
    );
  try {
    expect(await ask()).toBe("bob/team");
    front.killThreadForTest();
    let answer = "unreachable";
    for (let i = 0; i < 100 && front.restarts === 0; i++) await Bun.sleep(50);
    expect(front.restarts).toBe(1);
    for (let i = 0; i < 40 && answer !== "bob/team"; i++) {
      answer = await ask();
      if (answer !== "bob/team") await Bun.sleep(50);
    }
    expect(answer).toBe("bob/team");
    expect(front.accepted).toBeGreaterThanOrEqual(2);
  } finally {
    await front.stop();
    await backends.stop();
  }
}, 20_000);
