/**
 * TurnBatch: the requests of one event-loop turn start together in the next, their answers
 * are released together once ready, each request gets its own answer, and a slow or failing
 * request holds back nobody else.
 */
import { describe, expect, test } from "bun:test";
import type { Server } from "bun";
import { TurnBatch } from "../../../../src/apiserver/transport/turn-batch.ts";

const srv = {} as Server<undefined>;
const turn = () => new Promise<void>((r) => setImmediate(r));
const req = (name: string) => new Request(`http://x/${name}`);
const nameOf = (r: Request) => new URL(r.url).pathname.slice(1);

describe("TurnBatch", () => {
  test("requests of a turn start together, after it, and each gets its own answer", async () => {
    const log: string[] = [];
    const batch = new TurnBatch(async (r) => {
      const name = nameOf(r);
      log.push(`start ${name}`);
      await Promise.resolve();
      log.push(`stage ${name}`);
      return new Response(name);
    });
    // Bun drains the microtasks after handing over each request
    const answers: Promise<Response>[] = [];
    for (const n of ["a", "b", "c"]) {
      answers.push(batch.submit(req(n), srv, undefined));
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    expect(log).toEqual([]);
    const bodies = await Promise.all(answers.map(async (a) => (await a).text()));
    expect(bodies).toEqual(["a", "b", "c"]);
    // every request passed its first stage before any passed its second
    expect(log).toEqual(["start a", "start b", "start c", "stage a", "stage b", "stage c"]);
  });

  test("answers ready in the same turn are released together", async () => {
    const log: string[] = [];
    // "a" is done after one microtask, "c" after five
    const batch = new TurnBatch(async (r) => {
      const name = nameOf(r);
      const hops = { a: 1, b: 3, c: 5 }[name]!;
      for (let i = 0; i < hops; i++) await Promise.resolve();
      log.push(`done ${name}`);
      return new Response(name);
    });
    await Promise.all(
      ["c", "a", "b"].map((n) =>
        batch.submit(req(n), srv, undefined).then((res) => {
          log.push(`released ${n}`);
          return res;
        }),
      ),
    );
    expect(log).toEqual(["done a", "done b", "done c", "released a", "released b", "released c"]);
  });

  test("the handler learns when the request was handed over, before its turn came", async () => {
    let seen: [number, number] | undefined;
    const batch = new TurnBatch((_r, _s, _c, arrivedAt) => {
      seen = [arrivedAt, performance.now()];
      return new Response("");
    });
    const before = performance.now();
    await batch.submit(req("a"), srv, undefined);
    expect(seen![0]).toBeGreaterThanOrEqual(before);
    expect(seen![0]).toBeLessThanOrEqual(seen![1]);
  });

  test("a slow request does not hold back the others of its turn", async () => {
    let finishSlow!: () => void;
    const slowGate = new Promise<void>((r) => (finishSlow = r));
    const batch = new TurnBatch(async (r) => {
      if (nameOf(r) === "slow") await slowGate;
      return new Response(nameOf(r));
    });
    let slowDone = false;
    const slow = batch.submit(req("slow"), srv, undefined).then(async (res) => {
      slowDone = true;
      return res.text();
    });
    const fast = await batch.submit(req("fast"), srv, undefined);
    expect(await fast.text()).toBe("fast");
    expect(slowDone).toBe(false);
    finishSlow();
    expect(await slow).toBe("slow");
  });

  test("a handler that throws or rejects fails its own request only", async () => {
    const batch = new TurnBatch((r) => {
      const name = nameOf(r);
      if (name === "throws") throw new Error("thrown");
      if (name === "rejects") return Promise.reject(new Error("rejected"));
      return new Response(name);
    });
    const [thrown, rejected, ok] = await Promise.allSettled([
      batch.submit(req("throws"), srv, undefined),
      batch.submit(req("rejects"), srv, undefined),
      batch.submit(req("ok"), srv, undefined),
    ]);
    expect(thrown).toMatchObject({ status: "rejected", reason: new Error("thrown") });
    expect(rejected).toMatchObject({ status: "rejected", reason: new Error("rejected") });
    expect(ok.status).toBe("fulfilled");
    expect(await (ok as PromiseFulfilledResult<Response>).value.text()).toBe("ok");
  });

  test("later turns form batches of their own, and the identity reaches the handler", async () => {
    const starts: string[][] = [];
    let current: string[] = [];
    const batch = new TurnBatch((r, _s, cert) => {
      current.push(`${nameOf(r)}:${cert?.user ?? "-"}`);
      return new Response("");
    });
    const record = () => {
      starts.push(current);
      current = [];
    };
    await Promise.all([batch.submit(req("a"), srv, { user: "alice", groups: [] } as never), batch.submit(req("b"), srv, undefined)]);
    record();
    await turn();
    await batch.submit(req("c"), srv, undefined);
    record();
    expect(starts).toEqual([["a:alice", "b:-"], ["c:-"]]);
  });
});
