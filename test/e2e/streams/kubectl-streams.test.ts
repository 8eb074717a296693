/**
 * The real kubectl against the compiled `dist/kubun server` (apiserver and local agent):
 * exec (exit codes, stdin, large output, a pseudo-terminal with -it), cp, attach and
 * port-forward reach busybox containers through the apiserver's relay to the kubelet;
 * @kubernetes/client-node's Exec and PortForward (plain WebSocket channels) do too.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { PassThrough, Readable } from "node:stream";
import { Exec, KubeConfig, PortForward } from "@kubernetes/client-node";
import { join } from "node:path";
import { TOOLS, type Cluster } from "../../helpers/cluster.ts";
import { startNodeCluster } from "../../helpers/node-cluster.ts";
import { freePort } from "../../helpers/ports.ts";
import { haveBusybox } from "../../integration/kubelet/fixtures/busybox-image.ts";

const enabled = process.getuid?.() === 0 && haveBusybox();
const POD_NET = `10.${200 + (process.pid % 50)}.${(process.pid >> 6) % 250}`;
let c: Cluster;

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
    command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"]
---
apiVersion: v1
kind: Pod
metadata:
  name: talker
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.2; done"]
`;

async function ok(p: Promise<{ code: number; stdout: string; stderr: string }>): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}\nserver log tail:\n${c.logs().slice(-3000)}`);
  return r.stdout;
}

function kubectlProc(args: string[], opts: Parameters<typeof Bun.spawn>[1] = {}) {
  return Bun.spawn([join(TOOLS, "kubectl"), "--cache-dir", join(c.dir, "kube-cache"), ...args], { ...opts, env: { ...process.env, KUBECONFIG: c.kubeconfig, HOME: c.dir } });
}

async function readUntil(stream: ReadableStream<Uint8Array>, re: RegExp, ms: number): Promise<string> {
  const reader = stream.getReader();
  let got = "";
  const deadline = Date.now() + ms;
  while (!re.test(got) && Date.now() < deadline) {
    const r = await Promise.race([reader.read(), Bun.sleep(Math.max(deadline - Date.now(), 1)).then(() => ({ done: true, value: undefined }))]);
    if (r.done || !r.value) break;
    got += new TextDecoder().decode(r.value);
  }
  reader.releaseLock();
  return got;
}

describe.skipIf(!enabled)("kubectl streams against kubun server", () => {
  beforeAll(async () => {
    // A pod range of its own: pods other runs left behind on the shared bridge keep their
    // addresses, and a port-forward must not reach one of them.
    c = await startNodeCluster(["--kubelet-arg", `pod-cidr=${POD_NET}.0/24`]);
    await ok(c.kubectl(["apply", "-f", "-"], { stdin: PODS }));
    await ok(c.kubectl(["wait", "--for=condition=Ready", "pod/web", "pod/talker", "--timeout=60s"], { timeoutMs: 70_000 }));
  }, 120_000);

  afterAll(async () => {
    await c?.kubectl(["delete", "pod", "web", "talker", "--grace-period=1", "--wait=true", "--timeout=30s"], { timeoutMs: 40_000 });
    await c?.stop();
    // the node's gateway address for that range stays on the shared bridge otherwise
    Bun.spawnSync(["ip", "addr", "del", `${POD_NET}.1/24`, "dev", "kubun0"]);
  }, 60_000);

  test("kubectl exec prints the output and exits with the command's code", async () => {
    const r = await c.kubectl(["exec", "web", "--", "sh", "-c", "echo hi; echo oops >&2; exit 3"]);
    expect(r.stdout).toBe("hi\n");
    expect(r.stderr).toContain("oops\n");
    expect(r.code).toBe(3);
    expect(await ok(c.kubectl(["exec", "web", "-c", "httpd", "--", "cat", "/var/www/index.html"]))).toBe("hello from busybox httpd\n");
  }, 30_000);

  test("kubectl exec carries large output completely", async () => {
    const r = await c.kubectl(["exec", "web", "--", "head", "-c", "30000000", "/dev/zero"], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(30_000_000);
  }, 70_000);

  test("kubectl exec -i passes stdin through", async () => {
    const r = await c.kubectl(["exec", "-i", "web", "--", "cat"], { stdin: "hello\nworld\n" });
    expect(r).toMatchObject({ code: 0, stdout: "hello\nworld\n" });
  }, 30_000);

  // The command starts when the kubelet accepts the session; kubectl's first resize
  // message follows, so the size is read after a moment (upstream races the same way).
  test("kubectl exec -it runs the command on a terminal of the client's size", async () => {
    let screen = "";
    const p = kubectlProc(["exec", "-it", "web", "--", "sh", "-c", "[ -t 0 ] && [ -t 1 ] && echo is-a-tty; sleep 1; stty size; exit 5"], {
      terminal: { cols: 100, rows: 30, data: (_t: unknown, d: Uint8Array) => (screen += new TextDecoder().decode(d)) },
    } as Parameters<typeof Bun.spawn>[1]);
    const timer = setTimeout(() => p.kill(), 20_000);
    expect(await p.exited).toBe(5);
    clearTimeout(timer);
    await Bun.sleep(100);
    expect(screen).toContain("is-a-tty");
    expect(screen).toContain("30 100");
  }, 30_000);

  test("kubectl exec names what is wrong with a bad container", async () => {
    const r = await c.kubectl(["exec", "web", "-c", "nope", "--", "true"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("container nope is not valid for pod web");
  }, 30_000);

  test("kubectl cp copies a file in and out (tar over exec stdin and stdout)", async () => {
    const data = crypto.getRandomValues(new Uint8Array(3 << 20));
    const src = join(c.dir, "blob.bin");
    writeFileSync(src, data);
    await ok(c.kubectl(["cp", src, "web:/tmp/blob.bin"], { timeoutMs: 60_000 }));
    const sum = new Bun.CryptoHasher("md5").update(data).digest("hex");
    expect(await ok(c.kubectl(["exec", "web", "--", "md5sum", "/tmp/blob.bin"]))).toBe(`${sum}  /tmp/blob.bin\n`);
    const back = join(c.dir, "back.bin");
    await ok(c.kubectl(["cp", "web:/tmp/blob.bin", back], { timeoutMs: 60_000 }));
    expect(new Uint8Array(readFileSync(back))).toEqual(data);
  }, 90_000);

  test("kubectl attach streams the container's output", async () => {
    const p = kubectlProc(["attach", "talker"], { stdout: "pipe", stderr: "pipe" });
    try {
      expect(await readUntil(p.stdout as ReadableStream<Uint8Array>, /line-\d+\n/, 15_000)).toMatch(/line-\d+\n/);
    } finally {
      p.kill();
      await p.exited;
    }
  }, 30_000);

  test("kubectl port-forward reaches busybox httpd in the pod", async () => {
    const local = await freePort();
    const pf = kubectlProc(["port-forward", "pod/web", `${local}:8080`], { stdout: "pipe", stderr: "pipe" });
    try {
      const banner = await readUntil(pf.stdout as ReadableStream<Uint8Array>, /Forwarding from/, 15_000);
      expect(banner).toContain(`Forwarding from 127.0.0.1:${local} -> 8080`);
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`http://127.0.0.1:${local}/index.html`).catch(async (err: Error) => {
          // say why: kubectl's own error, the pod's address and the host's routes to it
          pf.kill();
          const why = await new Response(pf.stderr as ReadableStream<Uint8Array>).text();
          const ip = (await c.kubectl(["get", "pod", "web", "-o", "jsonpath={.status.podIP}"])).stdout;
          const route = Bun.spawnSync(["ip", "route", "get", ip || "127.0.0.1"]).stdout.toString();
          throw new Error(`${err.message}; kubectl: ${why.trim()}; pod IP ${ip}; route: ${route.trim()}`);
        });
        expect(res.status).toBe(200);
        expect(await res.text()).toBe("hello from busybox httpd\n");
      }
      // parallel connections share the tunnel
      const bodies = await Promise.all(Array.from({ length: 5 }, () => fetch(`http://127.0.0.1:${local}/`).then((r) => r.text())));
      expect(bodies.every((b) => b === "hello from busybox httpd\n")).toBe(true);
    } finally {
      pf.kill();
      await pf.exited;
    }
  }, 30_000);

  test("kubectl get --raw reaches the pod and the kubelet through pods/proxy and nodes/proxy", async () => {
    expect(await ok(c.kubectl(["get", "--raw", "/api/v1/namespaces/default/pods/web:8080/proxy/index.html"]))).toBe("hello from busybox httpd\n");
    const missing = await c.kubectl(["get", "--raw", "/api/v1/namespaces/default/pods/web:8080/proxy/nope.html"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("NotFound");
    const node = (await ok(c.kubectl(["get", "pod", "web", "-o", "jsonpath={.spec.nodeName}"]))).trim();
    expect(await ok(c.kubectl(["get", "--raw", `/api/v1/nodes/${node}/proxy/healthz`]))).toBe("ok");
  }, 30_000);

  describe("@kubernetes/client-node", () => {
    const kc = () => {
      const k = new KubeConfig();
      k.loadFromFile(c.kubeconfig);
      return k;
    };
    const collect = () => {
      const s = new PassThrough();
      let text = "";
      s.on("data", (d: Buffer) => (text += d.toString()));
      return { s, text: () => text };
    };

    test("Exec reports output and the exit status", async () => {
      const out = collect();
      const err = collect();
      const status = await new Promise<{ status?: string; reason?: string; details?: { causes?: { reason?: string; message?: string }[] } }>((resolve, reject) => {
        new Exec(kc()).exec("default", "web", "httpd", ["sh", "-c", "read x; echo got-$x; echo e >&2; exit 4"], out.s, err.s, Readable.from(["line\n"]), false, resolve).catch(reject);
      });
      expect(status).toMatchObject({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "4" }] } });
      await Bun.sleep(50);
      expect(out.text()).toBe("got-line\n");
      expect(err.text()).toBe("e\n");
    }, 30_000);

    test("PortForward reaches the httpd over portforward channels", async () => {
      const pf = new PortForward(kc());
      const server = createServer((sock) => void pf.portForward("default", "web", [8080], sock, null, sock));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      try {
        const port = (server.address() as AddressInfo).port;
        for (let i = 0; i < 2; i++) {
          const res = await fetch(`http://127.0.0.1:${port}/index.html`, { headers: { connection: "close" } });
          expect(await res.text()).toBe("hello from busybox httpd\n");
        }
      } finally {
        server.close();
      }
    }, 30_000);
  });
});
