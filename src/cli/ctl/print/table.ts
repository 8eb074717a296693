/**
 * A meta.k8s.io/v1 Table from the server as kubectl prints it: upper-case headers,
 * priority > 0 columns only with -o wide, optional NAMESPACE, label and LABELS
 * columns, a kind prefix on names when several types are shown, aligned with
 * three spaces between columns.
 */
import type { Table, TableColumnDefinition } from "../../../api/types/meta/table.ts";
import { tabwrite } from "./tabwriter.ts";

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  /** Prepend NAMESPACE (all namespaces). */
  withNamespace?: boolean;
  /** "pod", "deployment.apps": prefixed to names as `pod/web` when several types are printed. */
  kindPrefix?: string;
  /** Append LABELS. */
  showLabels?: boolean;
  /** Extra columns with these labels' values (-L). */
  labelColumns?: readonly string[];
}

interface RowMeta {
  namespace?: string;
  labels?: Record<string, string>;
}

export interface TableText {
  header: string[];
  rows: string[][];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "<none>";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function labelsText(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/** The visible header and cells of a Table. */
export function tableText(table: Table, opts: TableOptions = {}): TableText {
  const cols: { def: TableColumnDefinition; index: number }[] = [];
  (table.columnDefinitions ?? []).forEach((def, index) => {
    if ((def.priority ?? 0) === 0 || opts.wide) cols.push({ def, index });
  });
  const nameCol = cols.findIndex((c) => c.def.format === "name");
  const header: string[] = [];
  if (opts.withNamespace) header.push("NAMESPACE");
  for (const c of cols) header.push(c.def.name.toUpperCase());
  for (const l of opts.labelColumns ?? []) header.push(l.split("/").pop()!.toUpperCase());
  if (opts.showLabels) header.push("LABELS");
  const rows = (table.rows ?? []).map((row) => {
    const meta = ((row.object as { metadata?: RowMeta } | undefined)?.metadata ?? {}) as RowMeta;
    const cells: string[] = [];
    if (opts.withNamespace) cells.push(meta.namespace ?? "");
    cols.forEach((c, i) => {
      let t = cellText(row.cells?.[c.index]);
      if (opts.kindPrefix && i === (nameCol >= 0 ? nameCol : 0)) t = `${opts.kindPrefix}/${t}`;
      cells.push(t);
    });
    for (const l of opts.labelColumns ?? []) cells.push(meta.labels?.[l] ?? "");
    if (opts.showLabels) cells.push(labelsText(meta.labels));
    return cells;
  });
  return { header, rows };
}

/** Rows (and the header unless noHeaders) aligned as one block. */
export function formatTable(t: TableText, noHeaders = false): string {
  const lines = noHeaders ? t.rows : [t.header, ...t.rows];
  if (lines.length === 0) return "";
  return tabwrite(lines.map((cells) => cells.join("\t")).join("\n") + "\n", 3, 6);
}
