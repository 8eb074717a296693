import { describe, expect, test } from "bun:test";
import { cacheObject, concatBytes } from "../../../../src/apiserver/watchcache/cached-object.ts";

function reference(parts: Uint8Array[]): number[] {
  return parts.flatMap((p) => [...p]);
}

describe("concatBytes", () => {
  test.each([0, 1, 3, 63, 64, 65, 5000])("%d parts join in order, nothing shared", (n) => {
    const parts = Array.from({ length: n }, (_, i) => new Uint8Array(Array.from({ length: (i % 7) + (i % 3 === 0 ? 0 : 1) }, (_, j) => (i * 31 + j) & 0xff)));
    const out = concatBytes(parts);
    expect(out).toBeInstanceOf(Uint8Array);
    expect([...out]).toEqual(reference(parts));
    if (n > 0 && out.length > 0) {
      out[0] = (out[0]! + 1) & 0xff;
      expect([...concatBytes(parts)]).toEqual(reference(parts));
    }
  });

  test("a LIST body joins cached objects into valid JSON", () => {
    const objs = Array.from({ length: 200 }, (_, i) => cacheObject(`/registry/core/pods/ns/p${i}`, { metadata: { name: `p${i}`, namespace: "ns" } }, i + 1));
    const comma = new TextEncoder().encode(",");
    const parts: Uint8Array[] = [new TextEncoder().encode('{"items":[')];
    objs.forEach((o, i) => {
      if (i > 0) parts.push(comma);
      parts.push(o.bytes);
    });
    parts.push(new TextEncoder().encode("]}"));
    const list = JSON.parse(new TextDecoder().decode(concatBytes(parts)));
    expect(list.items.map((o: { metadata: { name: string; resourceVersion: string } }) => `${o.metadata.name}@${o.metadata.resourceVersion}`)).toEqual(objs.map((_o, i) => `p${i}@${i + 1}`));
  });
});
