/**
 * The real kubectl (v1.34) against the kubelet's stream endpoints through a pass-through
 * proxy: logs (-f, --tail), exec (with exit codes, with and without a pseudo-terminal),
 * and port-forward (SPDY/3.1 tunnelled in a WebSocket) to a busybox httpd.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeKubeletApi } from "../../../src/kubelet/api/fake-api.ts";
import type { Pod } from "../../../src/kubelet/api/types.ts";
import { type KubeletHandle, runKubelet } from "../../../src/kubelet/run.ts";
import { findHostTools } from "../../../src/kubelet/runtime/process/tools.ts";
import { REPO_ROOT } from "../../helpers/binary.ts";
import { waitFor } from "../../unit/kubelet/harness.ts";
import { startApiProxy } from "./fixtures/api-proxy.ts";
import { buildBusyboxImage, haveBusybox } from "./fixtures/busybox-image.ts";

const KUBECTL = join(REPO_ROOT, ".cache", "tools", "kubectl");
const enabled = process.getuid?.() === 0 && haveBusybox() && findHostTools().ip !== null;
const IMAGE = "kubun.test/busybox:1.35";

describe.skipIf(!enabled)("kubectl logs, exec and port-forward through to the kubelet", () => {
  let dir: string;
  let api: FakeKubeletApi;
  let h: KubeletHandle;
  let proxy: ReturnType<typeof startApiProxy>;
  let kubeconfig: string;
  const bridge = `kk${process.pid % 100000}`;

  const kubectl = async (args: string[], timeoutMs = 20_000) => {
    const p = Bun.spawn([KUBECTL, "--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kcache"), ...args], { stdout: "pipe", stderr: "pipe" });
    const timer = setTimeout(() => p.kill(), timeoutMs);
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    clearTimeout(timer);
    return { out, err, code };
  };

  beforeAll(async () => {
    if (!existsSync(KUBECTL)) expect(Bun.spawnSync(["bash", join(REPO_ROOT, "scripts", "tools.sh")]).exitCode).toBe(0);
    dir = mkdtempSync(join(tmpdir(), "kubun-kubectl-"));
    mkdirSync(join(dir, "agent", "images"), { recursive: true });
    await buildBusyboxImage(join(dir, "agent", "images", "bb.tar"), { name: IMAGE });
    api = new FakeKubeletApi();
    h = await runKubelet({ api, dataDir: dir, nodeName: "kn", nodeIP: "127.0.0.1", podCIDR: `10.254.${process.pid % 200}.0/24`, bridgeName: bridge, server: { port: 0, hostname: "127.0.0.1" } });
    proxy = startApiProxy(api, h.server!.port!);
    kubeconfig = join(dir, "kubeconfig");
    writeFileSync(kubeconfig, proxy.kubeconfig);
    api.putPod({
      metadata: { name: "web", namespace: "default" },
      spec: {
        nodeName: "kn",
        terminationGracePeriodSeconds: 2,
        containers: [
          { name: "httpd", image: IMAGE, command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"] },
          { name: "talker", image: IMAGE, command: ["sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done"] },
        ],
      } as Pod["spec"],
    });
    await waitFor(() => api.getPod("default", "web")?.status?.phase === "Running", 15_000, "web running");
  }, 60_000);

  afterAll(async () => {
    proxy?.server.stop(true);
    await h?.stop({ killPods: true });
    Bun.spawnSync(["ip", "link", "del", bridge]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("kubectl logs --tail and -f", async () => {
    await Bun.sleep(600);
    const r = await kubectl(["logs", "web", "-c", "talker", "--tail=2"]);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^line \d+\nline \d+\n$/);
    const p = Bun.spawn([KUBECTL, "--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kcache"), "logs", "-f", "web", "-c", "talker", "--tail=0"], { stdout: "pipe", stderr: "pipe" });
    const reader = p.stdout.getReader();
    let got = "";
    while (!/line \d+\nline \d+\n/.test(got)) got += new TextDecoder().decode((await reader.read()).value);
    p.kill();
    await p.exited;
    expect(got).toMatch(/line \d+\n/);
  });

  test("kubectl exec returns output and exit codes; -t gets a terminal", async () => {
    const ok = await kubectl(["exec", "web", "-c", "talker", "--", "sh", "-c", "echo from $(hostname); cat /etc/hostname"]);
    expect(ok).toEqual({ out: "from web\nweb\n", err: "", code: 0 });
    const bad = await kubectl(["exec", "web", "-c", "talker", "--", "sh", "-c", "echo oops >&2; exit 7"]);
    expect(bad.code).toBe(7);
    expect(bad.err).toContain("oops");
    // -it needs kubectl itself on a terminal: run it on one.
    let screen = "";
    const term = Bun.spawn([KUBECTL, "--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kcache"), "exec", "-it", "web", "-c", "talker", "--", "sh", "-c", "[ -t 0 ] && [ -t 1 ] && echo is-a-tty; stty size"], {
      terminal: { cols: 100, rows: 30, data: (_t, d) => (screen += new TextDecoder().decode(d)) },
    });
    expect(await term.exited).toBe(0);
    // the terminal's last output may come after the exit
    for (let i = 0; i < 100 && !screen.includes("30 100"); i++) await Bun.sleep(20);
    expect(screen).toContain("is-a-tty");
    expect(screen).toContain("30 100");
    const stdin = Bun.spawn([KUBECTL, "--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kcache"), "exec", "-i", "web", "-c", "talker", "--", "sh", "-c", "read x; echo got:$x"], { stdin: new Blob(["hello\n"]), stdout: "pipe", stderr: "pipe" });
    expect(await new Response(stdin.stdout).text()).toBe("got:hello\n");
    expect(await stdin.exited).toBe(0);
  });

  test("kubectl attach streams the container's output from now on", async () => {
    const p = Bun.spawn([KUBECTL, "--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kcache"), "attach", "web", "-c", "talker"], { stdout: "pipe", stderr: "pipe" });
    const reader = p.stdout.getReader();
    let got = "";
    const deadline = Date.now() + 10_000;
    while (!/line \d+\n/.test(got) && Date.now() < deadline) {
      const r = await reader.read();
      if (r.done) break;
      got += new TextDecoder().decode(r.value);
    }
    p.kill();
    await p.exited;
    expect(got).toMatch(/line \d+\n/);
  });

  test("kubectl port-forward reaches busybox httpd in the pod", async () => {
    const local = 20000 + (process.pid % 20000);
    const pf = Bun.spawn([KUBECTL, "--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kcache"), "port-forward", "pod/web", `${local}:8080`], { stdout: "pipe", stderr: "pipe" });
    try {
      const reader = pf.stdout.getReader();
      let banner = "";
      while (!banner.includes("Forwarding from")) {
        const r = await reader.read();
        if (r.done) break;
        banner += new TextDecoder().decode(r.value);
      }
      expect(banner).toContain(`Forwarding from 127.0.0.1:${local} -> 8080`);
      for (let i = 0; i < 3; i++) {
        const body = await (await fetch(`http://127.0.0.1:${local}/index.html`)).text();
        expect(body).toBe("hello from busybox httpd\n");
      }
    } finally {
      pf.kill();
      await pf.exited;
    }
  });
});
