/** LmdbStore.getShared: one frozen object per version, replaced when the key is written. */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLmdbStore } from "../../../src/storage/lmdb/index.ts";
import { makePod } from "./fixtures/pod.ts";

const base = mkdtempSync(join(tmpdir(), "kubun-lmdb-shared-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

test("getShared hands out one deeply frozen object per version and follows writes", async () => {
  const s = await openLmdbStore({ path: join(base, "a"), compactIntervalMs: 0 });
  const c = await s.create("/p/a", makePod(1));
  const first = await s.getShared<any>("/p/a");
  expect(first.revision).toBe(c.revision);
  expect(first.kv!.value).toEqual(makePod(1));
  expect((await s.getShared("/p/a")).kv).toBe(first.kv);
  expect(Object.isFrozen(first.kv) && Object.isFrozen(first.kv!.value.spec.containers[0].ports[1])).toBe(true);
  expect(() => {
    first.kv!.value.metadata.name = "x";
  }).toThrow();
  // get still gives a private, mutable copy
  const own = await s.get<any>("/p/a");
  own.kv!.value.metadata.name = "mine";
  expect(first.kv!.value.metadata.name).toBe((makePod(1).metadata as { name: string }).name);

  const u = await s.update("/p/a", makePod(2), c.revision);
  const second = await s.getShared<any>("/p/a");
  expect(second.kv!.modRevision).toBe(u.revision);
  expect(second.kv!.value).toEqual(makePod(2));
  await s.delete("/p/a");
  expect((await s.getShared("/p/a")).kv).toBeUndefined();
  expect((await s.getShared("/p/none")).kv).toBeUndefined();
  await s.close();
});

test("a full cache evicts its oldest version and still answers every key", async () => {
  const s = await openLmdbStore({ path: join(base, "b"), compactIntervalMs: 0, sharedValues: 2 });
  for (const k of ["x", "y", "z"]) await s.create(`/p/${k}`, { k });
  for (const k of ["x", "y", "z", "x"]) expect((await s.getShared(`/p/${k}`)).kv?.value).toEqual({ k });
  await s.close();
});

test("get copies the cached version: a caller's mutation never reaches the next reader", async () => {
  const s = await openLmdbStore({ path: join(base, "c"), compactIntervalMs: 0 });
  await s.create("/p/a", makePod(1));
  for (let i = 0; i < 4; i++) {
    const own = await s.get<any>("/p/a");
    expect(own.kv!.value).toEqual(makePod(1));
    own.kv!.value.metadata.name = `changed-${i}`;
    own.kv!.value.spec.containers[0].ports.push({ containerPort: i });
    own.kv!.value.metadata.labels.extra = "x";
  }
  expect((await s.getShared<any>("/p/a")).kv!.value).toEqual(makePod(1));
  expect((await s.get<any>("/p/a")).kv!.value).toEqual(makePod(1));
  await s.close();
});
