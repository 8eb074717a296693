/** A per-kind table printer: its columns and how one object becomes a row. */
import type { KubeObject } from "../../api/meta/types.ts";
import type { TableColumnDefinition, TableRowCondition } from "../../api/types/meta/table.ts";

export interface Printer {
  /** All columns; those with priority > 0 are shown only with -o wide. */
  readonly columns: readonly TableColumnDefinition[];
  /** One cell per column, at time `now` (ms since the epoch). */
  cells(obj: KubeObject, now: number): unknown[];
  /** Row conditions (e.g. Completed for finished pods), if any. */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

/** Declares a printer for a typed object; the cast is the single place objects meet their type. */
export function printer<T>(columns: readonly TableColumnDefinition[], cells: (obj: T, now: number) => unknown[], conditions?: (obj: T) => TableRowCondition[] | undefined): Printer {
  const p: Printer = { columns, cells: cells as unknown as Printer["cells"] };
  if (conditions) p.conditions = conditions as unknown as NonNullable<Printer["conditions"]>;
  return p;
}
