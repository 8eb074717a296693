/**
 * The apiserver as a separate process for bench/apiserver.bench.ts, so the load generator
 * and the server do not share a heap and the server's memory can be read from /proc.
 * argv: <dataDir> <memory|lmdb> <token>. Prints one JSON line {url, socket, pid} when ready.
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
console.log(JSON.stringify({ url: server.url, socket: server.localSocketPath, pid: process.pid }));
process.on("SIGTERM", async () => {
  await server.stop();
  await store.close();
  process.exit(0);
});
