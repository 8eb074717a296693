/**
 * The apiserver under load, with the load generator on the same machine (issue 4 targets):
 *  - pod creates over HTTPS (wrk, 64 connections, bearer token): rate and latency, and the
 *    CPU each create costs the apiserver's JS thread, the server's other threads and wrk;
 *    beside them the same POST with dryRun=All and to an unknown resource (what a create
 *    costs without storage, and without the pipeline);
 *  - single-object GET over HTTPS (wrk);
 *  - LIST of 10,000 pods served from the watch cache (resourceVersion=0), and consistent;
 *  - resident memory of the server holding 10,000 pods;
 *  - one event fanned out to 10,000 idle watchers: delivery latency and memory per watcher.
 * The server runs in its own process (bench/apiserver-server.ts). The fan-out is measured
 * twice: 10,000 watchers on the server's local unix socket (same pipeline, no TLS), then
 * 10,000 over HTTPS on a fresh server. Until the twelfth session an HTTPS watcher took three
 * descriptors in the server (its TLS socket and both ends of the unix hop to the apiserver),
 * so only 4,000 fitted this machine's 20,000; its watch now reaches the apiserver as a
 * message (transport/watch-channel.ts) and takes one.
 * Prints one line per figure and rewrites the "Apiserver" section of RESULTS.md.
 * KUBUN_BENCH_STORE=lmdb uses the embedded LMDB store instead of memory; KUBUN_BENCH_ONLY=creates
 * runs the pod creates alone and only prints them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Socket } from "bun";
import { makePod } from "../test/unit/storage/fixtures/pod.ts";
import { type Figure, percentile, report } from "./harness.ts";
import { cpuBetween, threadCpuSeconds } from "./thread-cpu.ts";

const TOKEN = "bench-token";
const STORE = process.env.KUBUN_BENCH_STORE === "lmdb" ? "lmdb" : "memory";
const PODS = 10_000;
const LIST_NS = "list";
const WATCHERS = Number(process.env.KUBUN_BENCH_WATCHERS ?? 10_000);
const HTTPS_WATCHERS = Number(process.env.KUBUN_BENCH_HTTPS_WATCHERS ?? 10_000);
const DURATION = process.env.KUBUN_BENCH_DURATION ?? "10s";
/**
 * KUBUN_BENCH_ONLY=creates measures the pod creates alone, =https-watchers the HTTPS fan-out
 * alone (printed, RESULTS.md left as is).
 */
const ONLY_CREATES = process.env.KUBUN_BENCH_ONLY === "creates";
const ONLY_HTTPS_WATCHERS = process.env.KUBUN_BENCH_ONLY === "https-watchers";
if (ONLY_CREATES || ONLY_HTTPS_WATCHERS) process.env.KUBUN_BENCH_NO_WRITE = "1";
const figures: Figure[] = [];
const progress = (msg: string) => console.error(`[apiserver bench] ${msg}`);

const dir = mkdtempSync(join(tmpdir(), "kubun-apiserver-bench-"));

interface BenchServer {
  url: string;
  socket: string;
  directUrl: string;
  pid: number;
  child: ReturnType<typeof Bun.spawn>;
}

/** A server process (bench/apiserver-server.ts) with its data under `dir/<name>`, once it is ready. */
async function startServer(name: string): Promise<BenchServer> {
  const child = Bun.spawn(["bun", join(import.meta.dir, "apiserver-server.ts"), join(dir, name), STORE, TOKEN], { stdout: "pipe", stderr: "inherit" });
  const reader = child.stdout.getReader();
  let buf = "";
  while (!buf.includes("\n")) {
    const r = await reader.read();
    if (r.done) throw new Error("server exited before it was ready");
    buf += new TextDecoder().decode(r.value);
  }
  reader.releaseLock();
  return { ...(JSON.parse(buf.slice(0, buf.indexOf("\n"))) as Omit<BenchServer, "child">), child };
}

const main = await startServer("data");
const { url, socket: unixPath, directUrl, pid, child } = main;
const auth = { authorization: `Bearer ${TOKEN}` };
const tls = { rejectUnauthorized: false };

/** The server's RSS after a full collection of its JS heap (bench/apiserver-server.ts collects on SIGUSR2). */
async function settledRss(p: number): Promise<number> {
  process.kill(p, "SIGUSR2");
  await Bun.sleep(500);
  return rssOf(p);
}

function rssOf(p: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function api(method: string, path: string, body?: unknown, base = url): Promise<any> {
  const res = await fetch(base + path, { method, headers: { ...auth, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body), tls } as RequestInit);
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

function podBody(i: number, namespace = "bench"): Record<string, unknown> {
  const p = makePod(i, namespace) as { metadata: Record<string, unknown> };
  p.metadata = { generateName: "web-", namespace, labels: p.metadata.labels, annotations: p.metadata.annotations };
  return p;
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  /** CPU seconds wrk itself used. */
  cpu: number;
}

/** Runs wrk with a Lua script; latencies in ms. */
async function wrk(path: string, method: "GET" | "POST", body: string | undefined, connections: number, base = url): Promise<WrkResult> {
  const lua = join(dir, `${method}.lua`);
  writeFileSync(
    lua,
    [
      `wrk.method = "${method}"`,
      `wrk.headers["Authorization"] = "Bearer ${TOKEN}"`,
      `wrk.headers["Content-Type"] = "application/json"`,
      body === undefined ? "" : `wrk.body = ${JSON.stringify(body)}`,
    ].join("\n"),
  );
  const p = Bun.spawn(["wrk", "-t1", `-c${connections}`, `-d${DURATION}`, "--latency", "-s", lua, base + path], { stdout: "pipe", stderr: "pipe" });
  const out = await new Response(p.stdout).text();
  await p.exited;
  const ms = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
  };
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50: ms(/50%\s+([\d.]+)(us|ms|s)/),
    p99: ms(/99%\s+([\d.]+)(us|ms|s)/),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    cpu: Number(p.resourceUsage()?.cpuTime.total ?? NaN) / 1e6,
  };
}

/**
 * A keep-alive GET load over the server's local unix socket (wrk cannot reach unix
 * sockets): `conns` connections, each sending its next request when the previous answer
 * is complete (Content-Length framing). Returns requests per second.
 */
async function unixLoad(path: string, conns: number, ms: number): Promise<number> {
  const req = new TextEncoder().encode(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
  let done = 0;
  let running = true;
  interface L {
    buf: string;
  }
  const sockets = await Promise.all(
    Array.from({ length: conns }, () =>
      Bun.connect<L>({
        unix: unixPath,
        socket: {
          open(s) {
            s.data = { buf: "" };
            s.write(req);
          },
          data(s, d) {
            s.data.buf += new TextDecoder().decode(d);
            for (;;) {
              const head = s.data.buf.indexOf("\r\n\r\n");
              if (head < 0) return;
              const len = Number(/content-length: (\d+)/i.exec(s.data.buf.slice(0, head))?.[1] ?? 0);
              if (s.data.buf.length < head + 4 + len) return;
              s.data.buf = s.data.buf.slice(head + 4 + len);
              done++;
              if (running) s.write(req);
            }
          },
          error() {},
          close() {},
        },
      }),
    ),
  );
  const start = done;
  const t0 = performance.now();
  await Bun.sleep(ms);
  running = false;
  const rate = ((done - start) * 1000) / (performance.now() - t0);
  for (const s of sockets) s.end();
  return rate;
}

// a labelled block: KUBUN_BENCH_ONLY=https-watchers leaves it after that figure
measure: try {
  await api("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } });
  await api("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "fan" } });
  await Bun.sleep(1000);
  const rssIdle = rssOf(pid);

  if (!ONLY_CREATES) {
    progress(`server ${url} pid ${pid}; fan-out`);
    // 1. fan-out to idle watchers
    const fanOut = async (n: number, connect: (onData: (s: Socket<W>, d: Uint8Array) => void, req: string) => Promise<Socket<W>>, server: Pick<BenchServer, "url" | "pid"> = main): Promise<{ p50: number; p99: number; max: number; perWatcherKiB: number; got: number }> => {
      const rv = (await api("GET", "/api/v1/namespaces/fan/configmaps", undefined, server.url)).metadata.resourceVersion;
      progress(`fan-out to ${n} watchers from rv ${rv}`);
      const before = await settledRss(server.pid);
      const sockets: Socket<W>[] = [];
      let headers = 0;
      const arrivals: number[] = [];
      let sentAt = 0;
      const onData = (s: Socket<W>, d: Uint8Array) => {
        const text = new TextDecoder().decode(d);
        if (!s.data.headed && text.includes("HTTP/1.1 200")) {
          s.data.headed = true;
          headers++;
        }
        if (!s.data.done && text.includes('"ADDED"')) {
          s.data.done = true;
          arrivals.push(performance.timeOrigin + performance.now() - sentAt);
        }
      };
      const req = `GET /api/v1/namespaces/fan/configmaps?watch=true&resourceVersion=${rv} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nAccept: application/json\r\n\r\n`;
      for (let i = 0; i < n; i += 500) {
        const batch = await Promise.all(Array.from({ length: Math.min(500, n - i) }, () => connect(onData, req)));
        sockets.push(...batch);
        const until = Date.now() + 20_000;
        while (headers < sockets.length && Date.now() < until) await Bun.sleep(5);
        if (headers < sockets.length) throw new Error(`only ${headers} of ${sockets.length} watches answered`);
      }
      progress(`${sockets.length} watchers connected`);
      await Bun.sleep(1000);
      const after = await settledRss(server.pid);
      sentAt = performance.timeOrigin + performance.now();
      await api("POST", "/api/v1/namespaces/fan/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "fan-" }, data: { a: "b" } }, server.url);
      const deadline = Date.now() + 30_000;
      while (arrivals.length < n && Date.now() < deadline) await Bun.sleep(5);
      for (const s of sockets) s.end();
      await Bun.sleep(500);
      return { p50: percentile(arrivals, 50), p99: percentile(arrivals, 99), max: Math.max(...arrivals), perWatcherKiB: ((after - before) * 1024) / n, got: arrivals.length };
    };
    interface W {
      headed: boolean;
      done: boolean;
    }
    // The request goes out once the connection is usable: on open for unix sockets, after the
    // handshake for TLS (Bun's TLS client drops writes made before it).
    const handlers = (onData: (s: Socket<W>, d: Uint8Array) => void, req: string, tlsSocket: boolean) => ({
      open(s: Socket<W>) {
        s.data = { headed: false, done: false };
        if (!tlsSocket) s.write(req);
      },
      handshake(s: Socket<W>) {
        s.write(req);
      },
      data: onData,
      error() {},
      close() {},
    });
    const unix = ONLY_HTTPS_WATCHERS ? undefined : await fanOut(WATCHERS, (onData, req) => Bun.connect<W>({ unix: unixPath, socket: handlers(onData, req, false) }));
    if (unix) {
      figures.push({ name: `event to ${WATCHERS} watchers (unix socket, no TLS) p50`, value: unix.p50, unit: "ms" });
      figures.push({ name: `event to ${WATCHERS} watchers (unix socket, no TLS) p99`, value: unix.p99, unit: "ms", target: "< 200" });
      figures.push({ name: `watchers that got the event (of ${WATCHERS})`, value: unix.got, unit: "watchers" });
      figures.push({ name: "server memory per idle watcher (no TLS)", value: unix.perWatcherKiB, unit: "KiB", target: "< 10" });
    }
    // on a server of its own: after the unix-socket phase, freed memory made HTTPS watchers look cheaper than they are
    const fresh = await startServer("https-fan");
    let https: Awaited<ReturnType<typeof fanOut>>;
    try {
      await api("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "fan" } }, fresh.url);
      await Bun.sleep(1000);
      const { port } = new URL(fresh.url);
      https = await fanOut(HTTPS_WATCHERS, (onData, req) => Bun.connect<W>({ hostname: "127.0.0.1", port: Number(port), tls: { rejectUnauthorized: false }, socket: handlers(onData, req, true) }), fresh);
    } finally {
      fresh.child.kill("SIGTERM");
      await fresh.child.exited;
    }
    figures.push({ name: `event to ${HTTPS_WATCHERS} watchers over HTTPS p50`, value: https.p50, unit: "ms" });
    figures.push({ name: `event to ${HTTPS_WATCHERS} watchers over HTTPS p99`, value: https.p99, unit: "ms", target: "< 200" });
    figures.push({ name: `watchers that got the event over HTTPS (of ${HTTPS_WATCHERS})`, value: https.got, unit: "watchers" });
    figures.push({ name: "server memory per idle watcher over HTTPS", value: https.perWatcherKiB, unit: "KiB", target: "< 10" });
    if (ONLY_HTTPS_WATCHERS) break measure;

    // exactly 10,000 pods in a namespace of their own, before the timed creates (which make
    // as many as they can in "bench"), so GET, LIST and memory measure what the targets name
    await api("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: LIST_NS } });
    for (let i = 0; i < PODS; i += 64) await Promise.all(Array.from({ length: Math.min(64, PODS - i) }, (_, j) => api("POST", `/api/v1/namespaces/${LIST_NS}/pods`, podBody(i + j, LIST_NS))));
    const list0 = await api("GET", `/api/v1/namespaces/${LIST_NS}/pods?resourceVersion=0`);
    const stored = list0.items.length as number;
    const onePod = list0.items[0].metadata.name as string;

    progress(`${stored} pods stored; GETs`);
    // 2. single-object GET over HTTPS
    const gets = await wrk(`/api/v1/namespaces/${LIST_NS}/pods/${onePod}`, "GET", undefined, 64);
    figures.push({ name: "single-object GET over HTTPS (wrk, 64 conns)", value: gets.rps, unit: "req/s", target: ">= 50000" });
    figures.push({ name: "GET p99", value: gets.p99, unit: "ms" });

    // the same GET over TLS to a Bun.serve listener that calls the pipeline directly: no TLS
    // front, so no client certificates (tokens only); shows what the front costs
    const directGets = await wrk(`/api/v1/namespaces/${LIST_NS}/pods/${onePod}`, "GET", undefined, 64, directUrl);
    figures.push({ name: "single-object GET over TLS without the front (Bun.serve TLS, tokens only)", value: directGets.rps, unit: "req/s" });

    const unixGets = await unixLoad(`/api/v1/namespaces/${LIST_NS}/pods/${onePod}`, 64, 5000);
    figures.push({ name: "single-object GET over the local unix socket (64 conns, no TLS)", value: unixGets, unit: "req/s" });

    progress("LISTs");
    // 3. LIST from the watch cache
    const listTimes = async (query: string) => {
      const t: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        const res = await fetch(`${url}/api/v1/namespaces/${LIST_NS}/pods${query}`, { headers: auth, tls } as RequestInit);
        await res.arrayBuffer();
        t.push(performance.now() - t0);
      }
      return t;
    };
    const l0 = await listTimes("?resourceVersion=0");
    figures.push({ name: `LIST ${stored} pods from the watch cache (rv=0) p50`, value: percentile(l0, 50), unit: "ms", target: "< 50" });
    figures.push({ name: `LIST ${stored} pods from the watch cache (rv=0) p99`, value: percentile(l0, 99), unit: "ms" });
    const lc = await listTimes("");
    figures.push({ name: `LIST ${stored} pods, consistent (no rv) p50`, value: percentile(lc, 50), unit: "ms" });

    // 4. memory with the pods stored
    figures.push({ name: `server RSS with ${stored} pods (${STORE} store)`, value: rssOf(pid), unit: "MiB" });
    figures.push({ name: "server RSS idle before the pods", value: rssIdle, unit: "MiB" });
  }

  progress("pod creates");
  // 5. pod creates over HTTPS (last: they store as many pods as they can)
  const cpuBefore = threadCpuSeconds(pid);
  const creates = await wrk("/api/v1/namespaces/bench/pods", "POST", JSON.stringify(podBody(1)), 64);
  const cpu = cpuBetween(pid, cpuBefore, threadCpuSeconds(pid));
  figures.push({ name: "pod creates over HTTPS (wrk, 64 conns)", value: creates.rps, unit: "req/s", target: ">= 10000" });
  figures.push({ name: "pod create p50", value: creates.p50, unit: "ms" });
  figures.push({ name: "pod create p99", value: creates.p99, unit: "ms", target: "< 50" });
  if (creates.non2xx > 0) figures.push({ name: "pod create failures", value: creates.non2xx, unit: "responses" });
  // where a create's CPU goes: 10,000/s on 2 cores leaves 200 µs per create for everything
  const perCreate = (seconds: number) => (seconds * 1e6) / creates.requests;
  figures.push({ name: "CPU per create: apiserver's JS thread", value: perCreate(cpu.main), unit: "µs" });
  figures.push({ name: "CPU per create: server's other threads (TLS front, JIT, GC)", value: perCreate(cpu.all - cpu.main), unit: "µs" });
  figures.push({ name: "CPU per create: wrk", value: perCreate(creates.cpu), unit: "µs" });
  figures.push({ name: "CPU per create: all", value: perCreate(cpu.all + creates.cpu), unit: "µs", target: "<= 200 for 10000/s" });

  progress(`creates done: ${creates.rps} req/s`);
  if (!ONLY_CREATES) {
    // the same creates over TLS without the front
    const directCreates = await wrk("/api/v1/namespaces/bench/pods", "POST", JSON.stringify(podBody(1)), 64, directUrl);
    figures.push({ name: "pod creates over TLS without the front (Bun.serve TLS, tokens only)", value: directCreates.rps, unit: "req/s" });
    // the same body without storage, then answered before the registry: what is left of a
    // create when the store and watch cache, then the whole pipeline, are taken away
    const dryRun = await wrk("/api/v1/namespaces/bench/pods?dryRun=All", "POST", JSON.stringify(podBody(1)), 64);
    figures.push({ name: "pod creates with dryRun=All over HTTPS (no store, no watch cache)", value: dryRun.rps, unit: "req/s" });
    const floor = await wrk("/api/v1/namespaces/bench/nosuchresources", "POST", JSON.stringify(podBody(1)), 64);
    figures.push({ name: "the same POST to an unknown resource over HTTPS (404: TLS, HTTP, authentication, routing)", value: floor.rps, unit: "req/s" });
  }

} finally {
  child.kill("SIGTERM");
  await child.exited;
  rmSync(dir, { recursive: true, force: true });
}

report(
  "Apiserver",
  figures,
  `Store: ${STORE}. wrk -t1 on the same 2 cores as the server, whose TLS front runs on a thread of its own (see the section on it below). Watchers are raw sockets in the bench process; the server is a separate process (bench/apiserver-server.ts); memory is the server's VmRSS (for the watcher figures, read after a full collection of its JS heaps, the apiserver's and its TLS front thread's; the HTTPS watchers connect to a fresh server of their own, so memory freed by the unix-socket phase is not reused; 10,000 of them since the twelfth session, 4,000 before, when each took three descriptors in the server). "Without the front" is a Bun.serve TLS listener in the server process that calls the request pipeline directly: Bun.serve cannot read client certificates (oven-sh/bun#14097), so it serves bearer tokens only and is no way to serve the API; it measures what the TLS front and its unix-socket hop cost. GET, LIST and the memory figure run on exactly 10,000 stored pods, before the timed creates (until 2026-11-27's fifth session they ran after them, on ~50,000 more pods: 1,122-1,176 MiB). Since the sixth session every pod carries the kube-api-access token volume the ServiceAccount admission plugin adds, as upstream's pods do (~3.6 KB stored instead of ~2.9 KB); in one run with it switched off: creates 4,474/s, GET 30.8k/s, LIST 47.5 ms, RSS 376 MiB (docs/decisions.md). Since the ninth session the front's thread answers the admin's GETs of one object and LISTs served from the watch cache (resourceVersion=0, and consistent ones) itself, from its replica of the watch caches (KUBUN_FAST_GET=0 sends them through the pipeline as before); every create still goes through the pipeline. Since the twelfth session the front hands every client's watches to the apiserver as messages instead of over a backend socket (KUBUN_WATCH_CHANNEL=0 sends them over the socket as before), and since the fourteenth its plain requests too, creates among them (KUBUN_REQUEST_CHANNEL=0 sends those over the sockets as before).`,
);
