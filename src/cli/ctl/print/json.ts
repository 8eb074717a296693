/**
 * JSON output as kubectl writes it (Go's encoding/json over unstructured maps): keys
 * sorted, four-space indent, and <, >, & escaped as \u003c, \u003e, \u0026.
 */
import { sortKeys } from "../../../util/jsonpath.ts";

export { sortKeys };

export function toJson(value: unknown): string {
  return (
    JSON.stringify(sortKeys(value), null, 4)
      .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n"
  );
}
