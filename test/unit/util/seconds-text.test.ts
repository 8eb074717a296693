import { expect, test } from "bun:test";
import { secondsText } from "../../../src/util/seconds-text.ts";

test("times print as RFC 3339 whole seconds, each second its own text", () => {
  expect(secondsText(new Date("2026-11-28T10:00:00.000Z"))).toBe("2026-11-28T10:00:00Z");
  expect(secondsText(new Date("2026-11-28T10:00:00.999Z"))).toBe("2026-11-28T10:00:00Z");
  expect(secondsText(new Date("2026-11-28T10:00:01.001Z"))).toBe("2026-11-28T10:00:01Z");
  // back to an earlier second, and before the epoch (floor, not truncation)
  expect(secondsText(new Date("2026-11-28T09:59:59.500Z"))).toBe("2026-11-28T09:59:59Z");
  expect(secondsText(new Date(-500))).toBe("1969-12-31T23:59:59Z");
  expect(secondsText(new Date(0))).toBe("1970-01-01T00:00:00Z");
  expect(() => secondsText(new Date(Number.NaN))).toThrow(RangeError);
});
