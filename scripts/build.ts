/**
 * Builds dist/kubun: one Linux x64 executable holding every role, the LMDB native addon,
 * and every worker entrypoint.
 *
 * Two packages load files at run time by paths that do not exist inside a compiled
 * binary, so the build rewrites those loads:
 * - lmdb and msgpackr-extract find their `.node` addon through node-gyp-build at run
 *   time; we require the addon file directly so Bun embeds it.
 * - piscina starts workers from `resolve(__dirname, 'worker.js')`, and __dirname is the
 *   build machine's path; we make it read the embedded trampoline set by src/util/pool.ts.
 */
import { mkdirSync } from "node:fs";
import type { BunPlugin } from "bun";

/** Worker entrypoints, relative to src/ (see src/util/pool.ts). Add pool tasks here. */
export const WORKER_ENTRYPOINTS = ["util/pool-worker.ts", "util/pool-selftest.ts", "scheduler/pool/worker.ts", "cli/wiring/role-worker.ts", "apiserver/transport/tls-front-worker.ts"];

const ADDONS: Record<string, string> = {
  lmdb: "@lmdb/lmdb-linux-x64/node.napi.glibc.node",
  "msgpackr-extract": "@msgpackr-extract/msgpackr-extract-linux-x64/node.napi.glibc.node",
};

function rewrite(src: string, from: string | RegExp, to: string, what: string): string {
  const out = src.replace(from, to);
  if (out === src) throw new Error(`build: patch point for ${what} not found; did the package change?`);
  return out;
}

export const embedNativePlugin: BunPlugin = {
  name: "kubun-embed-native",
  setup(build) {
    build.onLoad({ filter: /[\\/]lmdb[\\/]native\.js$/ }, async (args) => ({
      contents: rewrite(await Bun.file(args.path).text(), "loadNAPI(dirName)", `require(${JSON.stringify(ADDONS.lmdb)})`, "lmdb"),
      loader: "js",
    }));
    build.onLoad({ filter: /[\\/]msgpackr-extract[\\/]index\.js$/ }, async (args) => ({
      contents: rewrite(
        await Bun.file(args.path).text(),
        "require('node-gyp-build-optional-packages')(__dirname)",
        `require(${JSON.stringify(ADDONS["msgpackr-extract"])})`,
        "msgpackr-extract",
      ),
      loader: "js",
    }));
    build.onLoad({ filter: /[\\/]piscina[\\/]dist[\\/]index\.js$/ }, async (args) => ({
      contents: rewrite(
        await Bun.file(args.path).text(),
        "(0, node_path_1.resolve)(__dirname, 'worker.js')",
        "(globalThis.__kubunPiscinaWorker ?? (0, node_path_1.resolve)(__dirname, 'worker.js'))",
        "piscina",
      ),
      loader: "js",
    }));
  },
};

async function gitCommit(): Promise<string> {
  const p = Bun.spawn(["git", "rev-parse", "HEAD"], { stdout: "pipe", stderr: "ignore" });
  const out = (await new Response(p.stdout).text()).trim();
  return (await p.exited) === 0 ? out : "unknown";
}

export async function build(outfile = "dist/kubun"): Promise<void> {
  mkdirSync("dist", { recursive: true });
  const result = await Bun.build({
    entrypoints: ["src/cli/main.ts", ...WORKER_ENTRYPOINTS.map((w) => `src/${w}`)],
    compile: { target: "bun-linux-x64", outfile },
    minify: { syntax: true, whitespace: true },
    sourcemap: "none",
    plugins: [embedNativePlugin],
    define: {
      "process.env.KUBUN_BUILD_DATE": JSON.stringify(new Date().toISOString().replace(/\.\d+Z$/, "Z")),
      "process.env.KUBUN_GIT_COMMIT": JSON.stringify(await gitCommit()),
    },
  });
  if (!result.success) {
    for (const log of result.logs) console.error(String(log));
    throw new Error("build failed");
  }
}

if (import.meta.main) {
  const t0 = performance.now();
  await build(process.argv[2]);
  console.log(`built ${process.argv[2] ?? "dist/kubun"} in ${Math.round(performance.now() - t0)} ms`);
}
