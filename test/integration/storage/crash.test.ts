/**
 * Reliability of the LMDB store under SIGKILL: a child writes under sustained
 * concurrent load and reports each acknowledged write; it is killed mid-load, the store
 * is reopened, and every acknowledged write must be there, intact, with the revision
 * never going back. Two rounds, so the second crash hits a store that was itself
 * recovered. Plus: a foreign file at the store path is refused at open and left as is.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreCorruptError } from "../../../src/storage/errors.ts";
import { openLmdbStore } from "../../../src/storage/lmdb/index.ts";
import { openStore } from "../../../src/storage/open.ts";
import { expectedValue } from "./fixtures/crash-values.ts";

const base = mkdtempSync(join(tmpdir(), "kubun-crash-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const WRITER = join(import.meta.dir, "fixtures", "crash-writer.ts");

interface Acks {
  creates: Map<string, number>;
  counters: Map<string, { rev: number; n: number }>;
  maxRevision: number;
}

/** Runs the writer until `minAcks` writes are acknowledged (at least ~`minMs`), then SIGKILLs it. */
async function runAndKill(path: string, round: number, minAcks: number, minMs: number): Promise<Acks> {
  const child = Bun.spawn([process.execPath, WRITER, path, String(round), "64"], { stdout: "pipe", stderr: "pipe" });
  const acks: Acks = { creates: new Map(), counters: new Map(), maxRevision: 0 };
  let count = 0;
  let ready = 0;
  let buf = "";
  const decoder = new TextDecoder();
  const reader = child.stdout.getReader();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    const lines = buf.split("\n");
    buf = lines.pop()!;
    for (const line of lines) {
      const [kind, key, rev, n] = line.split(" ");
      if (kind === "READY") ready = Date.now();
      else if (kind === "C") acks.creates.set(key!, Number(rev));
      else if (kind === "U") {
        const prev = acks.counters.get(key!);
        if (!prev || Number(n) > prev.n) acks.counters.set(key!, { rev: Number(rev), n: Number(n) });
      } else continue;
      if (kind !== "READY") {
        count++;
        acks.maxRevision = Math.max(acks.maxRevision, Number(rev));
      }
    }
    if (ready && count >= minAcks && Date.now() - ready >= minMs) break;
  }
  child.kill("SIGKILL");
  await child.exited;
  reader.releaseLock();
  if (child.signalCode !== "SIGKILL") {
    throw new Error(`writer ended on its own (exit ${child.exitCode}): ${await new Response(child.stderr).text()}`);
  }
  return acks;
}

describe("LMDB store survives SIGKILL under load", () => {
  test("every acknowledged write is present and intact, revisions never go back", async () => {
    const path = join(base, "db");
    let lastRevision = 0;
    for (const round of [1, 2]) {
      const acks = await runAndKill(path, round, 3000, 700);
      expect(acks.creates.size).toBeGreaterThan(1000);

      const s = await openLmdbStore({ path, compactIntervalMs: 0 });
      const rev = await s.currentRevision();
      expect(rev).toBeGreaterThanOrEqual(acks.maxRevision);
      expect(rev).toBeGreaterThan(lastRevision);
      lastRevision = rev;

      for (const [key, created] of acks.creates) {
        const got = await s.get(key);
        expect(got.kv?.createRevision, key).toBe(created);
        expect(got.kv?.value, key).toEqual(expectedValue(key));
      }
      for (const [key, { rev: r, n }] of acks.counters) {
        const got = (await s.get<{ n: number; pad: string }>(key)).kv!;
        expect(got.value.n, key).toBeGreaterThanOrEqual(n);
        expect(got.modRevision).toBeGreaterThanOrEqual(r);
        expect(got.value.pad).toBe("c".repeat(900));
      }
      // No torn object anywhere, acknowledged or not.
      const all = await s.list<Record<string, unknown>>(`/crash/r${round}/`);
      expect(all.kvs.length).toBeGreaterThanOrEqual(acks.creates.size);
      for (const kv of all.kvs) expect(kv.value).toEqual(expectedValue(kv.key));
      // The store carries on where it stopped.
      const next = await s.create(`/crash/after/${round}`, { ok: true });
      expect(next.revision).toBe(rev + 1);
      await s.close();
    }
  }, 60_000);
});

describe("a foreign file at the store path", () => {
  test("is refused at open with a clear error and left untouched", async () => {
    const dataDir = join(base, "foreign");
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, "db");
    const content = "PGDMP\x00 this is somebody else's database dump\n".repeat(100);
    writeFileSync(file, content);
    const err = await openStore({ dataDir, compactIntervalMs: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(StoreCorruptError);
    expect(err.message).toContain(file);
    expect(readFileSync(file, "utf8")).toBe(content);
  });
});
