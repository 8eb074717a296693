/** The CLI's JSONPath templates: src/util/jsonpath.ts, with parse errors as usage errors. */
import { CtlUsageError } from "../args.ts";
import { JsonPath as Template, JsonPathError, compareSortValues } from "../../../util/jsonpath.ts";

export { compareSortValues };

export class JsonPath extends Template {
  constructor(template: string) {
    try {
      super(template);
    } catch (e) {
      if (e instanceof JsonPathError) throw new CtlUsageError(e.message);
      throw e;
    }
  }
}

/** kubectl's relaxed JSONPath for --sort-by and custom-columns: `.a.b`, `a.b` or `{.a.b}`. */
export function relaxedJsonPath(expr: string): JsonPath {
  if (expr.startsWith("{")) return new JsonPath(expr);
  return new JsonPath(`{${expr.startsWith(".") || expr.startsWith("$") ? "" : "."}${expr}}`);
}
