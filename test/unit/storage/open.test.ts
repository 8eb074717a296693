import { describe, expect, test } from "bun:test";
import { StorageError } from "../../../src/storage/errors.ts";
import { openStore, splitEndpoint } from "../../../src/storage/open.ts";

describe("openStore", () => {
  test.each([
    ["etcd://h1:2379,h2:2379", "etcd", "h1:2379,h2:2379"],
    ["https://10.0.0.1:2379", "https", "10.0.0.1:2379"],
    ["memory://", "memory", ""],
    ["LMDB:///var/lib/kubun/db", "lmdb", "/var/lib/kubun/db"],
  ])("splits %s", (endpoint, scheme, address) => {
    expect(splitEndpoint(endpoint)).toEqual({ scheme, address });
  });

  test("rejects an endpoint without a scheme or with an unknown one", async () => {
    expect(() => splitEndpoint("h1:2379")).toThrow(StorageError);
    const err = await openStore({ dataDir: "/nonexistent", endpoint: "postgres://db" }).catch((e) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(String(err.message)).toContain("postgres");
  });

  test("memory:// opens a working in-memory store", async () => {
    const s = await openStore({ dataDir: "/nonexistent", endpoint: "memory://" });
    expect(s.kind).toBe("memory");
    const c = await s.create("/a", { x: 1 });
    expect((await s.get("/a")).kv?.modRevision).toBe(c.revision);
    await s.close();
  });
});
