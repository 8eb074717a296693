import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import zlib from "node:zlib";
import { chooseProtocol, exitStatus, frame, STREAM_PROTOCOLS } from "../../../../src/kubelet/server/channels.ts";
import { SpdySession, type SpdyStream } from "../../../../src/kubelet/server/spdy.ts";
import { SPDY3_DICTIONARY } from "../../../../src/kubelet/server/spdy-dictionary.ts";

function headerBlock(deflate: zlib.Deflate, h: Record<string, string>): Promise<Buffer> {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0]!.writeUInt32BE(Object.keys(h).length);
  for (const [k, v] of Object.entries(h))
    for (const s of [k, v]) {
      const l = Buffer.alloc(4);
      l.writeUInt32BE(Buffer.byteLength(s));
      parts.push(l, Buffer.from(s));
    }
  const out: Buffer[] = [];
  const on = (c: Buffer) => out.push(c);
  deflate.on("data", on);
  return new Promise((resolve) => {
    deflate.write(Buffer.concat(parts));
    deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      deflate.off("data", on);
      resolve(Buffer.concat(out));
    });
  });
}

function control(type: number, flags: number, payload: Uint8Array): Uint8Array {
  const f = Buffer.alloc(8 + payload.length);
  f[0] = 0x80;
  f[1] = 3;
  f.writeUInt16BE(type, 2);
  f[4] = flags;
  f.writeUIntBE(payload.length, 5, 3);
  Buffer.from(payload).copy(f, 8);
  return f;
}

describe("SPDY/3", () => {
  test("the dictionary is the spec's", () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(createHash("sha256").update(SPDY3_DICTIONARY).digest("hex")).toBe("51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02");
  });

  test("streams: headers across one compression context, data, FIN, ping, split frames", async () => {
    const sent: Uint8Array[] = [];
    const streams: SpdyStream[] = [];
    const s = new SpdySession((b) => sent.push(b), { onStream: (st) => streams.push(st) });
    const deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
    for (const [id, type] of [
      [1, "error"],
      [3, "data"],
    ] as const) {
      const block = await headerBlock(deflate, { streamtype: type, port: "8080", requestid: "0" });
      const p = Buffer.alloc(10 + block.length);
      p.writeUInt32BE(id, 0);
      block.copy(p, 10);
      const f = control(1, 0, p);
      s.feed(f.subarray(0, 5));
      s.feed(f.subarray(5));
    }
    expect(streams.map((x) => [x.id, Object.fromEntries(x.headers)])).toEqual([
      [1, { streamtype: "error", port: "8080", requestid: "0" }],
      [3, { streamtype: "data", port: "8080", requestid: "0" }],
    ]);
    const got: string[] = [];
    let ended = false;
    streams[1]!.onData = (d) => got.push(new TextDecoder().decode(d));
    streams[1]!.onEnd = () => (ended = true);
    const data = Buffer.alloc(8 + 5);
    data.writeUInt32BE(3, 0);
    data[4] = 1; // FIN
    data.writeUIntBE(5, 5, 3);
    data.write("hello", 8);
    s.feed(data);
    expect(got).toEqual(["hello"]);
    expect(ended).toBe(true);
    s.feed(control(6, 0, new Uint8Array([0, 0, 0, 7])));
    streams[1]!.write(new TextEncoder().encode("back"));
    streams[1]!.end();
    s.reply(streams[0]!);
    await Bun.sleep(20);
    const types = sent.map((b) => ((b[0]! & 0x80) ? `ctl${b[3]}` : `data${new DataView(b.buffer, b.byteOffset).getUint32(0)}:${b[4]}`));
    expect(types).toEqual(["ctl6", "data3:0", "data3:1", "ctl2"]);
    expect(new TextDecoder().decode(sent[1]!.subarray(8))).toBe("back");
    s.close();
  });
});

describe("stream channel helpers", () => {
  test("protocol choice follows our preference among offered ones", () => {
    expect(chooseProtocol("v4.channel.k8s.io, v5.channel.k8s.io", STREAM_PROTOCOLS)).toBe("v5.channel.k8s.io");
    expect(chooseProtocol("base64.channel.k8s.io", STREAM_PROTOCOLS)).toBeUndefined();
  });
  test("frames and exit statuses", () => {
    expect([...frame(1, "ab")]).toEqual([1, 97, 98]);
    expect(exitStatus(["sh", "-c", "exit 3"], 3)).toEqual({
      metadata: {},
      status: "Failure",
      message: "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
      reason: "NonZeroExitCode",
      details: { causes: [{ reason: "ExitCode", message: "3" }] },
    });
  });
});
