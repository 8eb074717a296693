/**
 * kubectl's generic describer (what it shows for kinds without their own): name,
 * namespace, labels, annotations, then every other field with "Smart Labels" (camel
 * case split into title-case words), nested by indentation.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import { type DescribeWriter, LEVEL_0, writeAnnotations, writeLabels } from "./writer.ts";

const ACRONYMS = new Set(["API", "URL", "UID", "OSB", "GUID"]);

/** "apiVersion" -> "API Version", "resourceVersion" -> "Resource Version"; odd names stay as they are. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const parts = field.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|-+|\p{Lu}/gu) ?? [field];
  return parts.map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1))).join(" ");
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  return String(v);
}

export function writeContent(w: DescribeWriter, level: number, content: Record<string, unknown>, prefix: string, skip: ReadonlySet<string>): void {
  for (const field of Object.keys(content).sort()) {
    const path = `${prefix}.${field}`;
    if (skip.has(path)) continue;
    const v = content[field];
    if (Array.isArray(v)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const item of v) {
        if (item !== null && typeof item === "object" && !Array.isArray(item)) writeContent(w, level + 1, item as Record<string, unknown>, path, skip);
        else w.write(level + 1, `${scalarText(item)}\n`);
      }
    } else if (v !== null && typeof v === "object") {
      w.write(level, `${smartLabel(field)}:\n`);
      writeContent(w, level + 1, v as Record<string, unknown>, path, skip);
    } else {
      w.write(level, `${smartLabel(field)}:\t${scalarText(v)}\n`);
    }
  }
}

const SKIP = new Set([".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations", ".metadata.managedFields"]);

export function describeGeneric(w: DescribeWriter, obj: KubeObject): void {
  w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata?.namespace ?? ""}\n`);
  writeLabels(w, "Labels", obj.metadata?.labels);
  writeAnnotations(w, "Annotations", obj.metadata?.annotations);
  writeContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, "", SKIP);
}
