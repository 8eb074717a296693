/**
 * API errors as upstream's k8s.io/apimachinery/pkg/api/errors builds them: a Status body
 * with reason, code, message and details, so clients print the messages users know.
 */
import { StatusReason, type Status, type StatusCause, type StatusDetails } from "../../api/meta/index.ts";

/** The resource an error is about: its group and plural ("" for core). */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export function qualifiedName(qr: QualifiedResource): string {
  return qr.group === "" ? qr.resource : `${qr.resource}.${qr.group}`;
}

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? "error");
    this.name = "ApiError";
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

export function statusFailure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) s.details = details;
  return s;
}

function err(code: number, reason: string, message: string, details?: StatusDetails): ApiError {
  return new ApiError(statusFailure(code, reason, message, details));
}

function details(qr: QualifiedResource, name: string): StatusDetails {
  const d: StatusDetails = { kind: qr.resource };
  if (name) d.name = name;
  if (qr.group) d.group = qr.group;
  return d;
}

export const errors = {
  notFound(qr: QualifiedResource, name: string): ApiError {
    return err(404, StatusReason.NotFound, `${qualifiedName(qr)} "${name}" not found`, details(qr, name));
  },
  /** The path names no resource this server serves. */
  noRoute(): ApiError {
    return err(404, StatusReason.NotFound, "the server could not find the requested resource", {});
  },
  alreadyExists(qr: QualifiedResource, name: string): ApiError {
    return err(409, StatusReason.AlreadyExists, `${qualifiedName(qr)} "${name}" already exists`, details(qr, name));
  },
  conflict(qr: QualifiedResource, name: string, why: string): ApiError {
    return err(409, StatusReason.Conflict, `Operation cannot be fulfilled on ${qualifiedName(qr)} "${name}": ${why}`, details(qr, name));
  },
  /** The optimistic-concurrency conflict kubectl retries on. */
  modified(qr: QualifiedResource, name: string): ApiError {
    return errors.conflict(qr, name, "the object has been modified; please apply your changes to the latest version and try again");
  },
  invalid(group: string, kind: string, name: string, message: string, causes: StatusCause[]): ApiError {
    const d: StatusDetails = { kind, causes };
    if (name) d.name = name;
    if (group) d.group = group;
    return err(422, StatusReason.Invalid, message, d);
  },
  badRequest(message: string, causes?: StatusCause[]): ApiError {
    return err(400, StatusReason.BadRequest, message, causes ? { causes } : undefined);
  },
  unauthorized(): ApiError {
    return err(401, StatusReason.Unauthorized, "Unauthorized");
  },
  forbidden(qr: QualifiedResource, name: string, why: string, causes?: StatusCause[]): ApiError {
    const subject = name ? `${qualifiedName(qr)} "${name}"` : qualifiedName(qr);
    const d = details(qr, name);
    if (causes) d.causes = causes;
    return err(403, StatusReason.Forbidden, `${subject} is forbidden: ${why}`, d);
  },
  methodNotSupported(qr: QualifiedResource, action: string): ApiError {
    return err(405, StatusReason.MethodNotAllowed, `${action} is not supported on resources of kind "${qualifiedName(qr)}"`, details(qr, ""));
  },
  methodNotAllowed(): ApiError {
    return err(405, StatusReason.MethodNotAllowed, "the server does not allow this method on the requested resource");
  },
  expired(message: string): ApiError {
    return err(410, StatusReason.Expired, message);
  },
  gone(message: string): ApiError {
    return err(410, StatusReason.Gone, message);
  },
  tooLarge(limit: number): ApiError {
    return err(413, StatusReason.RequestEntityTooLarge, `Request entity too large: limit is ${limit}`);
  },
  unsupportedMediaType(contentType: string, accepted: readonly string[]): ApiError {
    return err(415, StatusReason.UnsupportedMediaType, `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`, {
      causes: [{ reason: "UnexpectedServerResponse", message: contentType }],
    });
  },
  notAcceptable(accepted: readonly string[]): ApiError {
    return err(406, StatusReason.NotAcceptable, `only the following media types are accepted: ${accepted.join(", ")}`);
  },
  tooManyRequests(message: string, retryAfterSeconds: number): ApiError {
    return err(429, StatusReason.TooManyRequests, message, { retryAfterSeconds });
  },
  serviceUnavailable(message: string): ApiError {
    return err(503, StatusReason.ServiceUnavailable, message);
  },
  timeout(message: string): ApiError {
    return err(504, StatusReason.Timeout, message);
  },
  internal(message: string): ApiError {
    return err(500, StatusReason.InternalError, `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
};

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
