import { afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLmdbStore } from "../../../src/storage/lmdb/index.ts";
import { runStoreContract } from "./contract.ts";

const base = mkdtempSync(join(tmpdir(), "kubun-lmdb-contract-"));
let n = 0;
afterAll(() => rmSync(base, { recursive: true, force: true }));

runStoreContract("lmdb", () => openLmdbStore({ path: join(base, `db${++n}`), ttlCheckIntervalMs: 20, compactIntervalMs: 0 }));
