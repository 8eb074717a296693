/**
 * The string formats of kube-openapi's strfmt registry as custom resources see them, and
 * which formats apiextensions keeps per type (StripUnsupportedFormatsPostProcessor at the
 * 1.34 default compatibility version).
 */
import { describe, expect, test } from "bun:test";
import { effectiveFormat, isKnownFormat, matchesFormat } from "../../../../src/api/apiextensions/formats.ts";

describe("effectiveFormat", () => {
  const cases: [string | undefined, string[], string][] = [
    ["date-time", ["string"], "date-time"],
    ["datetime", [], "datetime"],
    ["int32", ["integer"], "int32"],
    ["int16", ["integer"], ""],
    ["double", ["number"], "double"],
    ["int64", ["number"], ""],
    ["int32", ["string"], ""],
    ["byte", ["boolean"], ""],
    ["uuid", ["integer", "string"], "uuid"],
    ["k8s-short-name", ["string"], ""],
    [undefined, ["string"], ""],
  ];
  for (const [format, types, want] of cases) test(`${format} on ${types.join(",") || "no type"}`, () => expect(effectiveFormat(format, types)).toBe(want));
});

describe("matchesFormat", () => {
  const cases: [string, string, boolean][] = [
    ["date-time", "2006-01-02T15:04:05Z", true],
    ["date-time", "2006-01-02t15:04:05.123+07:00", true],
    ["date-time", "2006-01-02T24:00:00Z", false],
    ["date-time", "2006-01-02 15:04:05Z", false],
    ["date", "2024-02-29", true],
    ["date", "2023-02-29", false],
    ["byte", "aGVsbG8=", true],
    ["byte", "aGVsbG8", false],
    ["byte", "", false],
    ["uuid", "123E4567-E89B-12D3-A456-426614174000", true],
    ["uuid4", "123e4567-e89b-12d3-a456-426614174000", false],
    ["ipv4", "10.0.0.1", true],
    ["ipv4", "::1", false],
    ["ipv6", "::1", true],
    ["ipv6", "10.0.0.1", false],
    ["cidr", "10.0.0.0/8", true],
    ["cidr", "10.0.0.0", false],
    ["mac", "01:23:45:67:89:ab", true],
    ["mac", "0123.4567.89ab", true],
    ["mac", "01:23:45:67:89", false],
    ["hostname", "example.com", true],
    ["hostname", "-bad.com", false],
    ["email", "a.b@example.com", true],
    ["email", "Name <a@example.com>", true],
    ["email", "nope", false],
    ["uri", "https://example.com/x?y=1", true],
    ["uri", "/absolute/path", true],
    ["uri", "relative/path", false],
    ["uri", "http://host:port/", false],
    ["duration", "1h30m", true],
    ["duration", "3 days", true],
    ["duration", "soon", false],
    ["hexcolor", "#fff", true],
    ["rgbcolor", "rgb(255, 0, 10)", true],
    ["rgbcolor", "rgb(256,0,0)", false],
    ["isbn10", "0321751043", true],
    ["isbn13", "978-0321751041", true],
    ["isbn", "0321751044", false],
    ["creditcard", "4111 1111 1111 1111", true],
    ["creditcard", "4111 1111 1111 1112", false],
    ["ssn", "123-45-6789", true],
    ["ssn", "123456789", false],
    ["bsonobjectid", "507f1f77bcf86cd799439011", true],
    ["password", "anything", true],
    ["k8s-short-name", "a-b", true],
    ["k8s-short-name", "a-", false],
    ["k8s-long-name", "a.b-c", true],
  ];
  for (const [format, value, want] of cases) test(`${format} ${JSON.stringify(value)}`, () => expect(matchesFormat(format, value)).toBe(want));
  test("known formats are normalized without dashes", () => {
    expect(isKnownFormat("date-time")).toBe(true);
    expect(isKnownFormat("datetime")).toBe(true);
    expect(isKnownFormat("int32")).toBe(false);
  });
});
