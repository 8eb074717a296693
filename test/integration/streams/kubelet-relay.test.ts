/**
 * The apiserver's relay of pods/exec, pods/attach and pods/portforward to a kubelet
 * (here a scripted stand-in on HTTPS): subprotocol negotiation passes through, the query
 * and the kubelet token arrive, binary and text messages and close codes pass both
 * ways, refusals come back as upstream shapes them, and the real kubectl (exec, exec -i,
 * attach, port-forward over SPDY-in-WebSocket) works through it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { kubeletStreamProxy } from "../../../src/apiserver/streams/kubelet-proxy.ts";
import { dialWebSocket } from "../../../src/apiserver/streams/ws-client.ts";
import { REPO_ROOT } from "../../helpers/binary.ts";
import { startHarness, TOKEN, type Harness } from "../apiserver/harness.ts";
import { startFakeKubelet, type FakeKubelet } from "./fake-kubelet.ts";

const KUBELET_TOKEN = "kubelet-bearer";
const KUBECTL = join(REPO_ROOT, ".cache", "tools", "kubectl");

let h: Harness;
let kubelet: FakeKubelet;
let web: ReturnType<typeof Bun.serve>;

function pod(name: string, containers: string[], nodeName?: string) {
  return { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: containers.map((c) => ({ name: c, image: "busybox" })) } };
}

async function running(name: string): Promise<void> {
  const got = await h.call("GET", `/api/v1/namespaces/default/pods/${name}`);
  const body = { ...got.body, status: { phase: "Running", podIP: "127.0.0.1" } };
  expect((await h.call("PUT", `/api/v1/namespaces/default/pods/${name}/status`, body)).status).toBe(200);
}

beforeAll(async () => {
  let ref: Harness | undefined;
  h = await startHarness({
    streams: kubeletStreamProxy({ getNode: (n) => ref?.server.registries.get("", "nodes", "", n), caPem: () => ref?.server.caPem, token: KUBELET_TOKEN }),
  });
  ref = h;
  kubelet = await startFakeKubelet(h.server.pki.ca, KUBELET_TOKEN);
  web = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => new Response(`served ${new URL(req.url).pathname}\n`) });
  const node = { apiVersion: "v1", kind: "Node", metadata: { name: "n1" } };
  expect((await h.call("POST", "/api/v1/nodes", node)).status).toBe(201);
  const cur = (await h.call("GET", "/api/v1/nodes/n1")).body;
  cur.status = { addresses: [{ type: "InternalIP", address: "127.0.0.1" }, { type: "Hostname", address: "n1" }], daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } };
  expect((await h.call("PUT", "/api/v1/nodes/n1/status", cur)).status).toBe(200);
  // n2's kubelet endpoint is a port nobody listens on
  const closed = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const deadPort = closed.port;
  closed.stop(true);
  expect((await h.call("POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "n2" } })).status).toBe(201);
  const n2 = (await h.call("GET", "/api/v1/nodes/n2")).body;
  n2.status = { addresses: [{ type: "InternalIP", address: "127.0.0.1" }], daemonEndpoints: { kubeletEndpoint: { Port: deadPort } } };
  expect((await h.call("PUT", "/api/v1/nodes/n2/status", n2)).status).toBe(200);
  for (const p of [pod("one", ["main"], "n1"), pod("two", ["a", "b"], "n1"), pod("three", ["stopped"], "n1"), pod("floating", ["main"]), pod("lost", ["main"], "n2")]) {
    expect((await h.call("POST", "/api/v1/namespaces/default/pods", p)).status).toBe(201);
  }
  await running("one");
});

afterAll(async () => {
  web?.stop(true);
  kubelet?.stop();
  await h?.stop();
});

interface Got {
  ws: WebSocket;
  messages: (Uint8Array | string)[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Bun's WebSocket client as an independent client: the bearer token, the cluster CA. */
function connect(path: string, protocols: string[]): Got {
  const ws = new WebSocket(`wss://127.0.0.1:${h.server.port}${path}`, { protocols, headers: { authorization: `Bearer ${TOKEN}` }, tls: { ca: h.server.caPem } } as unknown as string[]);
  ws.binaryType = "arraybuffer";
  const messages: (Uint8Array | string)[] = [];
  ws.onmessage = (e) => messages.push(typeof e.data === "string" ? e.data : new Uint8Array(e.data as ArrayBuffer));
  const opened = new Promise<void>((res, rej) => {
    ws.onopen = () => res();
    ws.onerror = () => rej(new Error("websocket error"));
  });
  const closed = new Promise<{ code: number; reason: string }>((res) => (ws.onclose = (e) => res({ code: e.code, reason: e.reason })));
  return { ws, messages, opened, closed };
}

const dec = (m: Uint8Array | string) => (typeof m === "string" ? `text:${m}` : `${m[0]}:${new TextDecoder().decode(m.subarray(1))}`);
const bytes = (ch: number, s: string) => new Uint8Array([ch, ...new TextEncoder().encode(s)]);

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

describe("exec and attach", () => {
  test("v5 is chosen and echoed; output, exit Status and the close pass through; query and token reach the kubelet", async () => {
    const q = "command=sh&command=-c&command=echo%20hi%3B%20exit%203&stdout=true&stderr=true";
    const c = connect(`/api/v1/namespaces/default/pods/one/exec?${q}`, ["v5.channel.k8s.io", "v4.channel.k8s.io", "channel.k8s.io"]);
    await c.opened;
    expect(c.ws.protocol).toBe("v5.channel.k8s.io");
    expect(await c.closed).toEqual({ code: 1000, reason: "" });
    expect(c.messages.map(dec)).toEqual([
      "1:out:sh -c echo hi; exit 3\n",
      "2:err\n",
      `3:${JSON.stringify({ metadata: {}, status: "Failure", message: "command terminated with non-zero exit code: exit code 3", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "3" }] } })}`,
    ]);
    const seen = kubelet.seen.at(-1)!;
    expect(seen.path).toBe("/exec/default/one/main");
    expect(seen.query.getAll("command")).toEqual(["sh", "-c", "echo hi; exit 3"]);
    expect(seen.query.get("stdout")).toBe("true");
    expect(seen.authorization).toBe(`Bearer ${KUBELET_TOKEN}`);
    expect(seen.offered).toBe("v5.channel.k8s.io, v4.channel.k8s.io, channel.k8s.io");
  });

  test("stdin, resize and text messages go to the kubelet and back; closing stdin ends it", async () => {
    const c = connect("/api/v1/namespaces/default/pods/one/exec?command=cat&stdin=true&stdout=true", ["v4.channel.k8s.io"]);
    await c.opened;
    expect(c.ws.protocol).toBe("v4.channel.k8s.io");
    await until(() => c.messages.length >= 2, "first output");
    const big = "x".repeat(200_000);
    c.ws.send(bytes(0, "abc"));
    c.ws.send(bytes(4, '{"Width":80,"Height":24}'));
    c.ws.send("hello");
    c.ws.send(bytes(0, big));
    await until(() => c.messages.length >= 6, "echoes");
    c.ws.send(new Uint8Array([255, 0]));
    expect((await c.closed).code).toBe(1000);
    expect(c.messages.slice(2).map(dec)).toEqual(["1:abc", '1:resize:{"Width":80,"Height":24}\n', "text:echo:hello", `1:${big}`, `3:${JSON.stringify({ metadata: {}, status: "Success" })}`]);
  });

  test("the client closing first closes the kubelet side", async () => {
    const before = kubelet.seen.length;
    const c = connect("/api/v1/namespaces/default/pods/one/exec?command=cat&stdin=true", ["v5.channel.k8s.io"]);
    await c.opened;
    expect(kubelet.seen.length).toBe(before + 1);
    c.ws.close(4001, "bye");
    expect((await c.closed).code).toBe(4001);
    await until(() => kubelet.seen.at(-1)!.closed !== undefined, "the kubelet side to close");
    expect(kubelet.seen.at(-1)!.closed).toBe(4001);
  });

  test("a flood of output arrives complete and in order while the client reads slowly", async () => {
    const total = 48 << 20;
    const ws = new WebSocket(`wss://127.0.0.1:${h.server.port}/api/v1/namespaces/default/pods/one/exec?command=flood&command=${total}`, {
      protocols: ["v5.channel.k8s.io"],
      headers: { authorization: `Bearer ${TOKEN}` },
      tls: { ca: h.server.caPem },
    } as unknown as string[]);
    ws.binaryType = "arraybuffer";
    let got = 0;
    let bad = -1;
    let status = "";
    const done = new Promise<number>((res) => (ws.onclose = (e) => res(e.code)));
    ws.onmessage = (e) => {
      const m = new Uint8Array(e.data as ArrayBuffer);
      if (m[0] === 3) status = new TextDecoder().decode(m.subarray(1));
      else {
        for (let i = 1; i < m.length; i++) if (m[i] !== (got + i - 1) % 251 && bad < 0) bad = got + i - 1;
        got += m.length - 1;
      }
      // a slow reader: block the client's event loop now and then
      if (got % (4 << 20) < 65536) Bun.sleepSync(20);
    };
    expect(await done).toBe(1000);
    expect(bad).toBe(-1);
    expect(got).toBe(total);
    expect(JSON.parse(status).status).toBe("Success");
  }, 30_000);

  test("a slow kubelet holds the client back instead of the apiserver buffering its input", async () => {
    const c = connect("/api/v1/namespaces/default/pods/one/exec?command=sink&command=1500&stdin=true", ["v5.channel.k8s.io"]);
    await c.opened;
    const msg = new Uint8Array(1 + (32 << 10)); // channel 0, then 32 KiB
    const total = 48 << 20;
    for (let sent = 0; sent < total; sent += msg.length - 1) c.ws.send(msg);
    await Bun.sleep(700);
    // with flow control most of it is still waiting in the client
    expect(c.ws.bufferedAmount).toBeGreaterThan(16 << 20);
    c.ws.send(new Uint8Array([255, 0]));
    await c.closed;
    expect(c.messages.map(dec)[0]).toBe(`1:${total}`);
  }, 30_000);

  test("a kubelet connection that drops ends the client's with 1011 after what was sent", async () => {
    const c = connect("/api/v1/namespaces/default/pods/one/exec?command=drop", ["v5.channel.k8s.io"]);
    await c.opened;
    expect(await c.closed).toEqual({ code: 1011, reason: "connection to the kubelet lost" });
    expect(c.messages.map(dec)).toEqual(["1:partial"]);
  });

  test("an init container can be named", async () => {
    const p = { ...pod("four", ["main"], "n1"), spec: { nodeName: "n1", initContainers: [{ name: "init", image: "busybox" }], containers: [{ name: "main", image: "busybox" }] } };
    expect((await h.call("POST", "/api/v1/namespaces/default/pods", p)).status).toBe(201);
    const c = connect("/api/v1/namespaces/default/pods/four/attach?container=init&stdout=true", ["v5.channel.k8s.io"]);
    await c.opened;
    await c.closed;
    expect(kubelet.seen.at(-1)!.path).toBe("/attach/default/four/init");
  });

  test("attach reaches /attach with the named container", async () => {
    const c = connect("/api/v1/namespaces/default/pods/two/attach?container=b&stdout=true", ["v5.channel.k8s.io"]);
    await c.opened;
    await c.closed;
    expect(c.messages.map(dec)).toEqual(["1:attached\n", `3:${JSON.stringify({ metadata: {}, status: "Success" })}`]);
    expect(kubelet.seen.at(-1)!.path).toBe("/attach/default/two/b");
    expect(kubelet.seen.at(-1)!.query.has("container")).toBe(false);
  });

  test("a kubelet refusal arrives on the error channel of the client's protocol", async () => {
    const c = connect("/api/v1/namespaces/default/pods/three/exec?command=ls", ["v5.channel.k8s.io"]);
    await c.opened;
    await c.closed;
    expect(c.messages.map(dec)).toEqual([`3:${JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "container stopped is not running", reason: "BadRequest", code: 400 })}`]);
    const base = connect("/api/v1/namespaces/default/pods/three/exec?command=ls", ["channel.k8s.io"]);
    await base.opened;
    await base.closed;
    expect(base.messages.map(dec)).toEqual(["3:container stopped is not running"]);
  });

  test("an unreachable kubelet is reported on the error channel (exec) or as 503 (port-forward)", async () => {
    const c = connect("/api/v1/namespaces/default/pods/lost/exec?command=ls", ["v5.channel.k8s.io"]);
    await c.opened;
    await c.closed;
    expect(c.messages).toHaveLength(1);
    const st = JSON.parse(dec(c.messages[0]!).slice(2));
    expect(st).toMatchObject({ status: "Failure", code: 503, reason: "ServiceUnavailable" });
    expect(st.message).toStartWith('unable to upgrade connection to the kubelet of node "n2": ');
    const r = await dialWebSocket(
      { url: `${h.server.url}/api/v1/namespaces/default/pods/lost/portforward`, protocols: ["SPDY/3.1+portforward.k8s.io"], headers: { Authorization: `Bearer ${TOKEN}` }, ca: h.server.caPem },
      { message: () => {}, close: () => {} },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toBe(503);
      expect(JSON.parse(r.body).message).toStartWith('unable to upgrade connection to the kubelet of node "n2": ');
    }
  });

  const refusals: [string, string, Record<string, string>, number, RegExp][] = [
    ["no container named in a pod with two", "/api/v1/namespaces/default/pods/two/exec?command=ls", { upgrade: "websocket", connection: "Upgrade" }, 400, /a container name must be specified for pod two, choose one of: \[a b\]/],
    ["an unknown container", "/api/v1/namespaces/default/pods/one/exec?command=ls&container=zzz", { upgrade: "websocket", connection: "Upgrade" }, 400, /container zzz is not valid for pod one/],
    ["a pod without a node", "/api/v1/namespaces/default/pods/floating/exec?command=ls", { upgrade: "websocket", connection: "Upgrade" }, 400, /pod floating does not have a host assigned/],
    ["a missing pod", "/api/v1/namespaces/default/pods/nope/exec?command=ls", {}, 404, /pods "nope" not found/],
    ["SPDY (no WebSocket upgrade)", "/api/v1/namespaces/default/pods/one/exec?command=ls", { "x-stream-protocol-version": "v4.channel.k8s.io" }, 400, /needs a WebSocket upgrade/],
    ["SPDY port-forward", "/api/v1/namespaces/default/pods/one/portforward", {}, 400, /SPDY\/3\.1\+portforward\.k8s\.io/],
  ];
  test.each(refusals)("refused before the kubelet: %s", async (_what, path, headers, code, message) => {
    const method = headers["upgrade"] ? "GET" : "POST";
    const res = await h.call(method, path, undefined, headers);
    expect(res.status).toBe(code);
    expect(res.body.kind).toBe("Status");
    expect(res.body.message).toMatch(message);
  });
});

describe("port-forward", () => {
  test("portforward.k8s.io channels: ports query, the kubelet's frames and client frames pass through", async () => {
    const got: string[] = [];
    let closed = null as number | undefined | null;
    const r = await dialWebSocket(
      { url: `${h.server.url}/api/v1/namespaces/default/pods/one/portforward?ports=8080`, protocols: ["portforward.k8s.io"], headers: { Authorization: `Bearer ${TOKEN}` }, ca: h.server.caPem },
      { message: (d, binary) => got.push(`${binary}:${Array.from(d).join(",")}`), close: (code) => (closed = code) },
    );
    if (!r.ok) throw new Error(`refused ${r.status} ${r.body}`);
    expect(r.protocol).toBe("portforward.k8s.io");
    r.conn.send(new Uint8Array([0, 1, 2, 3]));
    await until(() => got.length >= 2, "echo");
    expect(got).toEqual(["true:0,144,31", "true:0,1,2,3"]);
    expect(kubelet.seen.at(-1)!.path).toBe("/portForward/default/one");
    expect(kubelet.seen.at(-1)!.query.get("ports")).toBe("8080");
    r.conn.close(1000);
    await until(() => closed !== null, "close");
    expect(closed).toBe(1000);
    await until(() => kubelet.seen.at(-1)!.closed !== undefined, "the kubelet side to close");
    expect(kubelet.seen.at(-1)!.closed).toBe(1000);
  });

  test("a subprotocol the kubelet does not speak is refused with its message", async () => {
    const r = await dialWebSocket(
      { url: `${h.server.url}/api/v1/namespaces/default/pods/one/portforward`, protocols: ["nonsense"], headers: { Authorization: `Bearer ${TOKEN}` }, ca: h.server.caPem },
      { message: () => {}, close: () => {} },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).message).toBe("no supported subprotocol in nonsense");
    }
  });
});

describe.skipIf(!existsSync(KUBECTL))("the real kubectl through the relay", () => {
  const kubectl = async (args: string[], stdin?: string) => {
    const p = Bun.spawn([KUBECTL, "--kubeconfig", h.server.kubeconfigPath, "--cache-dir", join(h.dataDir, "kcache"), ...args], { stdin: stdin === undefined ? "ignore" : new Blob([stdin]), stdout: "pipe", stderr: "pipe" });
    const timer = setTimeout(() => p.kill(), 20_000);
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    clearTimeout(timer);
    return { out, err, code };
  };

  test("kubectl exec returns the output and the exit code", async () => {
    const r = await kubectl(["exec", "one", "--", "sh", "-c", "echo hi; exit 3"]);
    expect(r.out).toBe("out:sh -c echo hi; exit 3\n");
    expect(r.err).toContain("err\n");
    expect(r.code).toBe(3);
    expect(kubelet.seen.at(-1)!.chosen).toBe("v5.channel.k8s.io");
  });

  test("kubectl exec -i sends stdin and closes it", async () => {
    const r = await kubectl(["exec", "-i", "one", "--", "cat"], "hello\nworld\n");
    expect(r.out).toBe("out:cat\nhello\nworld\n");
    expect(r.code).toBe(0);
  });

  test("kubectl exec reports a kubelet refusal", async () => {
    await running("three");
    const r = await kubectl(["exec", "three", "--", "ls"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("container stopped is not running");
  });

  test("kubectl attach", async () => {
    const r = await kubectl(["attach", "two", "-c", "a"]);
    expect(r.out).toBe("attached\n");
    expect(kubelet.seen.at(-1)!.path).toBe("/attach/default/two/a");
  });

  test("kubectl port-forward tunnels SPDY through the relay to the pod's port", async () => {
    await running("two");
    const local = 20000 + (process.pid % 20000);
    const pf = Bun.spawn([KUBECTL, "--kubeconfig", h.server.kubeconfigPath, "--cache-dir", join(h.dataDir, "kcache"), "port-forward", "pod/one", `${local}:${web.port}`], { stdout: "pipe", stderr: "pipe" });
    try {
      const reader = pf.stdout.getReader();
      let banner = "";
      while (!banner.includes("Forwarding from")) {
        const r = await reader.read();
        if (r.done) break;
        banner += new TextDecoder().decode(r.value);
      }
      expect(banner).toContain(`Forwarding from 127.0.0.1:${local} -> ${web.port}`);
      for (let i = 0; i < 3; i++) expect(await (await fetch(`http://127.0.0.1:${local}/p${i}`)).text()).toBe(`served /p${i}\n`);
      expect(kubelet.seen.at(-1)!.chosen).toBe("SPDY/3.1+portforward.k8s.io");
    } finally {
      pf.kill();
      await pf.exited;
    }
  });
});
