import { describe, expect, test } from "bun:test";
import { MAX_HOLD_MS, RequestBatch } from "../../../../src/apiserver/transport/request-batch.ts";
import type { ChannelRequests } from "../../../../src/apiserver/transport/tls-front-protocol.ts";

function batcher() {
  const sent: { batch: ChannelRequests; transfer: ArrayBuffer[] }[] = [];
  const b = new RequestBatch((batch, transfer) => sent.push({ batch, transfer }));
  return { b, sent };
}

const turn = () => new Promise((r) => setImmediate(r));
const head = (n: number) => `GET /r${n} HTTP/1.1\r\nHost: x`;
/** The bodies of a sent batch, as text (empty for none). */
function bodies(batch: ChannelRequests): string[] {
  let at = 0;
  return batch.lens.map((len) => {
    const text = new TextDecoder().decode(new Uint8Array(batch.buf, at, len));
    at += len;
    return text;
  });
}

describe("RequestBatch", () => {
  test("a request goes at once when nothing else is unanswered", () => {
    const { b, sent } = batcher();
    b.add(1, undefined, head(1), undefined, 0);
    expect(sent.map((s) => s.batch.ids)).toEqual([[1]]);
    expect(sent[0]!.batch.heads).toEqual([head(1)]);
    expect(sent[0]!.transfer).toEqual([]);
  });

  test("otherwise a batch goes once it holds half of what is outstanding", () => {
    const { b, sent } = batcher();
    // 6 sent and unanswered: the batch goes when it holds as many (each count includes those held)
    for (let i = 1; i <= 5; i++) b.add(i, undefined, head(i), undefined, 6 + i - 1);
    expect(sent).toEqual([]);
    b.add(6, undefined, head(6), undefined, 11);
    expect(sent.map((s) => s.batch.ids)).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  test("answers coming judge again what is held", () => {
    const { b, sent } = batcher();
    b.add(1, { user: "bob", groups: ["team"] }, head(1), undefined, 5);
    b.add(2, undefined, head(2), undefined, 6);
    // 7 without an answer under way, 2 of them held: 5 sent
    b.answered(5);
    expect(sent).toEqual([]);
    // 4 sent: as many as held
    b.answered(4);
    expect(sent.map((s) => s.batch.ids)).toEqual([[1, 2]]);
    expect(sent[0]!.batch.identities).toEqual([{ user: "bob", groups: ["team"] }, undefined]);
    // nothing held: nothing to send
    b.answered(0);
    expect(sent.length).toBe(1);
  });

  test(`nothing is held longer than ${MAX_HOLD_MS} ms`, async () => {
    const { b, sent } = batcher();
    b.add(1, undefined, head(1), undefined, 9);
    await turn();
    expect(sent).toEqual([]);
    await Bun.sleep(MAX_HOLD_MS + 20);
    expect(sent.map((s) => s.batch.ids)).toEqual([[1]]);
    // a batch sent early takes its timer along
    b.add(2, undefined, head(2), undefined, 9);
    b.flush();
    await Bun.sleep(MAX_HOLD_MS + 20);
    expect(sent.map((s) => s.batch.ids)).toEqual([[1], [2]]);
  });

  test("bodies are copied as they come and travel in one transferred buffer", async () => {
    const { b, sent } = batcher();
    const first = new TextEncoder().encode('{"a":1}');
    const big = new Uint8Array(100 * 1024).fill(120);
    b.add(1, undefined, head(1), first, 5);
    first.fill(0); // the socket's buffer is reused: what was held must not change
    b.add(2, undefined, head(2), undefined, 6);
    b.add(3, undefined, head(3), big, 7);
    b.flush();
    const { batch, transfer } = sent[0]!;
    expect(batch.lens).toEqual([7, 0, big.length]);
    const [a, none, x] = bodies(batch);
    expect([a, none, x!.length, x![0], x!.at(-1)]).toEqual(['{"a":1}', "", big.length, "x", "x"]);
    expect(transfer).toEqual([batch.buf]);
  });

  test("flush sends what is held at once (a cancel must not overtake its request)", () => {
    const { b, sent } = batcher();
    b.add(1, undefined, head(1), undefined, 3);
    b.flush();
    expect(sent.map((s) => s.batch.ids)).toEqual([[1]]);
    b.flush();
    expect(sent.length).toBe(1);
  });
});
