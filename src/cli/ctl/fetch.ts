/**
 * Reads for ctl commands: server-rendered Tables (what kubectl asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), full objects, and watches
 * of either, paging lists 500 at a time as kubectl does.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { Table } from "../../api/types/meta/table.ts";
import { JsonLinesWatch, resourcePath, type Client, type WatchStream } from "../../client/index.ts";

export const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
const PAGE = 500;

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

function selectorQuery(sel: Selectors): Record<string, string | undefined> {
  return { labelSelector: sel.labelSelector || undefined, fieldSelector: sel.fieldSelector || undefined };
}

/** The Table of one object (name) or of a collection (every page). */
export async function fetchTable(
  client: Client,
  ri: ResourceInfo,
  ns: string | undefined,
  name: string | undefined,
  sel: Selectors = {},
  signal?: AbortSignal,
  /** "Object" puts the whole object in each row (--sort-by needs it); default the metadata. */
  includeObject?: "Object",
): Promise<Table> {
  const path = resourcePath(ri, ns, name);
  const get = (query: Record<string, string | number | undefined>) =>
    client.http.json<Table>({ method: "GET", path, query: { ...query, includeObject }, accept: TABLE_ACCEPT, ...(signal ? { signal } : {}) });
  if (name !== undefined) return asTable(await get({}));
  const first = asTable(await get({ ...selectorQuery(sel), limit: PAGE }));
  let page = first;
  while (page.metadata?.continue) {
    page = asTable(await get({ ...selectorQuery(sel), limit: PAGE, continue: page.metadata.continue }));
    first.rows.push(...(page.rows ?? []));
  }
  if (first.metadata) delete first.metadata.continue;
  return first;
}

/** A server that answered with objects instead of a Table gets kubectl's default columns. */
function asTable(body: unknown): Table {
  const b = body as Partial<Table> & { items?: KubeObject[]; metadata?: KubeObject["metadata"] };
  if (b.kind === "Table") {
    b.rows ??= [];
    b.columnDefinitions ??= [];
    return b as Table;
  }
  const objs: KubeObject[] = Array.isArray(b.items) ? b.items : [body as KubeObject];
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: {},
    columnDefinitions: [
      { name: "Name", type: "string", format: "name", description: "", priority: 0 },
      { name: "Created At", type: "date", format: "", description: "", priority: 0 },
    ],
    rows: objs.map((o) => ({ cells: [o.metadata?.name ?? "", o.metadata?.creationTimestamp ?? ""], object: { metadata: o.metadata } })),
  };
}

/** A watch whose events carry one-row Tables. */
export async function watchTable(client: Client, ri: ResourceInfo, ns: string | undefined, resourceVersion: string | undefined, sel: Selectors, signal?: AbortSignal): Promise<WatchStream<Table>> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const resp = await client.http.request({
    method: "GET",
    path: resourcePath(ri, ns),
    query: { ...selectorQuery(sel), watch: "true", resourceVersion: resourceVersion || undefined, allowWatchBookmarks: "false" },
    accept: TABLE_ACCEPT,
    signal: controller.signal,
    stream: true,
  });
  return new JsonLinesWatch<Table>(resp.body, controller, (t) => t, () => signal?.removeEventListener("abort", onAbort));
}
