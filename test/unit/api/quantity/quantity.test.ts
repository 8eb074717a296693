import { describe, expect, test } from "bun:test";
import { ERR_FORMAT_WRONG, ERR_SUFFIX, formatQuantity, parseQuantity, Quantity, QuantityError } from "../../../../src/api/quantity/index.ts";
import type { QuantityFormat } from "../../../../src/api/quantity/index.ts";

/** Expected values as unscaled × 10^scale, compared exactly. */
const q = (unscaled: number | bigint, scale: number, format: QuantityFormat = "DecimalSI") => Quantity.of(unscaled, format, scale);

describe("parse: value and format (upstream TestQuantityParse)", () => {
  const cases: [string, Quantity, QuantityFormat][] = [
    ["0", q(0, 0), "DecimalSI"],
    ["0n", q(0, 0), "DecimalSI"],
    ["0m", q(0, 0), "DecimalSI"],
    ["0Ki", q(0, 0), "BinarySI"],
    ["0Gi", q(0, 0), "BinarySI"],
    ["0T", q(0, 0), "DecimalSI"],
    ["1", q(1, 0), "DecimalSI"],
    ["1Ki", q(1024, 0), "BinarySI"],
    ["8Ki", q(8 * 1024, 0), "BinarySI"],
    ["7Mi", q(7 * 1024 * 1024, 0), "BinarySI"],
    ["6Gi", q(6 * 1024 ** 3, 0), "BinarySI"],
    ["5Ti", q(5 * 1024 ** 4, 0), "BinarySI"],
    ["4Pi", q(4n * 1024n ** 5n, 0), "BinarySI"],
    ["3Ei", q(3n * 1024n ** 6n, 0), "BinarySI"],
    ["100Ti", q(100 * 1024 ** 4, 0), "BinarySI"],
    ["5n", q(5, -9), "DecimalSI"],
    ["4u", q(4, -6), "DecimalSI"],
    ["3m", q(3, -3), "DecimalSI"],
    ["8k", q(8, 3), "DecimalSI"],
    ["50k", q(5, 4), "DecimalSI"],
    ["7M", q(7, 6), "DecimalSI"],
    ["6G", q(6, 9), "DecimalSI"],
    ["40T", q(4, 13), "DecimalSI"],
    ["2P", q(2, 15), "DecimalSI"],
    ["1E", q(1, 18), "DecimalSI"],
    ["1E-3", q(1, -3), "DecimalExponent"],
    ["1e3", q(1, 3), "DecimalExponent"],
    ["1E6", q(1, 6), "DecimalExponent"],
    ["1e14", q(1, 14), "DecimalExponent"],
    ["100.035k", q(100035, 0), "DecimalSI"],
    ["0.001", q(1, -3), "DecimalSI"],
    ["0.0005k", q(5, -1), "DecimalSI"],
    ["0.5", q(5, -1), "DecimalSI"],
    ["0.00050k", q(5, -1), "DecimalSI"],
    ["0.5e0", q(5, -1), "DecimalExponent"],
    ["0.5e-2", q(5, -3), "DecimalExponent"],
    ["10.035M", q(10035, 3), "DecimalSI"],
    ["1.2e3", q(12, 2), "DecimalExponent"],
    ["1.3E+6", q(13, 5), "DecimalExponent"],
    ["1.53E12", q(153, 10), "DecimalExponent"],
    ["1.7E18", q(17, 17), "DecimalExponent"],
    ["9.01", q(901, -2), "DecimalSI"],
    ["7.123456M", q(7123456, 0), "DecimalSI"],
    ["6.987654321G", q(6987654321, 0), "DecimalSI"],
    ["1.01E", q(101, 16), "DecimalSI"],
    // saturate / round up to nano units
    ["3.001n", q(4, -9), "DecimalSI"],
    ["1.1E-9", q(2, -9), "DecimalExponent"],
    ["0.0000000001", q(1, -9), "DecimalSI"],
    ["0.5e-9", q(1, -9), "DecimalExponent"],
    ["0.9n", q(1, -9), "DecimalSI"],
    ["0.00000012345", q(124, -9), "DecimalSI"],
    ["9Ei", q(9223372036854775807n, 0), "BinarySI"],
    ["9223372036854775807Ki", q(9223372036854775807n, 0), "BinarySI"],
    ["12E", q(12, 18), "DecimalSI"],
    // fractional binary
    ["100.035Ki", q(10243584, -2), "BinarySI"],
    ["0.5Mi", q(0.5 * 1024 * 1024, 0), "BinarySI"],
    ["0.05Gi", q(536870912, -1), "BinarySI"],
    ["0.025Ti", q(274877906944, -1), "BinarySI"],
    // written by trolls
    ["0.000000000001Ki", q(2, -9), "DecimalSI"],
    [".001", q(1, -3), "DecimalSI"],
    [".0001k", q(100, -3), "DecimalSI"],
    ["1.", q(1, 0), "DecimalSI"],
    ["1.G", q(1, 9), "DecimalSI"],
  ];
  for (const [input, want, format] of cases) {
    test(input, () => {
      const got = Quantity.parse(input);
      expect(got.cmp(want)).toBe(0);
      expect(got.format).toBe(format);
      const negative = Quantity.parse(`-${input}`);
      expect(negative.cmp(want.neg())).toBe(0);
      expect(negative.format).toBe(format);
      expect(Quantity.parse(`+${input}`).cmp(want)).toBe(0);
    });
  }
});

describe("parse: invalid input", () => {
  const cases: [string, string][] = [
    ["", ERR_FORMAT_WRONG],
    ["1.1.M", ERR_FORMAT_WRONG],
    ["1+1.0M", ERR_FORMAT_WRONG],
    ["0.1mi", ERR_SUFFIX],
    ["0.1am", ERR_FORMAT_WRONG],
    ["aoeu", ERR_FORMAT_WRONG],
    [".5i", ERR_SUFFIX],
    ["1i", ERR_SUFFIX],
    ["-3.01i", ERR_SUFFIX],
    ["-3.01e-", ERR_SUFFIX],
    [" 1", ERR_FORMAT_WRONG],
    ["1 ", ERR_FORMAT_WRONG],
    ["Non-Numeric", ERR_FORMAT_WRONG],
  ];
  for (const [input, message] of cases) {
    test(JSON.stringify(input), () => {
      expect(() => Quantity.parse(input)).toThrow(new QuantityError(message));
    });
  }
  test("the format message is upstream's", () => {
    expect(ERR_FORMAT_WRONG).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});

describe("string: canonical form (upstream TestQuantityString)", () => {
  const cases: [Quantity, string, string][] = [
    [q(1024 * 1024 * 1024, 0, "BinarySI"), "1Gi", "1024Mi"],
    [q(300 * 1024 * 1024, 0, "BinarySI"), "300Mi", "307200Ki"],
    [q(6 * 1024, 0, "BinarySI"), "6Ki", ""],
    [q(1001 * 1024 ** 3, 0, "BinarySI"), "1001Gi", "1025024Mi"],
    [q(1024 ** 4, 0, "BinarySI"), "1Ti", "1024Gi"],
    [q(5, 0, "BinarySI"), "5", "5000m"],
    [q(500, -3, "BinarySI"), "500m", "0.5"],
    [q(1, 9), "1G", "1000M"],
    [q(1000, 6), "1G", "0.001T"],
    [q(1000000, 3), "1G", ""],
    [q(1, -3), "1m", "1000u"],
    [q(80, -3), "80m", ""],
    [q(1080, -3), "1080m", "1.08"],
    [q(108, -2), "1080m", "1080000000n"],
    [q(10800, -4), "1080m", ""],
    [q(300, 6), "300M", ""],
    [q(1234567, 6), "1234567M", ""],
    [q(1234567, -3, "BinarySI"), "1234567m", ""],
    [q(3, 3), "3k", ""],
    [q(1025, 0, "BinarySI"), "1025", ""],
    [q(0, 0), "0", ""],
    [q(0, 0, "BinarySI"), "0", ""],
    [q(1, 9, "DecimalExponent"), "1e9", ".001e12"],
    [q(1, -3, "DecimalExponent"), "1e-3", "0.001e0"],
    [q(1, -9, "DecimalExponent"), "1e-9", "1000e-12"],
    [q(80, -3, "DecimalExponent"), "80e-3", ""],
    [q(300, 6, "DecimalExponent"), "300e6", ""],
    [q(1, 3, "DecimalExponent"), "1e3", ""],
    [q(0, 0, "DecimalExponent"), "0", "00"],
    [q(1, -9), "1n", ""],
    [q(108, -8), "1080n", ""],
    [q(10800, -10), "1080n", ""],
    [q(1080, -6), "1080u", ""],
  ];
  for (const [value, canonical, alternate] of cases) {
    test(`${canonical}${alternate ? ` / ${alternate}` : ""}`, () => {
      expect(value.toString()).toBe(canonical);
      expect(Quantity.parse(canonical).toString()).toBe(canonical);
      if (alternate) expect(Quantity.parse(alternate).toString()).toBe(canonical);
      if (!value.isZero()) expect(value.neg().toString()).toBe(`-${canonical}`);
    });
  }
});

describe("parse then print (upstream TestQuantityParseEmit and examples)", () => {
  const cases: [string | number, string][] = [
    ["1Ki", "1Ki"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
    ["100m", "100m"],
    ["1e3", "1e3"],
    ["0.5", "500m"],
    ["1.5Gi", "1536Mi"],
    ["1.5", "1500m"],
    ["1000", "1k"],
    ["1000m", "1"],
    ["1.0", "1"],
    ["1.5e3", "1500"],
    ["128974848", "128974848"],
    ["129e6", "129e6"],
    ["129M", "129M"],
    ["123Mi", "123Mi"],
    ["0.1", "100m"],
    // upstream keeps a canonical input verbatim, sign and leading zeros included
    ["+1Gi", "+1Gi"],
    ["01", "01"],
    // JSON numbers
    [1, "1"],
    [0.5, "500m"],
    [1000, "1k"],
    [2.5, "2500m"],
  ];
  for (const [input, want] of cases) {
    test(`${JSON.stringify(input)} -> ${want}`, () => {
      expect(formatQuantity(input)).toBe(want);
      expect(JSON.stringify({ v: parseQuantity(input) })).toBe(`{"v":"${want}"}`);
    });
  }
  test("negative forms", () => {
    for (const [input, want] of cases.slice(0, 7)) expect(Quantity.parse(`-${input}`).toString()).toBe(`-${want}`);
  });
});

describe("constructors (upstream TestNewSet / TestMilliNewSet / TestNewScaledSet)", () => {
  const cases: [Quantity, string][] = [
    [Quantity.of(1), "1"],
    [Quantity.of(1000), "1k"],
    [Quantity.of(1234000), "1234k"],
    [Quantity.of(1024, "BinarySI"), "1Ki"],
    [Quantity.of(1000000, "DecimalExponent"), "1e6"],
    [Quantity.of(1024 * 1024, "BinarySI"), "1Mi"],
    [Quantity.fromMilli(1), "1m"],
    [Quantity.fromMilli(1000), "1"],
    [Quantity.fromMilli(1234000), "1234"],
    [Quantity.fromMilli(1024, "BinarySI"), "1024m"],
    [Quantity.fromMilli(1000000, "DecimalExponent"), "1e3"],
    [Quantity.fromMilli(1024 * 1024, "BinarySI"), "1048576m"],
    [Quantity.of(1000, "DecimalSI", -9), "1u"],
    [Quantity.of(1000, "DecimalSI", -6), "1m"],
    [Quantity.of(0, "DecimalSI", -9), "0"],
  ];
  for (const [value, want] of cases) test(want, () => expect(value.toString()).toBe(want));
});

describe("cmp", () => {
  const cases: [string, string, number][] = [
    ["0", "0", 0],
    ["100m", "50m", 1],
    ["50m", "100m", -1],
    ["10000T", "100Gi", 1],
    ["1Gi", "1073741824", 0],
    ["1G", "1Gi", -1],
    ["-1", "1m", -1],
    ["1e1000", "1e999", 1],
    ["1e-3", "1m", 0],
  ];
  for (const [a, b, want] of cases) {
    test(`${a} vs ${b}`, () => {
      expect(Quantity.parse(a).cmp(Quantity.parse(b))).toBe(want as -1 | 0 | 1);
      expect(Quantity.parse(b).cmp(Quantity.parse(a))).toBe((want === 0 ? 0 : -want) as -1 | 0 | 1);
    });
  }
});

describe("values round away from zero", () => {
  const cases: [string, number, number][] = [
    ["9.01", 10, 9010],
    ["-9.01", -10, -9010],
    ["100m", 1, 100],
    ["1.5Gi", 1610612736, 1610612736000],
    ["1n", 1, 1],
    ["0", 0, 0],
    ["2", 2, 2000],
  ];
  for (const [input, value, milli] of cases) {
    test(input, () => {
      const got = Quantity.parse(input);
      expect(got.value()).toBe(value);
      expect(got.milliValue()).toBe(milli);
    });
  }
});

describe("arithmetic", () => {
  test("adding or subtracting zero keeps the suffix (upstream TestQuantityAddZeroPreservesSuffix)", () => {
    for (const s of ["100m", "1Gi"]) {
      const v = Quantity.parse(s);
      const zero = Quantity.parse("0");
      expect(v.add(zero).toString()).toBe(s);
      expect(zero.add(v).toString()).toBe(s);
      expect(v.sub(zero).toString()).toBe(s);
      expect(zero.sub(v).toString()).toBe(v.neg().toString());
    }
  });
  const cases: [string, string, string, string][] = [
    ["100m", "200m", "300m", "-100m"],
    ["1Gi", "512Mi", "1536Mi", "512Mi"],
    ["1", "500m", "1500m", "500m"],
    ["1k", "1", "1001", "999"],
    ["1000m", "1000m", "2", "0"],
  ];
  for (const [a, b, sum, diff] of cases) {
    test(`${a} ± ${b}`, () => {
      expect(Quantity.parse(a).add(Quantity.parse(b)).toString()).toBe(sum);
      expect(Quantity.parse(a).sub(Quantity.parse(b)).toString()).toBe(diff);
    });
  }
  test("operations do not mutate", () => {
    const a = Quantity.parse("1");
    a.add(Quantity.parse("1"));
    expect(a.toString()).toBe("1");
  });
});
