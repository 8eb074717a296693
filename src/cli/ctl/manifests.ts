/**
 * Objects from -f arguments, as kubectl reads them: files, `-` for standard input,
 * folders (their .yaml, .yml and .json files; -R descends), multi-document YAML and
 * JSON, and `List` objects unpacked into their items.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { KubeObject } from "../../api/meta/index.ts";
import { CtlError } from "./errors.ts";
import type { CtlIO } from "./io.ts";

export interface Manifest {
  obj: KubeObject;
  /** The file it came from ("STDIN" for -). */
  source: string;
}

const EXTENSIONS = [".yaml", ".yml", ".json"];

function filesOf(path: string, recursive: boolean, top: boolean): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new CtlError(`the path "${path}" does not exist`);
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path).sort()) {
    const full = join(path, entry);
    const est = statSync(full);
    if (est.isDirectory()) {
      if (recursive) out.push(...filesOf(full, recursive, false));
    } else if (EXTENSIONS.some((e) => entry.endsWith(e))) out.push(full);
  }
  if (top && out.length === 0) throw new CtlError(`error reading [${path}]: recognized file extensions are [.json .yaml .yml]`);
  return out;
}

/** Splits YAML text into documents and parses each; empty documents are dropped. */
export function parseDocuments(text: string, source: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return [JSON.parse(trimmed)];
    } catch {
      // not one JSON value (perhaps several): YAML, a superset, reads it
    }
  }
  const docs: unknown[] = [];
  // Split on document markers ourselves so one bad document names itself.
  const parts = text.split(/^---[ \t]*(?:#.*)?$/m);
  for (const part of parts) {
    if (part.replace(/^\s*#.*$/gm, "").trim() === "" || part.trim() === "...") continue;
    let value: unknown;
    try {
      value = Bun.YAML.parse(part);
    } catch (e) {
      throw new CtlError(`error parsing ${source}: ${(e as Error).message}`);
    }
    if (value === null || value === undefined) continue;
    docs.push(value);
  }
  return docs;
}

function isList(o: KubeObject): boolean {
  return typeof o.kind === "string" && o.kind.endsWith("List") && Array.isArray((o as { items?: unknown }).items);
}

function toManifests(value: unknown, source: string, out: Manifest[]): void {
  if (Array.isArray(value)) {
    for (const v of value) toManifests(v, source, out);
    return;
  }
  if (value === null || typeof value !== "object") throw new CtlError(`error validating "${source}": error validating data: invalid object: expected a map, got ${JSON.stringify(value)}`);
  const obj = value as KubeObject;
  if (isList(obj)) {
    for (const item of (obj as unknown as { items: unknown[] }).items) toManifests(item, source, out);
    return;
  }
  if (!obj.kind) throw new CtlError(`error validating "${source}": error validating data: kind not set`);
  if (!obj.apiVersion) throw new CtlError(`error validating "${source}": error validating data: apiVersion not set`);
  out.push({ obj, source });
}

/** Every object named by the -f arguments, in order. */
export async function readManifests(paths: readonly string[], recursive: boolean, io: CtlIO): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const p of paths) {
    if (p === "-") {
      for (const d of parseDocuments(await io.readStdin(), "STDIN")) toManifests(d, "STDIN", out);
      continue;
    }
    if (/^https?:\/\//.test(p)) throw new CtlError(`reading manifests from a URL is not supported: ${p}`);
    for (const file of filesOf(p, recursive, true)) {
      for (const d of parseDocuments(readFileSync(file, "utf8"), file)) toManifests(d, file, out);
    }
  }
  return out;
}
