import { describe, expect, test } from "bun:test";
import { parseFlags, UsageError, type FlagSpec } from "../../../src/cli/flags.ts";
import { closest } from "../../../src/util/closest.ts";

const SPECS: FlagSpec[] = [
  { name: "data-dir", short: "d", type: "string", help: "" },
  { name: "https-listen-port", type: "number", help: "", default: 6443 },
  { name: "leader-elect", type: "boolean", help: "", default: true },
  { name: "tls-san", type: "list", help: "" },
];

describe("parseFlags", () => {
  test.each([
    [["--data-dir", "/x"], { "data-dir": "/x" }],
    [["--data-dir=/y"], { "data-dir": "/y" }],
    [["-d", "/z"], { "data-dir": "/z" }],
    [["--https-listen-port", "7443"], { "https-listen-port": 7443 }],
    [[], { "https-listen-port": 6443, "leader-elect": true }],
    [["--leader-elect=false"], { "leader-elect": false }],
    [["--leader-elect"], { "leader-elect": true }],
    [["--tls-san", "a", "--tls-san=b,c"], { "tls-san": ["a", "b", "c"] }],
    [["-v", "4"], { v: 4 }],
  ])("%p", (argv, want) => {
    expect(parseFlags(argv, SPECS).flags).toMatchObject(want);
  });

  test("positional arguments and --", () => {
    expect(parseFlags(["import", "a.tar", "--", "--not-a-flag"], SPECS).positional).toEqual(["import", "a.tar", "--not-a-flag"]);
  });

  test.each([
    [["--data-dri", "x"], "unknown flag: --data-dri (did you mean --data-dir?)"],
    [["--https-listen-port", "abc"], 'invalid value "abc" for --https-listen-port: want a number'],
    [["--leader-elect=maybe"], 'invalid value "maybe" for --leader-elect: want true or false'],
    [["--data-dir"], "flag needs an argument: --data-dir"],
  ])("rejects %p", (argv, msg) => {
    expect(() => parseFlags(argv, SPECS)).toThrow(new UsageError(msg));
  });
});

describe("closest", () => {
  test.each([
    ["servr", ["server", "agent"], "server"],
    ["https-port", ["https-listen-port", "help"], "https-listen-port"],
    ["zzzzzz", ["server", "agent"], undefined],
  ])("%s", (word, cands, want) => {
    expect(closest(word, cands)).toBe(want);
  });
});
