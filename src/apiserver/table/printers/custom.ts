/**
 * Printers of custom resources (upstream's CRD table convertor): a Name column, then the
 * version's additionalPrinterColumns, or an Age column (creationTimestamp, type date) when
 * it declares none. Each cell is the first value its JSONPath selects: text for string
 * columns, the typed value for integer, number and boolean ones, the age for date ones
 * (as upstream's table convertor renders them), null when nothing matches or the type does not.
 */
import type { KubeObject } from "../../../api/meta/types.ts";
import type { CustomColumn, CustomResourceBehaviour } from "../../../api/resources.ts";
import { JsonPath } from "../../../util/jsonpath.ts";
import { parseTime, since } from "../duration.ts";
import { col, NAME_COLUMN } from "../format.ts";
import type { Printer } from "../printer.ts";

const AGE: CustomColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp", description: "CreationTimestamp is a timestamp representing the server time when this object was created." };

const printers = new WeakMap<CustomResourceBehaviour, Printer>();

function cellFor(type: string, value: unknown, now: number): unknown {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? value : null;
    case "number":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value : null;
    case "date":
      // upstream's ConvertToHumanReadableDateType: the age, as kubectl shows it
      if (typeof value !== "string") return null;
      return parseTime(value) === undefined ? "<invalid>" : since(value, now);
    default:
      return null;
  }
}

function compile(c: CustomColumn): (obj: KubeObject, now: number) => unknown {
  let path: JsonPath;
  try {
    path = new JsonPath(`{${c.jsonPath}}`);
  } catch {
    return () => null;
  }
  return (obj, now) => {
    const values = path.values(obj);
    if (values.length === 0 || values[0] === undefined) return null;
    if (c.type === "string") return typeof values[0] === "string" ? values[0] : values[0] === null ? null : typeof values[0] === "object" ? JSON.stringify(values[0]) : String(values[0]);
    return cellFor(c.type, values[0], now);
  };
}

/** The printer of one custom resource version. */
export function customPrinter(b: CustomResourceBehaviour): Printer {
  const hit = printers.get(b);
  if (hit) return hit;
  const columns = b.columns.length > 0 ? b.columns : [AGE];
  const cells = columns.map(compile);
  const p: Printer = {
    columns: [NAME_COLUMN, ...columns.map((c) => col(c.name, c.type, c.description ?? "", { format: c.format ?? "", priority: c.priority ?? 0 }))],
    cells: (obj, now) => [obj.metadata.name ?? "", ...cells.map((f) => f(obj, now))],
  };
  printers.set(b, p);
  return p;
}
