import { describe, expect, test } from "bun:test";
import {
  ApiError,
  errorFromResponse,
  genericStatus,
  hasStatusCause,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isExpired,
  isForbidden,
  isGone,
  isInternalError,
  isInvalid,
  isNotFound,
  isResourceExpired,
  isServiceUnavailable,
  isTimeout,
  isTooManyRequests,
  isUnauthorized,
  reasonForError,
  suggestsClientDelay,
} from "../../../src/client/errors.ts";

const err = (code: number, reason?: string) => new ApiError({ kind: "Status", metadata: {}, status: "Failure", code, ...(reason !== undefined ? { reason } : {}) });

const predicates = {
  isNotFound,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isGone,
  isResourceExpired,
  isExpired,
  isBadRequest,
  isUnauthorized,
  isForbidden,
  isTooManyRequests,
  isInternalError,
  isServiceUnavailable,
  isTimeout,
} as const;

// [error, predicates that must be true]; every other predicate must be false.
const cases: [string, ApiError, (keyof typeof predicates)[]][] = [
  ["NotFound reason", err(404, "NotFound"), ["isNotFound"]],
  ["404 without reason", err(404), ["isNotFound"]],
  ["404 with an unknown reason", err(404, "Whatever"), ["isNotFound"]],
  ["AlreadyExists", err(409, "AlreadyExists"), ["isAlreadyExists"]],
  ["409 without reason is a conflict", err(409), ["isConflict"]],
  ["Conflict", err(409, "Conflict"), ["isConflict"]],
  ["Invalid", err(422, "Invalid"), ["isInvalid"]],
  ["422 without reason", err(422), ["isInvalid"]],
  ["Gone", err(410, "Gone"), ["isGone", "isExpired"]],
  ["Expired", err(410, "Expired"), ["isResourceExpired", "isExpired"]],
  ["410 without reason", err(410), ["isGone", "isExpired"]],
  ["BadRequest", err(400, "BadRequest"), ["isBadRequest"]],
  ["Unauthorized", err(401, "Unauthorized"), ["isUnauthorized"]],
  ["Forbidden", err(403, "Forbidden"), ["isForbidden"]],
  ["TooManyRequests", err(429, "TooManyRequests"), ["isTooManyRequests"]],
  ["429 with another reason still counts", err(429, "Forbidden"), ["isTooManyRequests", "isForbidden"]],
  ["InternalError", err(500, "InternalError"), ["isInternalError"]],
  ["503", err(503), ["isServiceUnavailable"]],
  ["504", err(504), ["isTimeout"]],
];

describe("error predicates", () => {
  for (const [name, e, want] of cases) {
    test(name, () => {
      for (const [pname, p] of Object.entries(predicates)) {
        expect([pname, p(e)]).toEqual([pname, want.includes(pname as keyof typeof predicates)]);
      }
    });
  }

  test("non-ApiError values are never matched", () => {
    for (const v of [new Error("x"), undefined, null, "NotFound", { status: { code: 404 } }]) {
      for (const p of Object.values(predicates)) expect(p(v)).toBe(false);
      expect(reasonForError(v)).toBe("");
    }
  });
});

describe("decoding error answers", () => {
  test("a Status body is kept as is", () => {
    const body = JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'pods "x" not found', reason: "NotFound", details: { name: "x", kind: "pods" }, code: 404 });
    const e = errorFromResponse(404, body);
    expect(e.message).toBe('pods "x" not found');
    expect(e.status.details?.name).toBe("x");
    expect(isNotFound(e)).toBe(true);
  });

  test("a non-Status body gets upstream's generic message per code", () => {
    const table: [number, string, string][] = [
      [404, "NotFound", "the server could not find the requested resource"],
      [429, "TooManyRequests", "the server has received too many requests and has asked us to try again later"],
      [403, "Forbidden", "the server does not allow access to the requested resource"],
      [500, "InternalError", 'an error on the server ("boom") has prevented the request from succeeding'],
    ];
    for (const [code, reason, message] of table) {
      const e = errorFromResponse(code, code === 500 ? "boom" : "<html>");
      expect([e.code, e.reason, e.message]).toEqual([code, reason, message]);
    }
  });

  test("retry-after seconds and causes are readable", () => {
    expect(suggestsClientDelay(new ApiError(genericStatus(429, "", 3)))).toBe(3);
    const e = new ApiError({ kind: "Status", metadata: {}, status: "Failure", code: 409, reason: "Conflict", details: { causes: [{ reason: "FieldManagerConflict", field: ".spec.replicas" }] } });
    expect(hasStatusCause(e, "FieldManagerConflict")).toBe(true);
    expect(hasStatusCause(e, "FieldValueInvalid")).toBe(false);
  });
});
