/**
 * Typed API errors, as k8s.io/apimachinery/pkg/api/errors: every non-2xx answer and
 * every watch ERROR event becomes an ApiError carrying the server's Status. The
 * predicates accept any value, so `catch (e) { if (isNotFound(e)) ... }` just works.
 */
import { type Status, StatusReason } from "../api/meta/index.ts";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(readonly status: Status) {
    super(status.message || status.reason || `request failed with status ${status.code}`);
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason ?? "";
  }
}

const KNOWN_REASONS = new Set<string>(Object.values(StatusReason));

const GENERIC_MESSAGES: Record<number, [StatusReason, string]> = {
  400: [StatusReason.BadRequest, "the server rejected our request for an unknown reason"],
  401: [StatusReason.Unauthorized, "the server has asked for the client to provide credentials"],
  403: [StatusReason.Forbidden, "the server does not allow access to the requested resource"],
  404: [StatusReason.NotFound, "the server could not find the requested resource"],
  405: [StatusReason.MethodNotAllowed, "the server does not allow this method on the requested resource"],
  406: [StatusReason.NotAcceptable, "the server was unable to respond with a content type that the client supports"],
  409: [StatusReason.Conflict, "the server reported a conflict"],
  410: [StatusReason.Gone, "the server has asked for the client to return to the start of the list"],
  413: [StatusReason.RequestEntityTooLarge, "the server has rejected the request because the entity is too large"],
  415: [StatusReason.UnsupportedMediaType, "the server was unable to respond with a content type that the client supports"],
  422: [StatusReason.Invalid, "the server rejected our request due to an error in our request"],
  429: [StatusReason.TooManyRequests, "the server has received too many requests and has asked us to try again later"],
  500: [StatusReason.InternalError, "an error on the server has prevented the request from succeeding"],
  503: [StatusReason.ServiceUnavailable, "the server is currently unable to handle the request"],
  504: [StatusReason.Timeout, "the server was unable to return a response in the time allotted, but may still be processing the request"],
};

/** A Status for an error answer whose body was not a Status (as client-go's NewGenericServerResponse). */
export function genericStatus(code: number, body?: string, retryAfterSeconds?: number): Status {
  const [reason, generic] = GENERIC_MESSAGES[code] ?? [undefined, `an error on the server has prevented the request from succeeding`];
  const text = body?.trim();
  const message = code === 500 && text ? `an error on the server (${JSON.stringify(text.slice(0, 1024))}) has prevented the request from succeeding` : generic;
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, code };
  if (reason) status.reason = reason;
  if (retryAfterSeconds !== undefined) status.details = { retryAfterSeconds };
  return status;
}

/** Wraps a decoded body as an ApiError: a Status body is used as is, anything else becomes a generic one. */
export function errorFromResponse(code: number, body: string, retryAfterSeconds?: number): ApiError {
  try {
    const parsed = JSON.parse(body) as Partial<Status>;
    if (parsed && parsed.kind === "Status" && typeof parsed.status === "string") {
      return new ApiError({ ...parsed, metadata: parsed.metadata ?? {}, code: parsed.code || code } as Status);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(genericStatus(code, body, retryAfterSeconds));
}

function statusOf(err: unknown): Status | undefined {
  return err instanceof ApiError ? err.status : undefined;
}

/** The Status reason of an ApiError; "" (upstream's StatusReasonUnknown) for anything else. */
export function reasonForError(err: unknown): string {
  return statusOf(err)?.reason ?? "";
}

/** The HTTP code of an ApiError; 0 for anything else. */
export function codeForError(err: unknown): number {
  return statusOf(err)?.code ?? 0;
}

/** reason matches, or the reason is not a known one and the code matches. */
function reasonOrCode(err: unknown, reason: StatusReason, code: number): boolean {
  const s = statusOf(err);
  if (!s) return false;
  if (s.reason === reason) return true;
  return !KNOWN_REASONS.has(s.reason ?? "") && s.code === code;
}

export const isNotFound = (err: unknown): boolean => reasonOrCode(err, StatusReason.NotFound, 404);
export const isAlreadyExists = (err: unknown): boolean => reasonForError(err) === StatusReason.AlreadyExists;
export const isConflict = (err: unknown): boolean => reasonOrCode(err, StatusReason.Conflict, 409);
export const isInvalid = (err: unknown): boolean => reasonOrCode(err, StatusReason.Invalid, 422);
export const isGone = (err: unknown): boolean => reasonOrCode(err, StatusReason.Gone, 410);
export const isResourceExpired = (err: unknown): boolean => reasonForError(err) === StatusReason.Expired;
export const isBadRequest = (err: unknown): boolean => reasonOrCode(err, StatusReason.BadRequest, 400);
export const isUnauthorized = (err: unknown): boolean => reasonOrCode(err, StatusReason.Unauthorized, 401);
export const isForbidden = (err: unknown): boolean => reasonOrCode(err, StatusReason.Forbidden, 403);
export const isMethodNotSupported = (err: unknown): boolean => reasonOrCode(err, StatusReason.MethodNotAllowed, 405);
export const isTimeout = (err: unknown): boolean => reasonOrCode(err, StatusReason.Timeout, 504);
export const isServerTimeout = (err: unknown): boolean => reasonForError(err) === StatusReason.ServerTimeout;
export const isInternalError = (err: unknown): boolean => reasonOrCode(err, StatusReason.InternalError, 500);
export const isServiceUnavailable = (err: unknown): boolean => reasonOrCode(err, StatusReason.ServiceUnavailable, 503);
export const isRequestEntityTooLarge = (err: unknown): boolean => reasonOrCode(err, StatusReason.RequestEntityTooLarge, 413);
export const isUnsupportedMediaType = (err: unknown): boolean => reasonOrCode(err, StatusReason.UnsupportedMediaType, 415);
/** Any ApiError with code 429, whatever its reason (as upstream). */
export const isTooManyRequests = (err: unknown): boolean =>
  reasonForError(err) === StatusReason.TooManyRequests || codeForError(err) === 429;

/** 410 in either form: the resourceVersion or continue token is too old (the reflector relists). */
export function isExpired(err: unknown): boolean {
  return isResourceExpired(err) || isGone(err);
}

/** True when the Status has a cause of the given type (e.g. "FieldManagerConflict"). */
export function hasStatusCause(err: unknown, causeType: string): boolean {
  return statusOf(err)?.details?.causes?.some((c) => c.reason === causeType) ?? false;
}

/** Seconds the server asked us to wait (details.retryAfterSeconds), if any. */
export function suggestsClientDelay(err: unknown): number | undefined {
  const s = statusOf(err);
  if (!s) return undefined;
  const v = s.details?.retryAfterSeconds;
  return v !== undefined && v > 0 ? v : undefined;
}
