/** The function environment: Kubernetes' CEL libraries that this interpreter implements. */
import { FunctionRegistry } from "./functions.ts";
import { CORE_LIBRARY } from "./stdlib-core.ts";
import { FORMAT_LIBRARY } from "./stdlib-format.ts";
import { IP_LIBRARY } from "./stdlib-ip.ts";
import { LISTS_LIBRARY } from "./stdlib-lists.ts";
import { OPTIONAL_LIBRARY } from "./stdlib-optional.ts";
import { QUANTITY_LIBRARY } from "./stdlib-quantity.ts";
import { REGEX_LIBRARY } from "./stdlib-regex.ts";
import { SEMVER_LIBRARY } from "./stdlib-semver.ts";
import { STRINGS_LIBRARY } from "./stdlib-strings.ts";
import { URL_LIBRARY } from "./stdlib-url.ts";

export const REGISTRY = new FunctionRegistry([
  CORE_LIBRARY,
  STRINGS_LIBRARY,
  LISTS_LIBRARY,
  REGEX_LIBRARY,
  OPTIONAL_LIBRARY,
  URL_LIBRARY,
  IP_LIBRARY,
  FORMAT_LIBRARY,
  QUANTITY_LIBRARY,
  SEMVER_LIBRARY,
]);

/**
 * Functions of Kubernetes' CEL environment that are not implemented: compiling a call to one
 * raises CelUnsupportedError (callers skip the rule) rather than CelCompileError.
 */
export const UNSUPPORTED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  // cel-go ext.Strings format
  ["format", "string.format()"],
  // k8s authorizer library (admission policies)
  ...["group", "resource", "subresource", "check", "allowed", "reason", "errored", "error", "path", "serviceAccount", "fieldSelector", "labelSelector"].map(
    (n) => [n, "the Kubernetes authorizer library"] as const,
  ),
]);


/** Namespaces of qualified function names (`optional.of`, `sets.contains`, `ip.isCanonical`...). */
export const FUNCTION_NAMESPACES: ReadonlySet<string> = new Set(["optional", "strings", "sets", "ip", "format"]);
