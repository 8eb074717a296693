/**
 * `get TYPE[/NAME] [NAME...]`: server-rendered tables (kubectl's columns and
 * alignment), or the objects as yaml, json, name, jsonpath or custom-columns; -l,
 * --field-selector, -A, -w.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import type { Table } from "../../../api/types/meta/table.ts";
import { isNotFound } from "../../../client/index.ts";
import { type CtlFlag, CtlUsageError, flagBool, flagString, flagStrings } from "../args.ts";
import { listError } from "../errors.ts";
import { fetchTable, type Selectors, watchTable } from "../fetch.ts";
import { compareSortValues, type JsonPath, relaxedJsonPath } from "../print/jsonpath.ts";
import { formatObjects, type OutputFormat, parseOutput, withoutManagedFields } from "../print/output.ts";
import { formatTable, type TableOptions, tableText } from "../print/table.ts";
import { toYaml } from "../print/yaml.ts";
import { kindName } from "../resources.ts";
import type { Session } from "../session.ts";
import { parseTargets, type Target } from "../targets.ts";

export const GET_FLAGS: CtlFlag[] = [
  { name: "output", short: "o", type: "string", help: "Output format: wide, yaml, json, name, jsonpath=TEMPLATE, custom-columns=SPEC" },
  { name: "selector", short: "l", type: "string", help: "Label selector (e.g. -l app=web,tier!=db)" },
  { name: "field-selector", type: "string", help: "Field selector (e.g. --field-selector status.phase=Running)" },
  { name: "all-namespaces", short: "A", type: "boolean", help: "List across all namespaces" },
  { name: "watch", short: "w", type: "boolean", help: "After listing, watch for changes" },
  { name: "watch-only", type: "boolean", help: "Watch for changes without listing first" },
  { name: "show-labels", type: "boolean", help: "Show all labels as the last column" },
  { name: "label-columns", short: "L", type: "strings", help: "Labels to show as columns" },
  { name: "no-headers", type: "boolean", help: "Omit the table header" },
  { name: "show-managed-fields", type: "boolean", help: "Keep metadata.managedFields in yaml/json output" },
  { name: "ignore-not-found", type: "boolean", help: "Treat a missing named object as success" },
  { name: "sort-by", type: "string", help: "Sort by this JSONPath field (e.g. .metadata.creationTimestamp)" },
  { name: "chunk-size", type: "number", help: "Accepted for kubectl compatibility (lists are paged 500 at a time)" },
];

function selectors(s: Session): Selectors {
  const sel: Selectors = {};
  const l = flagString(s.args, "selector");
  const f = flagString(s.args, "field-selector");
  if (l) sel.labelSelector = l;
  if (f) sel.fieldSelector = f;
  return sel;
}

/** The namespace a request addresses: undefined for cluster-scoped kinds and -A lists. */
export function namespaceFor(s: Session, ri: ResourceInfo, named: boolean): string | undefined {
  if (!ri.namespaced) return undefined;
  return s.allNamespaces && !named ? undefined : s.namespace;
}

/** kubectl's message when a list found nothing. */
export function noResourcesMessage(s: Session, ris: readonly ResourceInfo[]): string {
  const namespaced = ris.some((ri) => ri.namespaced);
  return namespaced && !s.allNamespaces ? `No resources found in ${s.namespace} namespace.\n` : "No resources found\n";
}

export async function runGet(s: Session, args: string[]): Promise<void> {
  const fmt = parseOutput(flagString(s.args, "output"));
  const parsed = await parseTargets(args, s.types);
  if (s.allNamespaces && parsed.targets.some((t) => t.names)) throw new CtlUsageError("a resource cannot be retrieved by name across all namespaces");
  if (flagBool(s.args, "watch") || flagBool(s.args, "watch-only")) {
    const only = parsed.targets[0]!;
    const count = parsed.targets.reduce((n, t) => n + (t.names?.length ?? 1), 0);
    if (parsed.targets.length !== 1 || count !== 1) throw new CtlUsageError(`watch is only supported on individual resources and resource collections, but ${count} resources were found`);
    return watchGet(s, only, fmt);
  }
  if (fmt.kind === "table") return getTables(s, parsed.targets, fmt.wide);
  return getObjects(s, parsed.targets, parsed.singleObject, fmt);
}

function sortPath(s: Session): JsonPath | undefined {
  const expr = flagString(s.args, "sort-by");
  return expr ? relaxedJsonPath(expr) : undefined;
}

/** A stable sort on the first value the path selects from each item. */
function sortedBy<T>(items: readonly T[], objectOf: (item: T) => unknown, path: JsonPath): T[] {
  const keyed = items.map((item, i) => ({ item, i, key: path.values(objectOf(item))[0] }));
  keyed.sort((a, b) => compareSortValues(a.key, b.key) || a.i - b.i);
  return keyed.map((k) => k.item);
}

function tableOptions(s: Session, t: Target, wide: boolean, kindPrefix: string | undefined): TableOptions {
  const opts: TableOptions = {
    wide,
    withNamespace: s.allNamespaces && t.ri.namespaced && !t.names,
    showLabels: flagBool(s.args, "show-labels"),
    labelColumns: flagStrings(s.args, "label-columns").flatMap((l) => l.split(",")).filter(Boolean),
  };
  if (kindPrefix) opts.kindPrefix = kindPrefix;
  return opts;
}

async function getTables(s: Session, targets: Target[], wide: boolean): Promise<void> {
  const ignoreNotFound = flagBool(s.args, "ignore-not-found");
  const sortBy = sortPath(s);
  const sel = selectors(s);
  const errors: unknown[] = [];
  const results: { t: Target; table: Table }[] = [];
  for (const t of targets) {
    if (t.names) {
      let table: Table | undefined;
      for (const name of t.names) {
        try {
          const one = await fetchTable(s.client, t.ri, namespaceFor(s, t.ri, true), name, {}, s.io.signal, sortBy ? "Object" : undefined);
          if (table) table.rows.push(...one.rows);
          else table = one;
        } catch (err) {
          if (!(ignoreNotFound && isNotFound(err))) errors.push(err);
        }
      }
      if (table) results.push({ t, table });
      continue;
    }
    try {
      results.push({ t, table: await fetchTable(s.client, t.ri, namespaceFor(s, t.ri, false), undefined, sel, s.io.signal, sortBy ? "Object" : undefined) });
    } catch (err) {
      errors.push(listError(err, t.ri, sel.labelSelector, sel.fieldSelector));
    }
  }
  // kubectl prefixes names with their kind when what it got back spans several kinds
  const multipleTypes = new Set(results.map((r) => r.t.ri)).size > 1;
  const blocks: string[] = [];
  for (const { t, table } of results) {
    if (table.rows.length === 0) continue;
    if (sortBy) table.rows = sortedBy(table.rows, (row) => row.object, sortBy);
    const text = tableText(table, tableOptions(s, t, wide, multipleTypes ? kindName(t.ri) : undefined));
    blocks.push(formatTable(text, flagBool(s.args, "no-headers")));
  }
  if (blocks.length > 0) s.io.out(blocks.join("\n"));
  else if (errors.length === 0 && targets.every((t) => !t.names)) s.io.err(noResourcesMessage(s, targets.map((t) => t.ri)));
  for (const err of errors) s.report(err);
}

async function getObjects(s: Session, targets: Target[], singleObject: boolean, fmt: Exclude<OutputFormat, { kind: "table" }>): Promise<void> {
  const ignoreNotFound = flagBool(s.args, "ignore-not-found");
  const keepManaged = flagBool(s.args, "show-managed-fields");
  const sel = selectors(s);
  const found: { obj: KubeObject; ri: ResourceInfo }[] = [];
  const errors: unknown[] = [];
  let anyNamed = false;
  for (const t of targets) {
    if (t.names) {
      anyNamed = true;
      const rc = s.client.resource(t.ri, namespaceFor(s, t.ri, true));
      for (const name of t.names) {
        try {
          found.push({ obj: await rc.get(name, s.io.signal ? { signal: s.io.signal } : {}), ri: t.ri });
        } catch (err) {
          if (!(ignoreNotFound && isNotFound(err))) errors.push(err);
        }
      }
    } else {
      try {
        const ns = namespaceFor(s, t.ri, false);
        const rc = ns === undefined ? s.client.resource(t.ri).allNamespaces() : s.client.resource(t.ri, ns);
        const list = await rc.listAll({ ...sel, ...(s.io.signal ? { signal: s.io.signal } : {}) });
        for (const obj of list.items) found.push({ obj, ri: t.ri });
      } catch (err) {
        errors.push(listError(err, t.ri, sel.labelSelector, sel.fieldSelector));
      }
    }
  }
  try {
    if (found.length === 0 && anyNamed && targets.every((t) => t.names)) return;
    const sortBy = sortPath(s);
    if (sortBy) found.splice(0, found.length, ...sortedBy(found, (f) => f.obj, sortBy));
    const entries = found.map((f) => ({ obj: keepManaged ? f.obj : withoutManagedFields(f.obj), kind: kindName(f.ri) }));
    const kinds = new Map(entries.map((e) => [e.obj, e.kind]));
    s.io.out(formatObjects(fmt, entries.map((e) => e.obj), singleObject, (o) => kinds.get(o) ?? ""));
  } finally {
    for (const err of errors) s.report(err);
  }
}

async function watchGet(s: Session, t: Target, fmt: OutputFormat): Promise<void> {
  const name = t.names?.[0];
  const ns = namespaceFor(s, t.ri, false);
  const sel = selectors(s);
  if (name) sel.fieldSelector = [`metadata.name=${name}`, sel.fieldSelector].filter(Boolean).join(",");
  const watchOnly = flagBool(s.args, "watch-only");
  const signal = s.io.signal;
  if (fmt.kind === "table") {
    const first = await fetchTable(s.client, t.ri, ns, undefined, sel, signal);
    const opts = tableOptions(s, { ri: t.ri }, fmt.wide, undefined);
    const text = tableText(first, opts);
    const widths = text.header.map((h) => h.length);
    const pad = (cells: string[]) => {
      cells.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
      return cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(Math.max(widths[i]! + 3, 6)))).join("") + "\n";
    };
    let headerShown = flagBool(s.args, "no-headers");
    const show = (rows: string[][]) => {
      if (rows.length === 0) return;
      for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
      if (!headerShown) {
        s.io.out(pad(text.header));
        headerShown = true;
      }
      for (const r of rows) s.io.out(pad(r));
    };
    if (!watchOnly) {
      if (text.rows.length === 0) s.io.err(noResourcesMessage(s, [t.ri]));
      show(text.rows);
    }
    if (signal?.aborted) return;
    const w = await watchTable(s.client, t.ri, ns, first.metadata?.resourceVersion, sel, signal);
    try {
      for await (const ev of w) {
        if (ev.type === "BOOKMARK") continue;
        show(tableText(ev.object, opts).rows);
      }
    } catch (err) {
      if (!signal?.aborted) throw err;
    } finally {
      w.stop();
    }
    return;
  }
  const rc = ns === undefined ? s.client.resource(t.ri).allNamespaces() : s.client.resource(t.ri, ns);
  const keepManaged = flagBool(s.args, "show-managed-fields");
  let printed = 0;
  const print = (obj: KubeObject) => {
    const o = keepManaged ? obj : withoutManagedFields(obj);
    if (fmt.kind === "yaml") s.io.out((printed > 0 ? "---\n" : "") + toYaml(o));
    else s.io.out(formatObjects(fmt, [o], true, () => kindName(t.ri)));
    printed++;
  };
  const list = await rc.listAll({ ...sel, ...(signal ? { signal } : {}) });
  if (!watchOnly) for (const o of list.items) print(o);
  if (signal?.aborted) return;
  const w = await rc.watch({ ...sel, resourceVersion: list.metadata.resourceVersion ?? "", ...(signal ? { signal } : {}) });
  try {
    for await (const ev of w) if (ev.type !== "BOOKMARK") print(ev.object);
  } catch (err) {
    if (!signal?.aborted) throw err;
  } finally {
    w.stop();
  }
}
