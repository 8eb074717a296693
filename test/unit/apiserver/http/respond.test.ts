import { describe, expect, test } from "bun:test";
import { errorResponse, jsonText } from "../../../../src/apiserver/http/respond.ts";
import { errors } from "../../../../src/apiserver/http/status.ts";

describe("jsonText", () => {
  test("answers carry application/json and do not share their headers", async () => {
    const a = jsonText('{"a":1}');
    const b = jsonText(new TextEncoder().encode('{"b":2}'), 201);
    a.headers.set("x-only-a", "1");
    expect(a.headers.get("content-type")).toBe("application/json");
    expect(b.headers.get("content-type")).toBe("application/json");
    expect(b.headers.has("x-only-a")).toBe(false);
    expect(jsonText("{}").headers.has("x-only-a")).toBe(false);
    expect(b.status).toBe(201);
    expect(await b.json()).toEqual({ b: 2 });
  });

  test("extras add warnings and headers", () => {
    const r = jsonText("{}", 200, { warnings: ['say "hi"'], headers: { "x-extra": "v" } });
    expect(r.headers.get("warning")).toBe('299 - "say \\"hi\\""');
    expect(r.headers.get("x-extra")).toBe("v");
  });

  test("errors carry retry-after when the Status asks for it", async () => {
    const r = errorResponse(errors.tooManyRequests("slow down", 3));
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("3");
    expect(((await r.json()) as { reason: string }).reason).toBe("TooManyRequests");
  });

  test("a stack overflow (a document nested too deep for a walk) is 400; other errors are 500", async () => {
    let depth = 0;
    const recurse = (): number => ++depth + recurse();
    let overflow: unknown;
    try {
      recurse();
    } catch (e) {
      overflow = e;
    }
    const r = errorResponse(overflow);
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ reason: "BadRequest", message: "the object is nested too deeply to be processed: exceeded max depth" });
    expect(errorResponse(new RangeError("not an integer: 1.5")).status).toBe(500);
    expect(errorResponse(new Error("boom")).status).toBe(500);
  });
});
