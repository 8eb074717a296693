/**
 * The real kubectl's `debug` against the compiled `dist/kubun server` (apiserver and local
 * agent) with a busybox pod: the ephemeral container is added through
 * pods/ephemeralcontainers (strategic merge patch), started by the kubelet once, reported in
 * ephemeralContainerStatuses, and reached by `kubectl logs -c`, by `-i` (stdin through
 * attach) and by `-it` (a terminal through attach); `--target` shares the target's processes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { TOOLS, type Cluster } from "../../helpers/cluster.ts";
import { startNodeCluster } from "../../helpers/node-cluster.ts";
import { haveBusybox } from "../../integration/kubelet/fixtures/busybox-image.ts";

const enabled = process.getuid?.() === 0 && haveBusybox();
const POD_NET = `10.${150 + (process.pid % 50)}.${(process.pid >> 6) % 250}`;
let c: Cluster;

const POD = `apiVersion: v1
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
`;

interface EphemeralStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state: { running?: unknown; terminated?: { exitCode: number; reason: string }; waiting?: { reason: string } };
}

async function ok(p: Promise<{ code: number; stdout: string; stderr: string }>): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}\nserver log tail:\n${c.logs().slice(-3000)}`);
  return r.stdout;
}

/** The debug container's name kubectl made up ("Defaulting debug container name to debugger-xxxxx."). */
function debuggerName(out: string): string {
  const m = /Defaulting debug container name to (debugger-[a-z0-9]+)\./.exec(out);
  if (!m) throw new Error(`no debug container name in: ${out}`);
  return m[1]!;
}

async function ephemeralStatus(name: string): Promise<EphemeralStatus | undefined> {
  const pod = JSON.parse(await ok(c.kubectl(["get", "pod", "web", "-o", "json"]))) as { status?: { ephemeralContainerStatuses?: EphemeralStatus[] } };
  return pod.status?.ephemeralContainerStatuses?.find((s) => s.name === name);
}

async function waitTerminated(name: string): Promise<EphemeralStatus> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await ephemeralStatus(name);
    if (s?.state.terminated) return s;
    if (Date.now() > deadline) throw new Error(`${name} never terminated: ${JSON.stringify(s)}\n${c.logs().slice(-3000)}`);
    await Bun.sleep(250);
  }
}

describe.skipIf(!enabled)("kubectl debug against kubun server", () => {
  beforeAll(async () => {
    // A pod range of its own: pods other runs left behind on the shared bridge keep their
    // addresses, and a port-forward must not reach one of them.
    c = await startNodeCluster(["--kubelet-arg", `pod-cidr=${POD_NET}.0/24`]);
    await ok(c.kubectl(["apply", "-f", "-"], { stdin: POD }));
    await ok(c.kubectl(["wait", "--for=condition=Ready", "pod/web", "--timeout=60s"], { timeoutMs: 70_000 }));
  }, 120_000);

  afterAll(async () => {
    await c?.kubectl(["delete", "pod", "web", "--grace-period=1", "--wait=true", "--timeout=30s"], { timeoutMs: 40_000 });
    await c?.stop();
    Bun.spawnSync(["ip", "addr", "del", `${POD_NET}.1/24`, "dev", "kubun0"]);
  }, 60_000);

  test("kubectl debug adds an ephemeral container; its logs and terminated status follow", async () => {
    const r = await c.kubectl(["debug", "web", "--image=busybox:1.36", "--", "sh", "-c", "echo from-debug"]);
    expect(r.stderr).not.toContain("ephemeral containers are disabled");
    expect(r.code).toBe(0);
    const name = debuggerName(r.stdout + r.stderr);
    const st = await waitTerminated(name);
    expect(st).toMatchObject({ name, ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } });
    expect(await ok(c.kubectl(["logs", "web", "-c", name]))).toBe("from-debug\n");
    // the pod is untouched: its container runs, it stays Ready, the spec lists the debugger
    const pod = JSON.parse(await ok(c.kubectl(["get", "pod", "web", "-o", "json"])));
    expect(pod.status.phase).toBe("Running");
    expect(pod.spec.containers.map((x: { name: string }) => x.name)).toEqual(["httpd"]);
    expect(pod.spec.ephemeralContainers.find((x: { name: string }) => x.name === name)).toMatchObject({ image: "busybox:1.36", command: ["sh", "-c", "echo from-debug"] });
    // never restarted
    await Bun.sleep(1500);
    expect((await ephemeralStatus(name))?.restartCount).toBe(0);
  }, 60_000);

  test("kubectl debug --target shares the target container's processes", async () => {
    const r = await c.kubectl(["debug", "web", "--image=busybox:1.36", "--target=httpd", "--", "sh", "-c", "ps -o args | grep '[h]ttpd -f'; echo pid-$$"]);
    expect(r.code).toBe(0);
    const name = debuggerName(r.stdout + r.stderr);
    expect((await waitTerminated(name)).state.terminated!.exitCode).toBe(0);
    const logs = await ok(c.kubectl(["logs", "web", "-c", name]));
    expect(logs).toContain("httpd -f -p 8080 -h /var/www");
    expect(logs).not.toContain("pid-1\n");
  }, 60_000);

  test("kubectl debug -i passes stdin through attach", async () => {
    const r = await c.kubectl(["debug", "-i", "web", "--image=busybox:1.36", "--", "sh", "-c", "read x; echo got-$x"], { stdin: "hello\n", timeoutMs: 45_000 });
    expect(r.stdout).toContain("got-hello");
    expect(r.code).toBe(0);
    const name = debuggerName(r.stdout + r.stderr);
    expect((await waitTerminated(name)).state.terminated!.exitCode).toBe(0);
  }, 60_000);

  test("kubectl debug -it gives a shell on a terminal", async () => {
    let screen = "";
    const p = Bun.spawn([join(TOOLS, "kubectl"), "--cache-dir", join(c.dir, "kube-cache"), "debug", "-it", "web", "--image=busybox:1.36", "--", "sh"], {
      env: { ...process.env, KUBECONFIG: c.kubeconfig, HOME: c.dir },
      terminal: { cols: 100, rows: 30, data: (_t: unknown, d: Uint8Array) => (screen += new TextDecoder().decode(d)) },
    } as Parameters<typeof Bun.spawn>[1]);
    const timer = setTimeout(() => p.kill(), 40_000);
    const until = async (re: RegExp, ms: number) => {
      const end = Date.now() + ms;
      while (!re.test(screen) && Date.now() < end) await Bun.sleep(50);
      if (!re.test(screen)) throw new Error(`never saw ${re} on the terminal:\n${screen}`);
    };
    try {
      await until(/If you don't see a command prompt, try pressing enter\./, 30_000);
      const term = (p as unknown as { terminal: { write(s: string): void } }).terminal;
      await Bun.sleep(300);
      term.write("[ -t 0 ] && echo tty-$((6*7)); stty size\r");
      await until(/tty-42/, 10_000);
      await until(/30 100/, 5_000);
      term.write("exit 3\r");
      expect(await p.exited).toBe(0);
    } finally {
      clearTimeout(timer);
      p.kill();
    }
    const name = debuggerName(screen);
    const st = await waitTerminated(name);
    expect(st.state.terminated!.exitCode).toBe(3);
  }, 60_000);
});
