/**
 * `kubun check`: proves the executable's embedded pieces work on this machine — the LMDB
 * native addon opens a store, writes and reads back, and the worker pool runs a task on
 * another thread with shared memory. Used by operators after install and by the
 * compiled-binary test.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { open } from "lmdb";
import type { Command } from "../command.ts";
import { str } from "../flags.ts";
import { createWorkerPool, isCompiled } from "../../util/pool.ts";
import { defaultDataDir } from "../data-dir.ts";

export const checkCommand: Command = {
  name: "check",
  summary: "Verify this executable's embedded store engine and worker pool on this machine",
  usage: "[--data-dir DIR]",
  flags: [{ name: "data-dir", short: "d", type: "string", help: "Directory for the check's scratch store" }],
  run: async ({ flags }) => {
    const dir = join(str(flags, "data-dir") ?? defaultDataDir(), "check");
    mkdirSync(dir, { recursive: true });
    const db = open<{ n: number; at: string }, string>({ path: join(dir, "check.mdb") });
    const at = new Date().toISOString();
    await db.put("probe", { n: 42, at });
    const back = db.get("probe");
    await db.close();
    if (back?.n !== 42 || back.at !== at) {
      process.stderr.write("kubun check: lmdb store returned a different value than written\n");
      return 1;
    }
    process.stdout.write(`lmdb: ok (${join(dir, "check.mdb")})\n`);

    const pool = createWorkerPool("util/pool-selftest.ts", { minThreads: 1, maxThreads: 2 });
    try {
      const buffer = new SharedArrayBuffer(4 * 1000);
      const view = new Int32Array(buffer);
      for (let i = 0; i < view.length; i++) view[i] = i;
      const res = (await pool.run({ buffer })) as { sum: number; threadId: number };
      if (res.sum !== 499500 || res.threadId === 0) {
        process.stderr.write(`kubun check: worker pool returned ${JSON.stringify(res)}\n`);
        return 1;
      }
      process.stdout.write(`worker pool: ok (thread ${res.threadId}, ${isCompiled() ? "embedded" : "source"} workers)\n`);
    } finally {
      await pool.destroy();
    }
    return 0;
  },
};
