/**
 * RFC 6455 framing used by the kubelet client: lengths of every size class, masking,
 * fragmented messages with control frames between fragments, byte-at-a-time arrival,
 * and protocol errors.
 */
import { describe, expect, test } from "bun:test";
import { closePayload, encodeFrame, FrameParser, OP, ProtocolError } from "../../../src/apiserver/streams/ws-frames.ts";

const payload = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);

describe("ws frames", () => {
  test.each([0, 1, 125, 126, 65535, 65536, 300_000])("a %d-byte binary message round-trips, masked and unmasked", (n) => {
    for (const mask of [true, false]) {
      const f = encodeFrame(OP.binary, payload(n), mask);
      expect(f[1]! & 0x80).toBe(mask ? 0x80 : 0);
      const evs = new FrameParser().push(f);
      expect(evs).toHaveLength(1);
      expect(evs[0]).toEqual({ kind: "message", binary: true, data: payload(n) });
    }
  });

  test("fragments reassemble around a ping, fed one byte at a time", () => {
    const text = new TextEncoder().encode("hello world");
    const bytes = [
      encodeFrame(OP.text, text.subarray(0, 5), true, false),
      encodeFrame(OP.ping, new Uint8Array([9]), true),
      encodeFrame(OP.continuation, text.subarray(5, 8), true, false),
      encodeFrame(OP.continuation, text.subarray(8), true, true),
      encodeFrame(OP.close, closePayload(4001, "bye"), false),
    ];
    const all = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of bytes) {
      all.set(b, at);
      at += b.length;
    }
    const p = new FrameParser();
    const evs = [];
    for (let i = 0; i < all.length; i++) evs.push(...p.push(all.subarray(i, i + 1)));
    expect(evs).toEqual([
      { kind: "ping", data: new Uint8Array([9]) },
      { kind: "message", binary: false, data: text },
      { kind: "close", code: 4001, reason: "bye" },
    ]);
  });

  test("a close frame without a payload has no code", () => {
    expect(new FrameParser().push(encodeFrame(OP.close, closePayload(undefined), true))).toEqual([{ kind: "close", code: undefined, reason: "" }]);
  });

  const bad: [string, Uint8Array][] = [
    ["a continuation without a message", encodeFrame(OP.continuation, payload(3), false)],
    ["an unknown opcode", encodeFrame(0x3, payload(3), false)],
    ["a fragmented control frame", encodeFrame(OP.ping, payload(3), false, false)],
  ];
  test.each(bad)("%s is a protocol error", (_what, frame) => {
    expect(() => new FrameParser().push(frame)).toThrow(ProtocolError);
  });

  test("a message over the limit is refused", () => {
    for (const n of [1001, 70_000]) expect(() => new FrameParser(1000).push(encodeFrame(OP.binary, payload(n), false))).toThrow(ProtocolError);
    expect(new FrameParser(1000).push(encodeFrame(OP.binary, payload(1000), false))).toHaveLength(1);
  });
});
