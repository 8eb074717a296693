/** The shared Store contract against a real etcd (Debian etcd-server 3.4) started for this file. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openEtcdStore, parseEtcdEndpoint } from "../../../src/storage/etcd/index.ts";
import { StorageError } from "../../../src/storage/errors.ts";
import { openStore } from "../../../src/storage/open.ts";
import { runStoreContract } from "../../unit/storage/contract.ts";
import { startEtcd, type EtcdServer } from "./etcd-server.ts";

let etcd: EtcdServer;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

runStoreContract("etcd", () => openEtcdStore({ hosts: [etcd.clientUrl], compactIntervalMs: 0 }), {
  ttlSeconds: 1,
  expiryGraceMs: 2500,
});

describe("etcd backend", () => {
  test.each([
    ["etcd://h1:2379,h2:2379", ["http://h1:2379", "http://h2:2379"]],
    ["https://10.0.0.1:2379,10.0.0.2", ["https://10.0.0.1:2379", "https://10.0.0.2:2379"]],
    ["http://127.0.0.1:12379", ["http://127.0.0.1:12379"]],
  ])("parses %s", (endpoint, hosts) => {
    expect(parseEtcdEndpoint(endpoint)).toEqual(hosts);
  });

  test("openStore selects etcd by scheme, and store revision is etcd's revision", async () => {
    const s = await openStore({ dataDir: "/nonexistent", endpoint: etcd.endpoint, compactIntervalMs: 0 });
    expect(s.kind).toBe("etcd");
    const res = await s.create(`/registry/pods/default/${Date.now()}`, { kind: "Pod" });
    const health = await fetch(`${etcd.clientUrl}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: btoa("\0"), count_only: true }) });
    const body = (await health.json()) as { header: { revision: string } };
    expect(Number(body.header.revision)).toBe(res.revision);
    await s.close();
  });

  test("an unreachable endpoint fails at open with a clear error", async () => {
    const err = await openEtcdStore({ hosts: ["http://127.0.0.1:1"], timeoutMs: 1500, compactIntervalMs: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(String(err.message)).toContain("cannot reach etcd");
  });

  test("a namespace isolates keys", async () => {
    const a = await openEtcdStore({ hosts: [etcd.clientUrl], namespace: "/tenant-a", compactIntervalMs: 0 });
    const b = await openEtcdStore({ hosts: [etcd.clientUrl], namespace: "/tenant-b", compactIntervalMs: 0 });
    await a.create("/x", { who: "a" });
    expect((await b.get("/x")).kv).toBeUndefined();
    expect((await a.list("/")).kvs.map((kv) => kv.key)).toEqual(["/x"]);
    await a.close();
    await b.close();
  });
});
