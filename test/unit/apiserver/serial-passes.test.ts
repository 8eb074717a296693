import { describe, expect, test } from "bun:test";
import { SerialPasses } from "../../../src/apiserver/util/serial-passes.ts";

describe("SerialPasses", () => {
  test("passes never overlap, and requests made during one fold into one more pass", async () => {
    let running = 0;
    let maxRunning = 0;
    let count = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const loop = new SerialPasses(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      count++;
      if (count === 1) await gate;
      running--;
    }, () => {});
    loop.schedule();
    await Bun.sleep(5);
    loop.schedule();
    loop.schedule();
    loop.schedule();
    release();
    await loop.idle();
    expect(count).toBe(2);
    expect(maxRunning).toBe(1);
  });

  test("a failing pass is reported and later passes still run; nothing runs after stop", async () => {
    const errors: unknown[] = [];
    let count = 0;
    const loop = new SerialPasses(async () => {
      count++;
      if (count === 1) throw new Error("boom");
    }, (e) => errors.push(e));
    loop.schedule();
    await loop.idle();
    loop.schedule();
    await loop.idle();
    expect(count).toBe(2);
    expect((errors[0] as Error).message).toBe("boom");
    loop.stop();
    loop.schedule();
    await loop.idle();
    expect(count).toBe(2);
    expect(loop.isStopped).toBe(true);
  });

  test("resyncEvery schedules passes on its own until stopped", async () => {
    let count = 0;
    const loop = new SerialPasses(async () => {
      count++;
    }, () => {});
    loop.resyncEvery(10);
    await Bun.sleep(60);
    expect(count).toBeGreaterThanOrEqual(2);
    loop.stop();
    const after = count;
    await Bun.sleep(40);
    expect(count).toBe(after);
  });
});
