/**
 * A Common Expression Language interpreter for Kubernetes' uses of CEL (CRD
 * x-kubernetes-validations rules, admission matchConditions): cel-spec's language with
 * cel-go's runtime semantics and the Kubernetes function libraries.
 */
export { CelCompileError, CelCostLimitError, CelEvalError, CelUnsupportedError } from "./errors.ts";
export { compileCel, type CelProgram } from "./program.ts";
export type { CelHintType, CelTypeHint, CelTypeHints } from "./json.ts";
export { OptionalVar, unescapePropertyName } from "./json.ts";
export { toNative } from "./native.ts";
export {
  ArrayList,
  CelDuration,
  CelList,
  CelMap,
  CelObject,
  CelOptional,
  CelTimestamp,
  CelType,
  CelUint,
  type CelValue,
  LiteralMap,
  typeName,
} from "./values.ts";
export { UNSUPPORTED_FUNCTIONS } from "./library.ts";
