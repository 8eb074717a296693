/** Upstream StatusReason values (k8s.io/apimachinery/pkg/apis/meta/v1) and their HTTP codes. */
export const StatusReason = {
  BadRequest: "BadRequest",
  Unauthorized: "Unauthorized",
  Forbidden: "Forbidden",
  NotFound: "NotFound",
  AlreadyExists: "AlreadyExists",
  Conflict: "Conflict",
  Gone: "Gone",
  Invalid: "Invalid",
  ServerTimeout: "ServerTimeout",
  Timeout: "Timeout",
  TooManyRequests: "TooManyRequests",
  MethodNotAllowed: "MethodNotAllowed",
  NotAcceptable: "NotAcceptable",
  RequestEntityTooLarge: "RequestEntityTooLarge",
  UnsupportedMediaType: "UnsupportedMediaType",
  InternalError: "InternalError",
  Expired: "Expired",
  ServiceUnavailable: "ServiceUnavailable",
} as const;
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

/** Upstream CauseType values used in Status details. */
export const CauseType = {
  FieldValueNotFound: "FieldValueNotFound",
  FieldValueRequired: "FieldValueRequired",
  FieldValueDuplicate: "FieldValueDuplicate",
  FieldValueInvalid: "FieldValueInvalid",
  FieldValueNotSupported: "FieldValueNotSupported",
  FieldValueForbidden: "FieldValueForbidden",
  FieldValueTooLong: "FieldValueTooLong",
  FieldValueTypeInvalid: "FieldValueTypeInvalid",
  UnexpectedServerResponse: "UnexpectedServerResponse",
  FieldManagerConflict: "FieldManagerConflict",
  ResourceVersionTooLarge: "ResourceVersionTooLarge",
  NonZeroExitCode: "NonZeroExitCode",
  ExitCode: "ExitCode",
} as const;
