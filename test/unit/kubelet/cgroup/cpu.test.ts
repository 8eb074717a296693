import { describe, expect, test } from "bun:test";
import { milliCpuToQuota, milliCpuToShares, milliCpuToWeight, sharesToWeight } from "../../../../src/kubelet/cm/cpu.ts";

describe("cpu conversions (upstream helpers_linux)", () => {
  const quota: Array<[number, number, number]> = [
    [0, 100000, 0],
    [1, 100000, 1000], // clamped to MinQuotaPeriod
    [10, 100000, 1000],
    [200, 100000, 20000],
    [1000, 100000, 100000],
    [2500, 100000, 250000],
    [500, 50000, 25000],
  ];
  for (const [milli, period, want] of quota) test(`quota(${milli}m, ${period}) = ${want}`, () => expect(milliCpuToQuota(milli, period)).toBe(want));

  const shares: Array<[number, number]> = [
    [0, 2],
    [1, 2],
    [2, 2],
    [100, 102],
    [250, 256],
    [1000, 1024],
    [500000, 262144],
  ];
  for (const [milli, want] of shares) test(`shares(${milli}m) = ${want}`, () => expect(milliCpuToShares(milli)).toBe(want));

  const weights: Array<[number, number]> = [
    [2, 1],
    [1024, 39],
    [102, 4],
    [262144, 10000],
  ];
  for (const [s, want] of weights) test(`weight(shares ${s}) = ${want}`, () => expect(sharesToWeight(s)).toBe(want));

  test("milliCpuToWeight composes both", () => {
    expect(milliCpuToWeight(1000)).toBe(39);
    expect(milliCpuToWeight(0)).toBe(1);
  });
});
