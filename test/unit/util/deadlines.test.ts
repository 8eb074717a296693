import { describe, expect, test } from "bun:test";
import { Deadlines, type Timed } from "../../../src/util/deadlines.ts";

class Item implements Timed {
  deadlineIndex = -1;
  deadlineAt = 0;
  firedAt = 0;
  constructor(
    readonly name: string,
    private readonly log: string[],
  ) {}
  expired(): void {
    this.firedAt = performance.now();
    this.log.push(this.name);
  }
}

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await Bun.sleep(5);
}

describe("Deadlines", () => {
  test("items expire in deadline order, none early, on one timer", async () => {
    const log: string[] = [];
    const d = new Deadlines<Item>();
    const started = performance.now();
    const late = new Item("late", log);
    const early = new Item("early", log);
    const mid = new Item("mid", log);
    d.add(late, 120);
    d.add(early, 20);
    d.add(mid, 60);
    expect(d.size).toBe(3);
    await until(() => log.length === 3);
    expect(log).toEqual(["early", "mid", "late"]);
    expect(early.firedAt - started).toBeGreaterThanOrEqual(19);
    expect(late.firedAt - started).toBeGreaterThanOrEqual(119);
    expect(d.size).toBe(0);
    expect(late.deadlineIndex).toBe(-1);
  });

  test("a removed item never expires; adding again moves it", async () => {
    const log: string[] = [];
    const d = new Deadlines<Item>();
    const gone = new Item("gone", log);
    const moved = new Item("moved", log);
    const kept = new Item("kept", log);
    d.add(gone, 20);
    d.add(moved, 20);
    d.add(kept, 40);
    d.remove(gone);
    d.add(moved, 80);
    await until(() => log.length === 2);
    await Bun.sleep(30);
    expect(log).toEqual(["kept", "moved"]);
    d.remove(gone);
    expect(d.size).toBe(0);
  });

  test("an earlier deadline added later re-arms the timer", async () => {
    const log: string[] = [];
    const d = new Deadlines<Item>();
    d.add(new Item("far", log), 5000);
    d.add(new Item("near", log), 20);
    await until(() => log.length === 1);
    expect(log).toEqual(["near"]);
    d.clear();
    expect(d.size).toBe(0);
  });

  test("many items in random order expire in order, removals anywhere in the heap", () => {
    let clock = 0;
    const log: string[] = [];
    const d = new Deadlines<Item>(() => clock);
    const items = Array.from({ length: 200 }, (_, i) => new Item(String(i), log));
    const at = new Map<Item, number>();
    for (const item of items) {
      const ms = Math.floor(Math.random() * 10_000);
      at.set(item, ms);
      d.add(item, ms);
    }
    const removed = new Set(items.filter((_, i) => i % 3 === 0));
    for (const item of removed) d.remove(item);
    expect(d.size).toBe(200 - removed.size);
    // drain through the private heap order: the earliest item always sits at the root
    const order: number[] = [];
    while (d.size > 0) {
      const first = (d as unknown as { heap: Item[] }).heap[0]!;
      order.push(at.get(first)!);
      expect(removed.has(first)).toBe(false);
      d.remove(first);
    }
    expect(order).toEqual([...order].sort((a, b) => a - b));
    d.clear();
  });

  test("one item that throws does not keep the others of its slot from expiring", async () => {
    const log: string[] = [];
    const d = new Deadlines<Timed>();
    d.add({ deadlineIndex: -1, deadlineAt: 0, expired: () => { throw new Error("boom"); } }, 20);
    d.add(new Item("after", log), 20);
    await until(() => log.length === 1);
    expect(log).toEqual(["after"]);
  });
});
