/**
 * Opening the LMDB environment safely: a foreign or damaged file at the store path is
 * reported as StoreCorruptError before LMDB touches it, a database without our format
 * marker is never adopted (an empty one is initialised), and a lock file keeps a
 * second process from writing the same store (our revision counter lives in memory).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { open, type Database, type RootDatabase } from "lmdb";
import { StoreCorruptError, StorageError } from "../errors.ts";
import { FORMAT, META_FORMAT, READABLE_FORMATS } from "./layout.ts";

export interface LmdbEnv {
  root: RootDatabase;
  meta: Database<Uint8Array, string>;
  kv: Database<Uint8Array, string>;
  hist: Database<Uint8Array, Buffer>;
  log: Database<Uint8Array, Buffer>;
  ttl: Database<Uint8Array, Buffer>;
  releaseLock(): void;
}

const LMDB_MAGIC = 0xbeefc0de;
const openInProcess = new Set<string>();

/** LMDB's first meta page holds its magic right after the page header (offset 16 or 24 by build). */
function checkDataFile(file: string): void {
  const st = statSync(file);
  if (!st.isFile()) throw new StoreCorruptError(`${file} is not a regular file`);
  if (st.size === 0) throw new StoreCorruptError(`${file} is empty: not an LMDB database (refusing to initialise over it)`);
  const head = Buffer.alloc(32);
  const fd = openSync(file, "r");
  try {
    readSync(fd, head, 0, 32, 0);
  } finally {
    closeSync(fd);
  }
  if (head.readUInt32LE(16) !== LMDB_MAGIC && head.readUInt32LE(24) !== LMDB_MAGIC) {
    throw new StoreCorruptError(`${file} is not an LMDB database (bad magic); refusing to open or reset it`);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function takeLock(dir: string): () => void {
  const lock = join(dir, "kubun.lock");
  if (openInProcess.has(dir)) throw new StorageError(`store ${dir} is already open in this process`, "Locked");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
      throw new StorageError(`store ${dir} is in use by process ${pid} (lock ${lock})`, "Locked");
    }
  }
  writeFileSync(lock, `${process.pid}\n`);
  openInProcess.add(dir);
  return () => {
    openInProcess.delete(dir);
    try {
      if (readFileSync(lock, "utf8").trim() === String(process.pid)) unlinkSync(lock);
    } catch {
      // already gone
    }
  };
}

export function openEnv(dir: string): LmdbEnv {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      throw new StoreCorruptError(`store path ${dir} exists and is not a directory: not a kubun database; refusing to open or reset it`);
    }
    const data = join(dir, "data.mdb");
    if (existsSync(data)) checkDataFile(data);
  } else {
    mkdirSync(dir, { recursive: true });
  }
  const releaseLock = takeLock(dir);
  let root: RootDatabase;
  try {
    root = open({ path: dir, maxDbs: 8, overlappingSync: false, encoding: "binary" });
  } catch (err) {
    releaseLock();
    throw new StoreCorruptError(`cannot open LMDB database at ${dir}: ${(err as Error).message}`);
  }
  try {
    const found = adoptable(dir, root);
    const dbs = DB_NAMES.map((name) =>
      name === "meta" || name === "kv"
        ? root.openDB<Uint8Array, string>({ name, encoding: "binary" })
        : root.openDB<Uint8Array, Buffer>({ name, encoding: "binary", keyEncoding: "binary" }),
    );
    const env: LmdbEnv = {
      root,
      meta: dbs[0] as Database<Uint8Array, string>,
      kv: dbs[1] as Database<Uint8Array, string>,
      hist: dbs[2] as Database<Uint8Array, Buffer>,
      log: dbs[3] as Database<Uint8Array, Buffer>,
      ttl: dbs[4] as Database<Uint8Array, Buffer>,
      releaseLock,
    };
    if (found !== FORMAT) env.meta.putSync(META_FORMAT, Buffer.from(FORMAT, "utf8"));
    return env;
  } catch (err) {
    void root.close();
    releaseLock();
    if (err instanceof StorageError) throw err;
    throw new StoreCorruptError(`cannot read LMDB database at ${dir}: ${(err as Error).message}`);
  }
}

const DB_NAMES = ["meta", "kv", "hist", "log", "ttl"] as const;

/**
 * Decides, before anything is created, whether the environment is ours (returns its format
 * marker, one this code reads) or empty (returns undefined: initialise it). Anything else is
 * refused.
 */
function adoptable(dir: string, root: RootDatabase): string | undefined {
  const names = [...root.getKeys({ limit: 64 })].map(String);
  if (names.length === 0) return undefined;
  if (!names.includes("meta")) {
    throw new StoreCorruptError(`database at ${dir} has no kubun format marker: not a kubun store; refusing to adopt or reset it`);
  }
  const meta = root.openDB<Uint8Array, string>({ name: "meta", encoding: "binary", create: false } as never);
  const marker = meta.getBinary(META_FORMAT);
  const found = marker ? Buffer.from(marker).toString("utf8") : undefined;
  if (found === undefined || !READABLE_FORMATS.includes(found)) {
    throw new StoreCorruptError(
      found === undefined
        ? `database at ${dir} has no kubun format marker: not a kubun store; refusing to adopt or reset it`
        : `database at ${dir} has format "${found}", this build reads "${FORMAT}"`,
    );
  }
  const extra = names.filter((n) => !(DB_NAMES as readonly string[]).includes(n));
  if (extra.length > 0) throw new StoreCorruptError(`database at ${dir} holds unknown entries (${extra.join(", ")}): refusing to open it`);
  return found;
}
