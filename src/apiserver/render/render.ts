/**
 * Response bodies for reads: objects, lists and watch events as plain JSON (reusing the
 * cache's encoded text), as a meta.k8s.io/v1 Table, or as PartialObjectMetadata.
 */
import type { KubeObject, ListMeta } from "../../api/meta/index.ts";
import { objectJson } from "../../api/meta/object-json.ts";
import { groupVersion, type ResourceInfo } from "../../api/resources.ts";
import type { Rendering } from "../http/accept.ts";
import type { ListParams } from "../http/query.ts";
import { toTable, type IncludeObject } from "../table/index.ts";
import type { CachedObject } from "../watchcache/cached-object.ts";
import { concatBytes } from "../watchcache/cached-object.ts";
import { plainEncoder, valueEncoder, type EventEncoder } from "../watchcache/event.ts";
import { itemRest, typeMetaPrefixes, type TypeMetaPrefixes } from "./list-item.ts";

const utf8 = new TextEncoder();
const COMMA = utf8.encode(",");
const LIST_END = utf8.encode("]}");
const OPEN = utf8.encode("{");
const PREFIXES = new WeakMap<ResourceInfo, TypeMetaPrefixes>();

/** The kind/apiVersion prefixes a built-in resource's list items are written without (none for custom resources). */
function itemPrefixes(ri: ResourceInfo): TypeMetaPrefixes | undefined {
  if (ri.custom) return undefined;
  let p = PREFIXES.get(ri);
  if (!p) PREFIXES.set(ri, (p = typeMetaPrefixes(groupVersion(ri), ri.kind)));
  return p;
}

export interface RenderOptions {
  rendering: Rendering;
  includeObject: ListParams["includeObject"];
}

function include(opts: RenderOptions): IncludeObject {
  return opts.includeObject === "" ? "Metadata" : opts.includeObject;
}

function partial(obj: KubeObject): KubeObject {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

/** One object (GET): the cached bytes as they are for plain JSON. */
export function renderObject(ri: ResourceInfo, o: CachedObject, opts: RenderOptions): Uint8Array | string {
  switch (opts.rendering) {
    case "object":
      return o.bytes;
    case "metadata":
      return JSON.stringify(partial(o.obj));
    case "table":
      return JSON.stringify(toTable(ri, [o.obj], { includeObject: include(opts), listMeta: { resourceVersion: String(o.rv) } }));
  }
}

function listMetaJson(meta: ListMeta): string {
  return JSON.stringify(meta);
}

/**
 * A list (LIST): the items' cached bytes joined in one copy, never re-encoded; a built-in
 * resource's items without their kind and apiVersion, as upstream writes them.
 */
export function renderList(ri: ResourceInfo, items: readonly CachedObject[], meta: ListMeta, opts: RenderOptions): Uint8Array | string {
  switch (opts.rendering) {
    case "object": {
      const head = utf8.encode(`{"kind":${JSON.stringify(ri.listKind)},"apiVersion":${JSON.stringify(groupVersion(ri))},"metadata":${listMetaJson(meta)},"items":[`);
      const prefixes = itemPrefixes(ri);
      const parts: Uint8Array[] = new Array(items.length * 3 + 2);
      parts[0] = head;
      let n = 1;
      for (let i = 0; i < items.length; i++) {
        if (i > 0) parts[n++] = COMMA;
        const bytes = items[i]!.bytes;
        const rest = prefixes && itemRest(bytes, prefixes);
        if (rest) {
          parts[n++] = OPEN;
          parts[n++] = rest;
        } else parts[n++] = bytes;
      }
      parts[n++] = LIST_END;
      parts.length = n;
      return concatBytes(parts);
    }
    case "metadata":
      return JSON.stringify({ kind: "PartialObjectMetadataList", apiVersion: "meta.k8s.io/v1", metadata: meta, items: items.map((o) => partial(o.obj)) });
    case "table":
      return JSON.stringify(toTable(ri, items.map((o) => o.obj), { includeObject: include(opts), listMeta: meta }));
  }
}

/** The watch event encoder for a rendering; its id keys the shared bytes. */
export function eventEncoder(ri: ResourceInfo, opts: RenderOptions): EventEncoder {
  switch (opts.rendering) {
    case "object":
      return plainEncoder;
    case "metadata":
      return valueEncoder("meta", (o) => partial(o.obj));
    case "table": {
      const inc = include(opts);
      return valueEncoder(`table:${inc}`, (o) => toTable(ri, [o.obj], { includeObject: inc, listMeta: { resourceVersion: String(o.rv) } }));
    }
  }
}

/**
 * A written object (create/update/patch/delete answers). `cached` is the watch cache's copy
 * of the same write when it already has it: its JSON is reused instead of encoding again.
 */
export function renderWritten(ri: ResourceInfo, obj: KubeObject, opts: RenderOptions, cached?: CachedObject): Uint8Array | string {
  switch (opts.rendering) {
    case "object":
      if (cached && obj.metadata.resourceVersion !== undefined && cached.rv === Number(obj.metadata.resourceVersion) && cached.obj.metadata.uid === obj.metadata.uid) return cached.bytes;
      return objectJson(obj);
    case "metadata":
      return JSON.stringify(partial(obj));
    case "table":
      return JSON.stringify(toTable(ri, [obj], { includeObject: include(opts), listMeta: {} }));
  }
}
