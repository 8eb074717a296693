import { describe, expect, test } from "bun:test";
import { CelCompileError, CelEvalError } from "../../../../src/api/cel/index.ts";
import { errorOf, ev } from "./helpers.ts";

const FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe("Kubernetes quantity library", () => {
  const cases: [string, unknown][] = [
    // parsing and equality
    ["quantity('12Mi') == quantity('12582912')", true],
    ["quantity('200M') == quantity('200M')", true],
    ["quantity('200M') == quantity('0.2G') && quantity('0.2G') == quantity('200M')", true],
    ["quantity('2M') == quantity('0.002G') && quantity('2000k') == quantity('2M')", true],
    ["quantity('200M') == quantity('0.3G')", false],
    ["quantity('1Gi') != quantity('1G')", true],
    ["quantity('1.5G') == quantity('1500M')", true],
    ["quantity('1e3') == quantity('1k')", true],
    ["[quantity('1k')] == [quantity('1000')]", true],
    ["type(quantity('1')) == kubernetes.Quantity", true],
    ["type(quantity('1')) == net.IP", false],
    // isQuantity
    ["isQuantity('20')", true],
    ["isQuantity('20M')", true],
    ["isQuantity('20Mi')", true],
    ["isQuantity('1.3G')", true],
    ["isQuantity('10000k')", true],
    ["isQuantity('20Mo')", false],
    ["isQuantity('10Mm')", false],
    ["isQuantity('1,3G')", false],
    ["isQuantity('200K')", false],
    ["isQuantity('Three')", false],
    ["isQuantity('')", false],
    // comparisons
    ["quantity('50M').isLessThan(quantity('50Mi'))", true],
    ["quantity('50M').isLessThan(quantity('100M'))", true],
    ["quantity('100M').isLessThan(quantity('50M'))", false],
    ["quantity('100M').isLessThan(quantity('100M'))", false],
    ["quantity('50Mi').isGreaterThan(quantity('50M'))", true],
    ["quantity('150Mi').isGreaterThan(quantity('100Mi'))", true],
    ["quantity('50M').isGreaterThan(quantity('100M'))", false],
    ["quantity('200M').compareTo(quantity('0.2G'))", 0],
    ["quantity('50M').compareTo(quantity('50Mi'))", -1],
    ["quantity('50Mi').compareTo(quantity('50M'))", 1],
    ["quantity('-1').compareTo(quantity('1n'))", -1],
    // sign (a global function upstream)
    ["sign(quantity('50k'))", 1],
    ["sign(quantity('-0.5'))", -1],
    ["sign(quantity('0'))", 0],
    ["sign(quantity('-0'))", 0],
    // arithmetic
    ["quantity('50k').add(quantity('20')) == quantity('50.02k')", true],
    ["quantity('50k').add(20).isLessThan(quantity('50020'))", false],
    ["quantity('50k').add(20) == quantity('50020')", true],
    ["quantity('50k').sub(quantity('20')) == quantity('49.98k')", true],
    ["quantity('50k').sub(20) == quantity('49980')", true],
    ["quantity('50k').sub(20000) == quantity('30k')", true],
    ["quantity('50k').add(20).sub(quantity('100k')).asInteger()", -49980],
    ["quantity('50k').add(20).sub(quantity('100k')).sub(-50000).asInteger()", 20],
    ["quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')", true],
    ["quantity('1Gi').add(quantity('1Gi')) == quantity('2Gi')", true],
    ["quantity('0').sub(quantity('1Mi')).compareTo(quantity('-1Mi'))", 0],
    ["quantity('9223372036854775807').add(1).isGreaterThan(quantity('9223372036854775807'))", true],
    ["quantity('9e18').add(1).asInteger()", 9000000000000000001n],
    // conversions
    ["quantity('50k').asInteger()", 50000],
    ["quantity('1Gi').asInteger()", 1073741824],
    ["quantity('1e3').asInteger()", 1000],
    ["quantity('-7').asInteger()", -7],
    ["quantity('0').asInteger()", 0],
    ["quantity('50').isInteger()", true],
    ["quantity('50000000G').isInteger()", true],
    ["quantity('9999999999999999999999999999999999999G').isInteger()", false],
    ["quantity('0.5').isInteger()", false],
    // upstream AsInt64 refuses negative scales and inf.Dec values, integral or not
    ["quantity('1000m').isInteger()", false],
    ["quantity('1.5Gi').isInteger()", false],
    ["quantity('922337203685477580').isInteger()", true],
    // more than 18 digits: parsed through inf.Dec upstream
    ["quantity('9223372036854775807').isInteger()", false],
    ["quantity('9e18').isInteger()", true],
    ["quantity('10e18').isInteger()", false],
    ["quantity('9e18').add(quantity('1e18')).isInteger()", false],
    ["quantity('9e18').add(quantity('1e18')).add(1).isInteger()", false],
    ["quantity('1500m').add(quantity('500m')).isInteger()", false],
    ["quantity('1500m').add(quantity('500m')) == quantity('2')", true],
    ["quantity('50.703k').asApproximateFloat()", 50703],
    ["quantity('1Mi').asApproximateFloat()", 1048576],
    ["quantity('50k').sub(20000).asApproximateFloat() == 30000.0", true],
    ["quantity('1.5').asApproximateFloat()", 1.5],
  ];
  for (const [expr, want] of cases) {
    test(expr, () => {
      const got = ev(expr);
      expect(typeof got === "bigint" && typeof want === "number" ? Number(got) : got).toEqual(want);
    });
  }

  test("parse errors carry upstream's messages", () => {
    expect(errorOf("quantity('10Mo')")).toBeInstanceOf(CelEvalError);
    expect(errorOf("quantity('10Mo')").message).toBe(FORMAT_ERROR);
    expect(errorOf("quantity('')").message).toBe(FORMAT_ERROR);
    expect(errorOf("quantity('Three')").message).toBe(FORMAT_ERROR);
    expect(errorOf("quantity('10Mm')").message).toBe("unable to parse quantity's suffix");
    expect(errorOf("quantity('200K')").message).toBe("unable to parse quantity's suffix");
    expect(errorOf("quantity(self)", { self: "1,5" }).message).toBe(FORMAT_ERROR);
  });

  test("asInteger errors", () => {
    for (const e of ["quantity('9999999999999999999999999999999999999G').asInteger()", "quantity('0.5').asInteger()", "quantity('1000m').asInteger()"]) {
      expect(errorOf(e)).toBeInstanceOf(CelEvalError);
      expect(errorOf(e).message).toBe("cannot convert value to integer");
    }
  });

  test("type errors", () => {
    expect(errorOf("quantity(1)").message).toBe("no matching overload for 'quantity' applied to '(int)'");
    expect(errorOf("isQuantity([1, 2, 3])").message).toBe("no matching overload for 'isQuantity' applied to '(list)'");
    expect(errorOf("quantity('1').add('1')").message).toBe("no matching overload for 'add' applied to 'kubernetes.Quantity.(string)'");
    expect(errorOf("quantity('1').add(1.5)").message).toContain("no matching overload");
    expect(errorOf("quantity('1').isLessThan(semver('1.0.0'))").message).toContain("no matching overload");
    // Upstream declares no string() overload for quantities.
    expect(errorOf("string(quantity('1Gi'))").message).toBe("no matching overload for 'string' applied to '(kubernetes.Quantity)'");
  });

  test("call shapes are checked at compile time", () => {
    // sign is declared as a global overload upstream, so the receiver form does not compile.
    expect(errorOf("quantity('1').sign()")).toBeInstanceOf(CelCompileError);
    expect(errorOf("quantity('1', '2')")).toBeInstanceOf(CelCompileError);
    expect(errorOf("'1'.quantity()")).toBeInstanceOf(CelCompileError);
    expect(errorOf("isQuantity()")).toBeInstanceOf(CelCompileError);
    expect(errorOf("quantity('1').isInteger(1)")).toBeInstanceOf(CelCompileError);
    expect(errorOf("quantity('1').add()")).toBeInstanceOf(CelCompileError);
    expect(errorOf("compareTo(quantity('1'), quantity('2'))")).toBeInstanceOf(CelCompileError);
  });

  describe("CRD-style rules", () => {
    test("a memory limit below 10Gi", () => {
      const rule = "quantity(self.memory).isLessThan(quantity('10Gi'))";
      expect(ev(rule, { self: { memory: "512Mi" } })).toBe(true);
      expect(ev(rule, { self: { memory: "10Gi" } })).toBe(false);
      expect(ev(rule, { self: { memory: "11G" } })).toBe(false);
      expect(errorOf(rule, { self: { memory: "lots" } }).message).toBe(FORMAT_ERROR);
    });

    test("requests do not exceed limits", () => {
      const rule = "self.requests.all(k, quantity(self.requests[k]).compareTo(quantity(self.limits[k])) <= 0)";
      expect(ev(rule, { self: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "1024Mi" } } })).toBe(true);
      expect(ev(rule, { self: { requests: { cpu: "1500m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } } })).toBe(false);
      expect(errorOf(rule, { self: { requests: { gpu: "1" }, limits: {} } })).toBeInstanceOf(CelEvalError);
    });

    test("guarded by isQuantity", () => {
      const rule = "isQuantity(self.size) && quantity(self.size).isGreaterThan(quantity('0'))";
      expect(ev(rule, { self: { size: "1k" } })).toBe(true);
      expect(ev(rule, { self: { size: "-1k" } })).toBe(false);
      expect(ev(rule, { self: { size: "big" } })).toBe(false);
    });

    test("a total from a list", () => {
      const rule = "self.volumes.map(v, quantity(v.size)).all(q, q.isLessThan(quantity('1Ti'))) && sign(quantity(self.volumes[0].size).sub(quantity('100Gi'))) >= 0";
      expect(ev(rule, { self: { volumes: [{ size: "100Gi" }, { size: "500Gi" }] } })).toBe(true);
      expect(ev(rule, { self: { volumes: [{ size: "10Gi" }] } })).toBe(false);
    });
  });
});
