/**
 * The apiserver as a separate process for bench/apiserver.bench.ts, so the load generator
 * and the server do not share a heap and the server's memory can be read from /proc.
 * argv: <dataDir> <memory|lmdb> <token>. Prints one JSON line {url, socket, directUrl, pid}
 * when ready. directUrl is a Bun.serve TLS listener that hands requests straight to the
 * pipeline, without the TLS front: client certificates cannot be read there (bearer tokens
 * only), so it is no way to serve the API, only a measure of what the front costs.
 */
import { startApiServer } from "../src/apiserver/index.ts";
import { openMemoryStore } from "../src/storage/memory/index.ts";
import { openStore } from "../src/storage/open.ts";
import { setLogSink } from "../src/util/log.ts";

setLogSink("silent");
const [dataDir = "/tmp/kubun-bench", kind = "memory", token = "bench"] = process.argv.slice(2);
const store = kind === "lmdb" ? await openStore({ dataDir }) : await openMemoryStore();
const server = await startApiServer({ dataDir, store, port: 0, bindAddress: "127.0.0.1", token, version: { gitVersion: "v1.34.0+bench" } });
await server.ready;
const direct = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  tls: { cert: server.pki.serving.certPem, key: server.pki.serving.keyPem },
  fetch: (req) => server.handle(req),
});
console.log(JSON.stringify({ url: server.url, socket: server.localSocketPath, directUrl: `https://127.0.0.1:${direct.port}`, pid: process.pid }));
// the bench reads memory after a full collection (of the apiserver's heap and its TLS front
// thread's), so that garbage of the moment does not count
process.on("SIGUSR2", () => void server.collectGarbage());
process.on("SIGTERM", async () => {
  await direct.stop(true);
  await server.stop();
  await store.close();
  process.exit(0);
});
