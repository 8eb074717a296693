import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeEntry, formatRFC3339Nano, parseEntry, parseRFC3339Nano } from "../../../../src/kubelet/logs/format.ts";
import { containerLogPath, readLogs, type ReadLogOptions } from "../../../../src/kubelet/logs/reader.ts";
import { CriLogWriter, MAX_MSG_SIZE } from "../../../../src/kubelet/logs/writer.ts";

const tmp = mkdtempSync(join(tmpdir(), "kubun-logs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const file = () => join(tmp, `c${n++}`, "0.log");
const enc = new TextEncoder();
const dec = new TextDecoder();

async function collect(path: string, opts: ReadLogOptions = {}): Promise<string> {
  let s = "";
  for await (const c of readLogs(path, opts)) s += dec.decode(c);
  return s;
}

describe("format", () => {
  const times: Array<[bigint, string]> = [
    [1_700_000_000_123_456_789n, "2023-11-14T22:13:20.123456789Z"],
    [1_700_000_000_120_000_000n, "2023-11-14T22:13:20.12Z"],
    [1_700_000_000_000_000_000n, "2023-11-14T22:13:20Z"],
  ];
  for (const [ns, s] of times) {
    test(`RFC3339Nano ${s}`, () => {
      expect(formatRFC3339Nano(ns)).toBe(s);
      expect(parseRFC3339Nano(s)).toBe(ns);
    });
  }
  test("offsets parse", () => expect(parseRFC3339Nano("2023-11-14T23:13:20.5+01:00")).toBe(1_700_000_000_500_000_000n));

  test("entries round trip; malformed lines are rejected", () => {
    const line = encodeEntry(1_700_000_000_000_000_001n, "stderr", true, enc.encode("a b c"));
    expect(dec.decode(line)).toBe("2023-11-14T22:13:20.000000001Z stderr P a b c\n");
    const e = parseEntry(line.subarray(0, line.length - 1))!;
    expect([e.stream, e.partial, dec.decode(e.message)]).toEqual(["stderr", true, "a b c"]);
    for (const bad of ["", "x", "2023-11-14T22:13:20Z stdin F x", "2023-11-14T22:13:20Z stdout X x", "nottime stdout F x"]) expect(parseEntry(enc.encode(bad))).toBeNull();
  });
});

describe("CriLogWriter", () => {
  test("lines, partial chunks, both streams, flush on close", () => {
    const p = file();
    const w = new CriLogWriter(p);
    w.write("stdout", enc.encode("hel"));
    w.write("stderr", enc.encode("err1\n"));
    w.write("stdout", enc.encode("lo\nwor"));
    w.write("stdout", enc.encode("ld\n\nlast"));
    w.close();
    const lines = readFileSync(p, "utf8").trimEnd().split("\n").map((l) => l.split(" ").slice(1).join(" "));
    expect(lines).toEqual(["stderr F err1", "stdout F hello", "stdout F world", "stdout F ", "stdout F last"]);
  });

  test("long lines split into P entries of 16 KiB", async () => {
    const p = file();
    const w = new CriLogWriter(p);
    const long = "x".repeat(MAX_MSG_SIZE * 2 + 10);
    w.write("stdout", enc.encode(long.slice(0, 20000)));
    w.write("stdout", enc.encode(long.slice(20000) + "\n"));
    w.close();
    const tags = readFileSync(p, "utf8").trimEnd().split("\n").map((l) => l.split(" ")[2]);
    expect(tags).toEqual(["P", "P", "F"]);
    expect(await collect(p)).toBe(long + "\n");
  });

  test("rotation keeps maxFiles files", () => {
    const p = file();
    const w = new CriLogWriter(p, { maxSize: 500, maxFiles: 3 });
    for (let i = 0; i < 100; i++) w.write("stdout", enc.encode(`line ${i} ${"y".repeat(20)}\n`));
    w.close();
    const files = readdirSync(join(p, "..")).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toBe("0.log");
    expect(files.slice(1).every((f) => f.startsWith("0.log.2"))).toBe(true);
    expect(readFileSync(p, "utf8").length).toBeLessThan(600);
  });
});

describe("readLogs", () => {
  function sample(): string {
    const p = file();
    const lines = [
      "2024-01-01T00:00:00.1Z stdout F one",
      "2024-01-01T00:00:01Z stderr F two",
      "2024-01-01T00:00:02.000000003Z stdout P thr",
      "2024-01-01T00:00:02.000000004Z stdout F ee",
      "garbage",
      "2024-01-01T00:00:03Z stdout F four",
    ];
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, lines.join("\n") + "\n");
    return p;
  }
  test("plain", async () => expect(await collect(sample())).toBe("one\ntwo\nthree\nfour\n"));
  test("tailLines counts entries", async () => expect(await collect(sample(), { tailLines: 2 })).toBe("four\n"));
  test("tailLines 0", async () => expect(await collect(sample(), { tailLines: 0 })).toBe(""));
  test("since", async () => expect(await collect(sample(), { sinceNs: parseRFC3339Nano("2024-01-01T00:00:01Z") })).toBe("two\nthree\nfour\n"));
  test("timestamps", async () =>
    // tailLines counts file lines (a malformed one included), as upstream
    expect(await collect(sample(), { timestamps: true, tailLines: 4 })).toBe(
      "2024-01-01T00:00:02.000000003Z thr2024-01-01T00:00:02.000000004Z ee\n2024-01-01T00:00:03Z four\n",
    ));
  test("one stream", async () => expect(await collect(sample(), { stream: "stderr" })).toBe("two\n"));
  test("limitBytes", async () => expect(await collect(sample(), { limitBytes: 6 })).toBe("one\ntw"));
  test("missing file without follow is empty", async () => expect(await collect(join(tmp, "nope.log"))).toBe(""));

  test("follow sees new lines, survives rotation, ends when the container is done", async () => {
    const p = file();
    const w = new CriLogWriter(p, { maxSize: 200, maxFiles: 5 });
    w.write("stdout", enc.encode("before\n"));
    let done = false;
    const got: string[] = [];
    const reading = (async () => {
      for await (const c of readLogs(p, { follow: true, pollMs: 10, done: () => done })) got.push(dec.decode(c));
    })();
    await Bun.sleep(30);
    for (let i = 0; i < 10; i++) {
      w.write("stdout", enc.encode(`line-${i}-${"z".repeat(30)}\n`));
      await Bun.sleep(5);
    }
    w.write("stdout", enc.encode("after\n"));
    w.close();
    await Bun.sleep(50);
    done = true;
    await reading;
    const text = got.join("");
    expect(text.startsWith("before\n")).toBe(true);
    expect(text.endsWith("after\n")).toBe(true);
    for (let i = 0; i < 10; i++) expect(text).toContain(`line-${i}-`);
  });

  test("follow stops on abort", async () => {
    const p = sample();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect(await collect(p, { follow: true, signal: ac.signal, pollMs: 10 })).toBe("one\ntwo\nthree\nfour\n");
  });

  test("path layout", () => expect(containerLogPath("/d/logs", "ns", "p", "u", "c", 2)).toBe("/d/logs/ns_p_u/c/2.log"));
});
