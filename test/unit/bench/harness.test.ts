import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatFigure, percentile, writeSection } from "../../../bench/harness.ts";

describe("bench harness", () => {
  test("one line per figure with target", () => {
    expect(formatFigure("Storage", { name: "gets", value: 612345.4, unit: "ops/s", target: ">= 500000" })).toBe("Storage: gets = 612,345 ops/s (target >= 500000)");
    expect(formatFigure("X", { name: "lat", value: 1.23456, unit: "ms" })).toBe("X: lat = 1.23 ms");
  });

  test("percentile", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 100)).toBe(5);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99)).toBe(99);
  });

  test("sections are replaced in place, others kept", () => {
    const file = join(mkdtempSync(join(tmpdir(), "kubun-bench-")), "RESULTS.md");
    writeSection("Alpha", [{ name: "a", value: 1, unit: "x" }], "", file);
    writeSection("Beta", [{ name: "b", value: 2, unit: "y" }], "", file);
    writeSection("Alpha", [{ name: "a2", value: 3, unit: "z" }], "", file);
    const text = readFileSync(file, "utf8");
    expect(text.match(/^## Alpha$/gm)).toHaveLength(1);
    expect(text).toContain("| a2 | 3.00 | z |");
    expect(text).not.toContain("| a | 1.00 | x |");
    expect(text).toContain("| b | 2.00 | y |");
    expect(text).toMatch(/Measured \d{4}-\d{2}-\d{2} on \d+ cores/);
  });
});
