import { describe, expect, test } from "bun:test";
import { CelCompileError, CelEvalError } from "../../../../src/api/cel/index.ts";
import { errorOf, ev } from "./helpers.ts";

describe("Kubernetes semver library", () => {
  const cases: [string, unknown][] = [
    ["semver('1.2.3').major()", 1],
    ["semver('1.2.3').minor()", 2],
    ["semver('1.2.3').patch()", 3],
    ["semver('0.1.0-alpha.1').minor()", 1],
    ["semver('10.20.30-rc.1+build.5').patch()", 30],
    // uint64 components become int64 as Go's types.Int(uint64) does
    ["semver('18446744073709551615.0.0').major()", -1],
    ["semver('9223372036854775807.0.0').major()", 9223372036854775807n],
    // isSemver
    ["isSemver('1.0.0')", true],
    ["isSemver('1.0.0-alpha+001')", true],
    ["isSemver('hello')", false],
    ["isSemver('v1.0')", false],
    ["isSemver('1.0')", false],
    ["isSemver('01.0.0')", false],
    ["isSemver('')", false],
    ["isSemver('1.0.0-')", false],
    ["isSemver('1.0.0+')", false],
    ["isSemver(' 1.0.0')", false],
    // normalization (library version 1)
    ["isSemver('v1.0', true)", true],
    ["isSemver('1.0', true)", true],
    ["isSemver('01.01.01', true)", true],
    ["isSemver('v1.0', false)", false],
    ["isSemver('1-rc', true)", false],
    ["semver('v1.0.0', true) == semver('1.0.0')", true],
    ["semver('1.0', true) == semver('1.0.0')", true],
    ["semver('1', true) == semver('1.0.0')", true],
    ["semver('01.01.01', true) == semver('1.1.1')", true],
    ["semver('00.000.0', true) == semver('0.0.0')", true],
    ["semver('1.2.3', false) == semver('1.2.3')", true],
    // comparisons (build metadata ignored; prerelease sorts first)
    ["semver('1.2.3').compareTo(semver('1.2.3'))", 0],
    ["semver('1.2.3').compareTo(semver('2.0.0'))", -1],
    ["semver('1.2.3').compareTo(semver('0.1.2'))", 1],
    ["semver('1.10.0').isGreaterThan(semver('1.9.0'))", true],
    ["semver('1.2.3').isGreaterThan(semver('1.2.3'))", false],
    ["semver('1.0.0-alpha').isLessThan(semver('1.0.0'))", true],
    ["semver('1.0.0').isLessThan(semver('1.0.0-alpha'))", false],
    ["semver('1.0.0-alpha').isLessThan(semver('1.0.0-alpha.1'))", true],
    ["semver('1.0.0-alpha.1').isLessThan(semver('1.0.0-alpha.beta'))", true],
    ["semver('1.0.0-beta.2').isLessThan(semver('1.0.0-beta.11'))", true],
    ["semver('1.0.0-rc.1').isGreaterThan(semver('1.0.0-beta.11'))", true],
    ["semver('1.0.0+build.1').compareTo(semver('1.0.0+build.2'))", 0],
    // equality
    ["semver('1.0.0') == semver('1.0.0')", true],
    ["semver('1.0.0+a') == semver('1.0.0+b')", true],
    ["semver('1.0.0') == semver('1.0.1')", false],
    ["semver('1.0.0-rc.1') != semver('1.0.0')", true],
    ["type(semver('1.0.0')) == kubernetes.Semver", true],
    ["type(semver('1.0.0')) == kubernetes.Quantity", false],
  ];
  for (const [expr, want] of cases) {
    test(expr, () => {
      const got = ev(expr);
      expect(typeof got === "bigint" && typeof want === "number" ? Number(got) : got).toEqual(want);
    });
  }

  test("parse errors carry blang/semver's messages", () => {
    const errors: [string, string][] = [
      ["semver('')", "Version string empty"],
      ["semver('1.0')", "No Major.Minor.Patch elements found"],
      ["semver('v1.0.0')", 'Invalid character(s) found in major number "v1"'],
      ["semver('Three')", "No Major.Minor.Patch elements found"],
      ["semver('1.x.0')", 'Invalid character(s) found in minor number "x"'],
      ["semver('1.0.x')", 'Invalid character(s) found in patch number "x"'],
      ["semver('01.0.0')", 'Major number must not contain leading zeroes "01"'],
      ["semver('1.00.0')", 'Minor number must not contain leading zeroes "00"'],
      ["semver('1.0.01')", 'Patch number must not contain leading zeroes "01"'],
      ["semver('.0.0')", 'strconv.ParseUint: parsing "": invalid syntax'],
      ["semver('18446744073709551616.0.0')", 'strconv.ParseUint: parsing "18446744073709551616": value out of range'],
      ["semver('1.0.0-')", "Prerelease is empty"],
      ["semver('1.0.0-01')", 'Numeric PreRelease version must not contain leading zeroes "01"'],
      ["semver('1.0.0-a_b')", 'Invalid character(s) found in prerelease "a_b"'],
      ["semver('1.0.0+')", "Build meta data is empty"],
      ["semver('1.0.0+a..b')", "Build meta data is empty"],
      ["semver('1.0.0+a_b')", 'Invalid character(s) found in build meta data "a_b"'],
      ["semver('1.2-rc', true)", "short version cannot contain PreRelease/Build meta data"],
      ["semver('vv1.0.0', true)", 'Invalid character(s) found in major number "0v1"'],
    ];
    for (const [expr, msg] of errors) {
      const err = errorOf(expr);
      expect(err).toBeInstanceOf(CelEvalError);
      expect(err.message).toBe(msg);
    }
  });

  test("type errors", () => {
    expect(errorOf("semver(1)").message).toBe("no matching overload for 'semver' applied to '(int)'");
    expect(errorOf("semver('1.0.0', 'yes')").message).toBe("no matching overload for 'semver' applied to '(string, string)'");
    expect(errorOf("isSemver(1.0)").message).toContain("no matching overload");
    expect(errorOf("semver('1.0.0').isLessThan(quantity('1'))").message).toContain("no matching overload");
    expect(errorOf("quantity('1').major()").message).toBe("no matching overload for 'major' applied to 'kubernetes.Quantity.()'");
  });

  test("call shapes are checked at compile time", () => {
    expect(errorOf("semver()")).toBeInstanceOf(CelCompileError);
    expect(errorOf("semver('1.0.0', true, true)")).toBeInstanceOf(CelCompileError);
    expect(errorOf("'1.0.0'.semver()")).toBeInstanceOf(CelCompileError);
    expect(errorOf("semver('1.0.0').major(1)")).toBeInstanceOf(CelCompileError);
    expect(errorOf("major(semver('1.0.0'))")).toBeInstanceOf(CelCompileError);
    expect(errorOf("semver('1.0.0').compareTo()")).toBeInstanceOf(CelCompileError);
  });

  describe("CRD-style rules", () => {
    test("a minimum version", () => {
      const rule = "isSemver(self.version) && !semver(self.version).isLessThan(semver('1.28.0'))";
      expect(ev(rule, { self: { version: "1.30.2" } })).toBe(true);
      expect(ev(rule, { self: { version: "1.27.9" } })).toBe(false);
      expect(ev(rule, { self: { version: "1.28.0-rc.1" } })).toBe(false);
      expect(ev(rule, { self: { version: "latest" } })).toBe(false);
    });

    test("no downgrade (transition rule)", () => {
      const rule = "semver(self, true).compareTo(semver(oldSelf, true)) >= 0";
      expect(ev(rule, { self: "v1.29", oldSelf: "v1.28.3" })).toBe(true);
      expect(ev(rule, { self: "1.28.0", oldSelf: "1.28.1" })).toBe(false);
    });

    test("same major version", () => {
      const rule = "semver(self.client).major() == semver(self.server).major()";
      expect(ev(rule, { self: { client: "2.1.0", server: "2.9.9" } })).toBe(true);
      expect(ev(rule, { self: { client: "1.1.0", server: "2.0.0" } })).toBe(false);
    });
  });
});
