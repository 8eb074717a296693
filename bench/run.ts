/** Runs every bench/*.bench.ts in turn (`bun run bench`), or the ones named on the command line. */
import { readdirSync } from "node:fs";
import { join } from "node:path";

const names = process.argv.slice(2);
const files = readdirSync(import.meta.dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => names.length === 0 || names.some((n) => f.startsWith(n)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`== ${f}`);
  const p = Bun.spawn(["bun", join(import.meta.dir, f)], { stdout: "inherit", stderr: "inherit" });
  if ((await p.exited) !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
