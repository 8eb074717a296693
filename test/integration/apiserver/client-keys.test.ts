import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../../src/storage/open.ts";
import type { Store } from "../../../src/storage/index.ts";
import { eventually } from "../../helpers/api-cluster.ts";
import { startHarness, WatchReader, type Harness } from "./harness.ts";
import { freeFormCrd } from "../../helpers/crd.ts";

/**
 * Keys that are also names of Object.prototype's members ("__proto__", "constructor",
 * "toString") are ordinary data when clients send them: a ConfigMap's data keys and a
 * custom resource's free-form fields keep them through every write path, every patch type,
 * the watch cache and a restart of the server over the embedded store; and no request can
 * change what every object of the server inherits.
 */

let dir: string;
let store: Store;
let h: Harness;
const CMS = "/api/v1/namespaces/keys/configmaps";
const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const BAGS = "/apis/example.com/v1/namespaces/keys/bags";
const JSON_BODY = { "content-type": "application/json" };

/** A flat map as JSON with its keys in order (Object.fromEntries keeps "__proto__" a member). */
const sortedJson = (m: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

/** Bodies are written as text: an object literal with a "__proto__" key would set a prototype. */
const cmText = (name: string, data: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":${data}}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kubun-client-keys-"));
  store = await openStore({ dataDir: dir });
  h = await startHarness({}, { dataDir: dir, store });
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "keys" } });
});
afterAll(async () => {
  await h.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("keys named like Object.prototype's members", () => {
  test("a ConfigMap keeps them on create (JSON and YAML), in lists and in watch events", async () => {
    const w = new WatchReader(await h.req(`${CMS}?watch=true&labelSelector=keys%3Dyes`));
    const created = await h.call("POST", CMS, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"json","labels":{"keys":"yes"}},"data":{"__proto__":"x","__proto_":"y","constructor":"c","toString":"t"}}`, JSON_BODY);
    expect(created.status).toBe(201);
    const want = '{"__proto__":"x","__proto_":"y","constructor":"c","toString":"t"}';
    expect(JSON.stringify(created.body.data)).toBe(want);
    expect(JSON.stringify((await h.call("GET", `${CMS}/json`)).body.data)).toBe(want);
    const listed = (await h.call("GET", CMS)).body.items.find((i: any) => i.metadata.name === "json");
    expect(JSON.stringify(listed.data)).toBe(want);
    const ev = await w.next();
    await w.cancel();
    expect(ev.type).toBe("ADDED");
    expect(JSON.stringify(ev.object.data)).toBe(want);

    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml\ndata:\n  __proto__: from-yaml\n";
    const y = await h.call("POST", CMS, yaml, { "content-type": "application/yaml" });
    expect(y.status).toBe(201);
    expect(JSON.stringify(y.body.data)).toBe('{"__proto__":"from-yaml"}');
  });

  test("every patch type and server-side apply change them as data", async () => {
    expect((await h.call("POST", CMS, cmText("patched", '{"a":"b"}'), JSON_BODY)).status).toBe(201);
    const data = async () => sortedJson((await h.call("GET", `${CMS}/patched`)).body.data);

    let r = await h.call("PATCH", `${CMS}/patched`, '{"data":{"__proto__":"merge","constructor":"m"}}', { "content-type": "application/merge-patch+json" });
    expect(r.status).toBe(200);
    expect(await data()).toBe('{"__proto__":"merge","a":"b","constructor":"m"}');

    r = await h.call("PATCH", `${CMS}/patched`, '{"data":{"__proto__":"smp","toString":"s"}}', { "content-type": "application/strategic-merge-patch+json" });
    expect(r.status).toBe(200);
    expect(await data()).toBe('{"__proto__":"smp","a":"b","constructor":"m","toString":"s"}');

    r = await h.call("PATCH", `${CMS}/patched`, '[{"op":"replace","path":"/data/__proto__","value":"json"},{"op":"remove","path":"/data/constructor"}]', { "content-type": "application/json-patch+json" });
    expect(r.status).toBe(200);
    expect(await data()).toBe('{"__proto__":"json","a":"b","toString":"s"}');

    r = await h.call("PATCH", `${CMS}/patched?fieldManager=tester&force=true`, cmText("patched", '{"__proto__":"applied","valueOf":"v"}'), { "content-type": "application/apply-patch+yaml" });
    expect(r.status).toBe(200);
    expect(await data()).toBe('{"__proto__":"applied","a":"b","toString":"s","valueOf":"v"}');
    const mine = r.body.metadata.managedFields.find((m: any) => m.manager === "tester");
    expect(Object.keys(mine.fieldsV1["f:data"]).sort()).toEqual(["f:__proto__", "f:valueOf"]);

    // the applier gives the key up: it is removed, as any field its manager alone owned
    r = await h.call("PATCH", `${CMS}/patched?fieldManager=tester`, cmText("patched", '{"valueOf":"v"}'), { "content-type": "application/apply-patch+yaml" });
    expect(r.status).toBe(200);
    expect(await data()).toBe('{"a":"b","toString":"s","valueOf":"v"}');

    r = await h.call("PATCH", `${CMS}/patched`, '{"data":{"__proto__":"back"}}', { "content-type": "application/merge-patch+json" });
    expect(await data()).toBe('{"__proto__":"back","a":"b","toString":"s","valueOf":"v"}');
  });

  test("patches aimed at Object.prototype change nothing any other object inherits", async () => {
    expect((await h.call("POST", CMS, cmText("victim", '{"a":"b"}'), JSON_BODY)).status).toBe(201);
    const attempts: [string, string][] = [
      ["application/merge-patch+json", '{"data":{"__proto__":{"polluted":"yes"}}}'],
      ["application/merge-patch+json", '{"metadata":{"__proto__":{"polluted":"yes"}}}'],
      ["application/strategic-merge-patch+json", '{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}'],
      ["application/strategic-merge-patch+json", '{"__proto__":{"polluted":"yes"}}'],
      ["application/json-patch+json", '[{"op":"add","path":"/metadata/__proto__/polluted","value":"yes"}]'],
      ["application/json-patch+json", '[{"op":"add","path":"/data/__proto__","value":{"polluted":"yes"}}]'],
    ];
    for (const [type, body] of attempts) {
      const r = await h.call("PATCH", `${CMS}/victim`, body, { "content-type": type });
      expect(r.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    const ns = await h.call("GET", "/api/v1/namespaces/keys");
    expect(JSON.stringify(ns.body)).not.toContain("polluted");
    expect(ns.headers.get("warning")).toBeNull();
    const victim = (await h.call("GET", `${CMS}/victim`)).body;
    expect(victim.data).toEqual({ a: "b" });
    expect(JSON.stringify(victim)).not.toContain("polluted");
  });

  test("a custom resource keeps nested objects under such keys, also through a restart", async () => {
    const crd = freeFormCrd("bags", "Bag", "spec");
    expect((await h.call("POST", CRDS, crd)).status).toBe(201);
    const spec = '{"__proto__":{"nested":{"__proto__":"deep"},"list":[{"__proto__":1}]},"\\u0000__proto__":"nul","constructor":{"name":"c"}}';
    const body = `{"apiVersion":"example.com/v1","kind":"Bag","metadata":{"name":"b1"},"spec":${spec}}`;
    const created = await eventually("the CRD is served", async () => {
      const r = await h.call("POST", BAGS, body, JSON_BODY);
      return r.status === 201 ? r : undefined;
    });
    const want = JSON.stringify(JSON.parse(spec));
    expect(JSON.stringify(created.body.spec)).toBe(want);

    const merged = await h.call("PATCH", `${BAGS}/b1`, '{"spec":{"__proto__":{"added":true}}}', { "content-type": "application/merge-patch+json" });
    expect(merged.status).toBe(200);
    const after = JSON.parse(spec);
    after["__proto__"].added = true;
    expect(JSON.stringify(merged.body.spec)).toBe(JSON.stringify(after));

    // a restart reads every value back from the embedded store
    await h.stop();
    await store.close();
    store = await openStore({ dataDir: dir });
    h = await startHarness({}, { dataDir: dir, store });
    const bag = await eventually("the CRD is served after the restart", async () => {
      const r = await h.call("GET", `${BAGS}/b1`);
      return r.status === 200 ? r.body : undefined;
    });
    expect(JSON.stringify(bag.spec)).toBe(JSON.stringify(after));
    expect(JSON.stringify((await h.call("GET", `${CMS}/json`)).body.data)).toBe('{"__proto__":"x","__proto_":"y","constructor":"c","toString":"t"}');
    expect(sortedJson((await h.call("GET", `${CMS}/patched`)).body.data)).toBe('{"__proto__":"back","a":"b","toString":"s","valueOf":"v"}');
  });
});
