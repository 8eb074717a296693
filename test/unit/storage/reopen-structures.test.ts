/**
 * Regression: the LMDB backend persists msgpackr's shared record structures with the
 * values. With more distinct object shapes than fit in msgpackr's one-byte record ids
 * (32), values written before a restart must still decode after it (found by the
 * client-node informer-across-restart e2e test: every apiserver restart failed with
 * "Data read, but end of buffer not reached").
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../../src/storage/open.ts";

function shaped(i: number): Record<string, unknown> {
  return { apiVersion: "v1", kind: `K${i}`, metadata: { name: `n${i}`, labels: { [`l${i}`]: "x" } }, [`field${i}`]: { [`sub${i}`]: i, x: "y" } };
}

describe("LMDB store reopen", () => {
  for (const shapes of [10, 40, 200]) {
    test(`${shapes} distinct shapes decode after a restart`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "kubun-structs-"));
      let s = await openStore({ dataDir });
      for (let i = 0; i < shapes; i++) await s.create(`/registry/k/${String(i).padStart(4, "0")}`, shaped(i));
      await s.close();
      s = await openStore({ dataDir });
      const l = await s.list<Record<string, unknown>>("/registry/k/");
      expect(l.kvs).toHaveLength(shapes);
      l.kvs.forEach((kv, i) => expect(kv.value).toEqual(shaped(i)));
      // and new writes after the restart keep decoding
      await s.create("/registry/k/new", shaped(shapes + 1));
      expect((await s.get("/registry/k/new")).kv?.value).toEqual(shaped(shapes + 1));
      await s.close();
    });
  }
});
