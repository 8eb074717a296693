/**
 * Two apiservers on one real etcd, as an HA control plane runs: what one writes, the
 * other reads at once with a consistent GET and LIST, and a watch on the other sees it.
 * Each write is followed immediately by the read on the other server, 20 times over.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../../src/storage/open.ts";
import type { Store } from "../../../src/storage/interface.ts";
import { startEtcd, type EtcdServer } from "../storage/etcd-server.ts";
import { configMap, startHarness, WatchReader, type Harness } from "./harness.ts";

let etcd: EtcdServer;
const stores: Store[] = [];
const dirs: string[] = [];
let a: Harness;
let b: Harness;

async function apiserver(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "kubun-etcd-ha-"));
  dirs.push(dir);
  const store = await openStore({ dataDir: dir, endpoint: etcd.endpoint });
  stores.push(store);
  return startHarness({}, { dataDir: dir, store });
}

beforeAll(async () => {
  etcd = await startEtcd();
  a = await apiserver();
  b = await apiserver();
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  for (const s of stores) await s.close().catch(() => {});
  await etcd?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test("a write on one apiserver is read at once on the other", async () => {
  const ns = await a.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ha" } });
  expect(ns.status).toBe(201);
  // the other apiserver admits a create into the namespace it may not have seen yet
  expect((await b.call("POST", "/api/v1/namespaces/ha/configmaps", configMap("from-b"))).status).toBe(201);
  const res = await b.req("/api/v1/namespaces/ha/configmaps?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Dlast");
  const w = new WatchReader(res);
  for (let i = 0; i < 20; i++) {
    const created = await a.call("POST", "/api/v1/namespaces/ha/configmaps", configMap(`cm-${i}`, { i: String(i) }));
    expect(created.status).toBe(201);
    const got = await b.call("GET", `/api/v1/namespaces/ha/configmaps/cm-${i}`);
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual({ i: String(i) });
    const list = await b.call("GET", "/api/v1/namespaces/ha/configmaps");
    expect(list.body.items.length).toBe(i + 2);
  }
  await a.call("POST", "/api/v1/namespaces/ha/configmaps", configMap("last"));
  expect(await w.next(5000)).toMatchObject({ type: "ADDED", object: { metadata: { name: "last" } } });
  await w.cancel();
}, 60_000);
