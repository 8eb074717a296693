import { describe, expect, test } from "bun:test";
import { HIGH_WATER, InGate, LOW_WATER, type OutSocket, type Pausable, SocketWriter, WsOutFlow } from "../../../../src/kubelet/server/flow.ts";

/** A WebSocket whose client reads nothing until told: sent bytes pile up in bufferedAmount. */
function fakeWs(): OutSocket & { buffered: number; readyState: number; sent: number } {
  return {
    readyState: 1,
    buffered: 0,
    sent: 0,
    sendBinary(d) {
      this.buffered += d.length;
      this.sent += d.length;
      return this.buffered > 0 ? -1 : d.length;
    },
    getBufferedAmount() {
      return this.buffered;
    },
  };
}

function source(): Pausable & { paused: boolean; pauses: number } {
  return {
    paused: false,
    pauses: 0,
    pause() {
      this.paused = true;
      this.pauses++;
    },
    resume() {
      this.paused = false;
    },
  };
}

describe("WsOutFlow", () => {
  test("asks to wait past the high-water mark and releases below the low-water mark on drain", async () => {
    const ws = fakeWs();
    const flow = new WsOutFlow(ws);
    const chunk = new Uint8Array(64 << 10);
    let n = 0;
    while (flow.send(chunk)) n++;
    expect(ws.buffered).toBeGreaterThan(HIGH_WATER);
    expect(ws.buffered).toBeLessThanOrEqual(HIGH_WATER + chunk.length);
    expect(n).toBe(HIGH_WATER / chunk.length);
    const src = source();
    flow.hold(src);
    flow.hold(src);
    expect(src.pauses).toBe(1);
    let drained = false;
    void flow.drained().then(() => (drained = true));
    // a drain with too much still queued releases nothing
    ws.buffered = LOW_WATER + 1;
    flow.onDrain();
    await Bun.sleep(0);
    expect([src.paused, drained]).toEqual([true, false]);
    ws.buffered = LOW_WATER;
    flow.onDrain();
    await Bun.sleep(0);
    expect([src.paused, drained]).toEqual([false, true]);
  });

  test("closing releases everyone; a closed flow holds nothing", async () => {
    const ws = fakeWs();
    const flow = new WsOutFlow(ws);
    ws.buffered = HIGH_WATER + 1;
    const src = source();
    flow.hold(src);
    const waiting = flow.drained();
    flow.close();
    await waiting;
    expect(src.paused).toBe(false);
    flow.hold(src);
    expect(src.paused).toBe(false);
    expect(flow.blocked).toBe(false);
  });
});

describe("SocketWriter and InGate", () => {
  /** A socket taking `room` bytes until drained. */
  function sock(room: number) {
    const got: number[] = [];
    const s = {
      room,
      ended: false,
      write(d: Uint8Array) {
        const n = Math.min(d.length, s.room);
        s.room -= n;
        got.push(...d.subarray(0, n));
        return n;
      },
      end() {
        s.ended = true;
      },
    };
    return { s, got };
  }

  test("keeps what the socket did not take, in order, and holds the WebSocket until it drains", () => {
    const ws = source();
    const gate = new InGate(ws);
    const w1 = new SocketWriter(gate.holder());
    const w2 = new SocketWriter(gate.holder());
    const { s, got } = sock(3);
    w1.write(new Uint8Array([1, 2])); // before the socket opens: queued
    w1.attach(s as never);
    expect(got).toEqual([1, 2]);
    w1.write(new Uint8Array([3, 4, 5]));
    w1.write(new Uint8Array([6]));
    expect(got).toEqual([1, 2, 3]);
    expect(ws.paused).toBe(true);
    const other = sock(0);
    w2.attach(other.s as never);
    w2.write(new Uint8Array([9]));
    w1.end();
    s.room = 10;
    w1.flush();
    expect(got).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.ended).toBe(true);
    // the second connection still holds the client back
    expect(ws.paused).toBe(true);
    other.s.room = 1;
    w2.flush();
    expect(other.got).toEqual([9]);
    expect(ws.paused).toBe(false);
    expect(ws.pauses).toBe(1);
  });
});
