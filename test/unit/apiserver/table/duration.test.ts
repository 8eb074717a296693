import { describe, expect, test } from "bun:test";
import { humanDuration } from "../../../../src/apiserver/table/duration.ts";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("humanDuration (upstream HumanDuration)", () => {
  const cases: [number, string][] = [
    [-3 * S, "<invalid>"],
    [-1500, "0s"],
    [0, "0s"],
    [59 * S, "59s"],
    [119 * S, "119s"],
    [2 * M, "2m"],
    [3 * M + 12 * S, "3m12s"],
    [9 * M + 59 * S, "9m59s"],
    [10 * M + 30 * S, "10m"],
    [179 * M, "179m"],
    [3 * H, "3h"],
    [5 * H + 10 * M, "5h10m"],
    [8 * H + 30 * M, "8h"],
    [47 * H, "47h"],
    [2 * D, "2d"],
    [3 * D + 4 * H, "3d4h"],
    [8 * D + 5 * H, "8d"],
    [729 * D, "729d"],
    [730 * D, "2y"],
    [2 * 365 * D + 30 * D, "2y30d"],
    [9 * 365 * D, "9y"],
  ];
  for (const [ms, want] of cases) test(`${ms}ms -> ${want}`, () => expect(humanDuration(ms)).toBe(want));
});
