/**
 * Input that reaches an exec stream while the command is still being started (kubectl
 * sends the terminal size and stdin the moment the stream opens) is applied once it runs.
 */
import { expect, test } from "bun:test";
import type { ContainerRuntime, ExecSession } from "../../../../src/kubelet/runtime/runtime.ts";
import { CH } from "../../../../src/kubelet/server/channels.ts";
import { type WsSession, wsHandlers } from "../../../../src/kubelet/server/websocket.ts";

test("the first size starts the command; resize, stdin and stdin close sent before it runs are applied to it, in order", async () => {
  const calls: string[] = [];
  const opened: unknown[] = [];
  let release!: () => void;
  const started = new Promise<void>((r) => (release = r));
  let finish!: (code: number) => void;
  const session: ExecSession = {
    stdout: new ReadableStream({ start: (c) => c.close() }),
    stderr: null as never,
    writeStdin: (d) => calls.push(`stdin:${new TextDecoder().decode(d)}`),
    closeStdin: () => calls.push("close"),
    resize: (w, h) => calls.push(`resize:${w}x${h}`),
    exited: new Promise<number>((r) => (finish = r)),
    kill: () => {},
  };
  const runtime = {
    exec: async (_id: string, _argv: string[], opts: unknown) => {
      opened.push(opts);
      await started; // still starting while the client's first frames arrive
      return session;
    },
  } as unknown as ContainerRuntime;
  const sent: Uint8Array[] = [];
  const data: WsSession = { kind: "exec", protocol: "v5.channel.k8s.io", runtime, containerId: "c", logPath: "", argv: ["sh"], stdin: true, stdout: true, stderr: false, tty: true };
  const ws = {
    data,
    readyState: 1,
    sendBinary: (b: Uint8Array) => void sent.push(b),
    getBufferedAmount: () => 0,
    close: () => {},
    pause: () => {},
    resume: () => {},
  };
  const h = wsHandlers();
  h.open!(ws as never);
  const enc = new TextEncoder();
  h.message!(ws as never, new Uint8Array([CH.resize, ...enc.encode(JSON.stringify({ Width: 100, Height: 30 }))]) as never);
  await Bun.sleep(10);
  // the terminal is made with the client's size, not resized after the command started
  expect(opened).toEqual([{ tty: true, stdin: true, size: { width: 100, height: 30 } }]);
  h.message!(ws as never, new Uint8Array([CH.resize, ...enc.encode(JSON.stringify({ Width: 120, Height: 40 }))]) as never);
  h.message!(ws as never, new Uint8Array([CH.stdin, ...enc.encode("a")]) as never);
  h.message!(ws as never, new Uint8Array([CH.stdin, ...enc.encode("b")]) as never);
  h.message!(ws as never, new Uint8Array([CH.close, CH.stdin]) as never);
  expect(calls).toEqual([]);
  release();
  await Bun.sleep(10);
  expect(calls).toEqual(["resize:120x40", "stdin:a", "stdin:b", "close"]);
  // later input goes straight to the running command
  h.message!(ws as never, new Uint8Array([CH.resize, ...enc.encode(JSON.stringify({ Width: 80, Height: 24 }))]) as never);
  expect(calls.at(-1)).toBe("resize:80x24");
  finish(0);
});
