/**
 * logs through the apiserver with a stand-in kubelet stream proxy, and exec against a
 * stand-in server that speaks the v5.channel.k8s.io WebSocket protocol over TLS.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { bufferIO, runCtl } from "../../../src/cli/ctl/index.ts";
import { startHarness, type Harness } from "../apiserver/harness.ts";
import { create, type CtlHarness } from "./harness.ts";

const NS = "ctl-logs";
let api: Harness;
let h: CtlHarness;
const logRequests: URL[] = [];

function podWith(name: string, containers: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels: { app: "logs" } }, spec: { containers: containers.map((c) => ({ name: c, image: "busybox" })), ...extra } };
}

beforeAll(async () => {
  api = await startHarness({
    streams: async (_req, pod, sub, url) => {
      logRequests.push(url);
      if (sub !== "log") return new Response("unsupported", { status: 400 });
      const name = (pod.metadata as { name: string }).name;
      return new Response(`hello from ${name}/${url.searchParams.get("container")}\nsecond line\n`);
    },
  });
  const kubeconfig = api.server.kubeconfigPath;
  h = {
    api,
    kubeconfig,
    dir: api.dataDir,
    async ctl(args, opts = {}) {
      const io = bufferIO(opts.stdin ?? "", opts.signal);
      const code = await runCtl(["--kubeconfig", opts.kubeconfig ?? kubeconfig, ...args], io);
      return { code, stdout: io.stdout, stderr: io.stderr };
    },
    file: (name, text) => {
      const p = join(api.dataDir, name);
      writeFileSync(p, text);
      return p;
    },
    stop: () => api.stop(),
  };
  await create(h, "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  await create(h, `/api/v1/namespaces/${NS}/pods`, podWith("one", ["app"], { nodeName: "node-a" }));
  await create(h, `/api/v1/namespaces/${NS}/pods`, podWith("two", ["main", "sidecar"], { nodeName: "node-a" }));
  await create(h, `/api/v1/namespaces/${NS}/pods`, podWith("unbound", ["app"]));
});
afterAll(() => h.stop());

describe("logs", () => {
  test("prints the container's log and passes the options on", async () => {
    const r = await h.ctl(["logs", "one", "-n", NS, "--tail", "5", "--timestamps"]);
    expect(r).toEqual({ code: 0, stdout: "hello from one/app\nsecond line\n", stderr: "" });
    const q = logRequests.at(-1)!.searchParams;
    expect([q.get("tailLines"), q.get("timestamps"), q.get("container")]).toEqual(["5", "true", "app"]);
  });

  test("with several containers: -c picks one, else the first with kubectl's notice", async () => {
    const c = await h.ctl(["logs", "two", "-c", "sidecar", "-n", NS]);
    expect(c.stdout).toBe("hello from two/sidecar\nsecond line\n");
    const d = await h.ctl(["logs", "pod/two", "-n", NS]);
    expect(d).toEqual({ code: 0, stdout: "hello from two/main\nsecond line\n", stderr: 'Defaulted container "main" out of: main, sidecar\n' });
    const all = await h.ctl(["logs", "two", "--all-containers", "--prefix", "-n", NS]);
    expect(all.stdout).toBe("[pod/two/main] hello from two/main\n[pod/two/main] second line\n[pod/two/sidecar] hello from two/sidecar\n[pod/two/sidecar] second line\n");
  });

  test("errors: missing pods, pods without a node", async () => {
    expect(await h.ctl(["logs", "nope", "-n", NS])).toEqual({ code: 1, stdout: "", stderr: `error: error from server (NotFound): pods "nope" not found in namespace "${NS}"\n` });
    expect(await h.ctl(["logs", "unbound", "-n", NS])).toEqual({ code: 1, stdout: "", stderr: "Error from server (BadRequest): pod unbound does not have a host assigned\n" });
    expect((await h.ctl(["logs"])).code).toBe(1);
  });
});

describe("exec", () => {
  let server: ReturnType<typeof Bun.serve> | undefined;
  let kubeconfig = "";
  const seen: { command: string[]; stdin: string; protocol: string | null; auth: string | null }[] = [];

  beforeAll(() => {
    const pod = podWith("runner", ["app"], { nodeName: "node-a" });
    (pod as { status?: unknown }).status = { phase: "Running" };
    const enc = new TextEncoder();
    const frame = (ch: number, text: string) => new Uint8Array([ch, ...enc.encode(text)]);
    server = Bun.serve<{ command: string[]; stdin: string; protocol: string | null; auth: string | null }>({
      port: 0,
      hostname: "127.0.0.1",
      tls: { cert: api.server.pki.serving.certPem, key: api.server.pki.serving.keyPem },
      fetch(req, srv) {
        const url = new URL(req.url);
        if (url.pathname === `/api/v1/namespaces/${NS}/pods/runner`) return Response.json({ ...pod, metadata: { ...(pod.metadata as object), namespace: NS } });
        if (url.pathname === `/api/v1/namespaces/${NS}/pods/runner/exec`) {
          const data = { command: url.searchParams.getAll("command"), stdin: "", protocol: req.headers.get("sec-websocket-protocol"), auth: req.headers.get("authorization") };
          if (srv.upgrade(req, { data, headers: { "Sec-WebSocket-Protocol": "v5.channel.k8s.io" } })) return undefined;
          return Response.json({ kind: "Status", apiVersion: "v1", status: "Failure", message: "upgrade request required", reason: "BadRequest", code: 400 }, { status: 400 });
        }
        return Response.json({ kind: "Status", apiVersion: "v1", status: "Failure", message: "not found", reason: "NotFound", code: 404 }, { status: 404 });
      },
      websocket: {
        open(ws) {
          const [cmd] = ws.data.command;
          if (cmd === "echo") {
            ws.send(frame(1, ws.data.command.slice(1).join(" ") + "\n"));
            ws.send(frame(2, "to stderr\n"));
            ws.send(frame(3, JSON.stringify({ metadata: {}, status: "Success" })));
            ws.close(1000);
          } else if (cmd === "false") {
            ws.send(frame(3, JSON.stringify({ metadata: {}, status: "Failure", message: "command terminated with non-zero exit code", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "3" }] } })));
            ws.close(1000);
          }
        },
        message(ws, msg) {
          const bytes = typeof msg === "string" ? enc.encode(msg) : new Uint8Array(msg);
          if (bytes[0] === 0) ws.data.stdin += new TextDecoder().decode(bytes.subarray(1));
          if (bytes[0] === 255 && bytes[1] === 0) {
            // stdin closed: answer with what came in, as `cat` would
            seen.push(ws.data);
            ws.send(frame(1, ws.data.stdin));
            ws.send(frame(3, JSON.stringify({ metadata: {}, status: "Success" })));
            ws.close(1000);
          }
        },
      },
    });
    kubeconfig = h.file(
      "exec.kubeconfig",
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: c",
        "  cluster:",
        `    server: https://127.0.0.1:${server.port}`,
        `    certificate-authority-data: ${Buffer.from(api.server.caPem).toString("base64")}`,
        "contexts:",
        "- name: c",
        "  context: {cluster: c, user: u, namespace: " + NS + "}",
        "users:",
        "- name: u",
        "  user: {token: t0k3n}",
        "current-context: c",
        "",
      ].join("\n"),
    );
  });
  afterAll(() => server?.stop(true));

  test("runs the command and relays stdout and stderr", async () => {
    const r = await h.ctl(["exec", "runner", "--", "echo", "hi", "there"], { kubeconfig });
    expect(r).toEqual({ code: 0, stdout: "hi there\n", stderr: "to stderr\n" });
  });

  test("exits with the command's exit code, as kubectl says it", async () => {
    const r = await h.ctl(["exec", "runner", "--", "false"], { kubeconfig });
    expect(r).toEqual({ code: 3, stdout: "", stderr: "command terminated with exit code 3\n" });
  });

  test("-i sends standard input and closes it (v5)", async () => {
    const r = await h.ctl(["exec", "-i", "runner", "--", "cat"], { kubeconfig, stdin: "some input\n" });
    expect(r).toEqual({ code: 0, stdout: "some input\n", stderr: "" });
    expect(seen.at(-1)).toEqual({ command: ["cat"], stdin: "some input\n", protocol: "v5.channel.k8s.io, v4.channel.k8s.io", auth: "Bearer t0k3n" });
  });

  test("a refused upgrade prints the server's Status; usage errors", async () => {
    const noHost = await h.ctl(["exec", "unbound", "-n", NS, "--", "ls"]);
    expect(noHost).toEqual({ code: 1, stdout: "", stderr: "Error from server (BadRequest): pod unbound does not have a host assigned\n" });
    expect(await h.ctl(["exec", "runner"], { kubeconfig })).toEqual({ code: 1, stdout: "", stderr: "error: you must specify at least one command for the container\n" });
    expect((await h.ctl(["exec"], { kubeconfig })).stderr).toBe("error: pod, type/name or --filename must be specified\n");
  });
});
