/**
 * The TLS front's byte pipe: order kept, what the destination does not take is queued and
 * the source paused until a drain takes it all, bytes pushed before the destination opens
 * wait for it.
 */
import { describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { PipeSide } from "../../../../src/apiserver/transport/pipe.ts";

/** A destination that takes at most `room` bytes per write (0: none), and a source that records pauses. */
function fakeDest(room: number) {
  const got: number[] = [];
  const dest = {
    room,
    write(b: Uint8Array) {
      const n = Math.min(b.length, dest.room);
      got.push(...b.subarray(0, n));
      return n;
    },
  };
  return { dest, got };
}

function fakeSource() {
  const s = { paused: 0, resumed: 0, pause: () => s.paused++, resume: () => s.resumed++ };
  return s;
}

const asSocket = (x: unknown) => x as Socket<unknown>;
const bytes = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe("PipeSide", () => {
  test("writes straight through while the destination takes everything", () => {
    const { dest, got } = fakeDest(1000);
    const src = fakeSource();
    const p = new PipeSide();
    p.dest = asSocket(dest);
    p.source = asSocket(src);
    p.push(bytes(0, 10));
    p.push(bytes(10, 10));
    expect(got).toEqual([...bytes(0, 20)]);
    expect(p.buffered).toBe(0);
    expect(src.paused).toBe(0);
  });

  test("a partial write queues the rest and pauses the source; drains take it in order and resume once", () => {
    const { dest, got } = fakeDest(4);
    const src = fakeSource();
    const p = new PipeSide();
    p.dest = asSocket(dest);
    p.source = asSocket(src);
    p.push(bytes(0, 10));
    expect(got).toEqual([...bytes(0, 4)]);
    expect(p.buffered).toBe(6);
    expect(src.paused).toBe(1);
    p.push(bytes(10, 5)); // more arrives before the drain: queued behind, never written ahead
    expect(got.length).toBe(4);
    expect(p.buffered).toBe(11);
    p.flush();
    expect(got).toEqual([...bytes(0, 8)]);
    expect(src.resumed).toBe(0);
    dest.room = 100;
    p.flush();
    expect(got).toEqual([...bytes(0, 15)]);
    expect(p.buffered).toBe(0);
    expect(src.resumed).toBe(1);
    p.flush(); // nothing queued: no second resume
    expect(src.resumed).toBe(1);
    p.push(bytes(15, 3));
    expect(got).toEqual([...bytes(0, 18)]);
  });

  test("bytes pushed before the destination opens wait for it, in order", () => {
    const src = fakeSource();
    const p = new PipeSide();
    p.source = asSocket(src);
    p.push(bytes(0, 3));
    p.push(bytes(3, 3));
    expect(p.buffered).toBe(6);
    p.flush(); // still no destination
    const { dest, got } = fakeDest(100);
    p.dest = asSocket(dest);
    p.flush();
    expect(got).toEqual([...bytes(0, 6)]);
    expect(p.buffered).toBe(0);
  });

  test("a destination that refuses (closed, -1) keeps the bytes queued", () => {
    const p = new PipeSide();
    p.dest = asSocket({ write: () => -1 });
    p.source = asSocket(fakeSource());
    p.push(bytes(0, 5));
    expect(p.buffered).toBe(5);
  });

  test("shared bytes that must wait are copied, so the queue holds no view of the shared buffer", () => {
    const { dest, got } = fakeDest(4);
    const p = new PipeSide();
    p.dest = asSocket(dest);
    const shared = bytes(0, 64);
    p.push(shared.subarray(0, 10), true);
    p.push(shared.subarray(10, 20), true);
    expect(p.buffered).toBe(16);
    // the shared buffer is reused by its owner: what was queued does not change
    shared.fill(0xee);
    dest.room = 1000;
    p.flush();
    expect(got).toEqual([...bytes(0, 20)]);
    expect(p.buffered).toBe(0);
  });
});
