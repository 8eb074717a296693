/** Cell formatting shared by the printers, matching kubectl's helpers. */
import { selectorFromLabelSelector } from "../../api/labels/index.ts";
import type { LabelSelector } from "../../api/meta/types.ts";
import { formatQuantity } from "../../api/quantity/index.ts";
import type { TableColumnDefinition } from "../../api/types/meta/table.ts";

/** A column definition; every field is always present, as upstream serializes them. */
export function col(name: string, type: string, description: string, opts: { format?: string; priority?: number } = {}): TableColumnDefinition {
  return { name, type, format: opts.format ?? "", description, priority: opts.priority ?? 0 };
}

export const NAME_COLUMN = col("Name", "string", "Name of the object, unique within its namespace (or the cluster).", { format: "name" });
export const AGE_COLUMN = col("Age", "string", "Time since the object was created.");
export const CONTAINERS_COLUMN = col("Containers", "string", "Names of each container in the template.", { priority: 1 });
export const IMAGES_COLUMN = col("Images", "string", "Images referenced by each container in the template.", { priority: 1 });
export const SELECTOR_COLUMN = col("Selector", "string", "Label selector of the pods.", { priority: 1 });

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, or "<none>". */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  if (!labels) return "<none>";
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels[k]}`).join(",");
}

/** The selector string of a LabelSelector ("" for empty or nil), or undefined when invalid. */
function selectorString(sel: LabelSelector | undefined): string | undefined {
  try {
    return selectorFromLabelSelector(sel).toString();
  } catch {
    return undefined;
  }
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  const s = selectorString(sel);
  if (s === undefined) return "<error>";
  return s === "" ? "<none>" : s;
}

/** The deployment printer's selector: the string as is ("" when empty), "<invalid>" when invalid. */
export function labelSelectorText(sel: LabelSelector | undefined): string {
  return selectorString(sel) ?? "<invalid>";
}

/** Comma-joined container names and images, as the wide CONTAINERS and IMAGES columns show them. */
export function containerCells(containers: readonly { name: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(","), list.map((c) => c.image ?? "").join(",")];
}

/** Canonical form of a quantity ("" when unset, the raw text when unreadable). */
export function quantityText(q: string | number | undefined): string {
  if (q === undefined) return "";
  try {
    return formatQuantity(q);
  } catch {
    return String(q);
  }
}

/** intstr.IntOrString.String(). */
export function intOrStringText(v: string | number): string {
  return typeof v === "number" ? String(v) : v;
}

const ACCESS_MODES: [string, string][] = [
  ["ReadWriteOnce", "RWO"],
  ["ReadOnlyMany", "ROX"],
  ["ReadWriteMany", "RWX"],
  ["ReadWriteOncePod", "RWOP"],
];

/** Access modes abbreviated in a fixed order: RWO,ROX,RWX,RWOP. */
export function accessModesText(modes: readonly string[] | undefined): string {
  if (!modes) return "";
  return ACCESS_MODES.filter(([m]) => modes.includes(m))
    .map(([, short]) => short)
    .join(",");
}

/** Up to `max` entries, then " + N more...". Empty lists give "<unset>". */
export function listWithMore(all: readonly string[], max = 3): string {
  const shown = all.slice(0, max).join(",");
  if (all.length > max) return `${shown} + ${all.length - max} more...`;
  return shown === "" ? "<unset>" : shown;
}

/** "True", "False" or "<unset>". */
export function boolText(v: boolean | undefined): string {
  if (v === undefined) return "<unset>";
  return v ? "True" : "False";
}
