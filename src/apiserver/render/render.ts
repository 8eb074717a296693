/**
 * Response bodies for reads: objects, lists and watch events as plain JSON (reusing the
 * cache's encoded text), as a meta.k8s.io/v1 Table, or as PartialObjectMetadata.
 */
import type { KubeObject, ListMeta } from "../../api/meta/index.ts";
import { groupVersion, type ResourceInfo } from "../../api/resources.ts";
import type { Rendering } from "../http/accept.ts";
import type { ListParams } from "../http/query.ts";
import { toTable, type IncludeObject } from "../table/index.ts";
import type { CachedObject } from "../watchcache/cached-object.ts";
import { plainEncoder, type EventEncoder, type WatchEventType } from "../watchcache/event.ts";

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

/** One object (GET). */
export function renderObject(ri: ResourceInfo, o: CachedObject, opts: RenderOptions): string {
  switch (opts.rendering) {
    case "object":
      return o.json;
    case "metadata":
      return JSON.stringify(partial(o.obj));
    case "table":
      return JSON.stringify(toTable(ri, [o.obj], { includeObject: include(opts), listMeta: { resourceVersion: String(o.rv) } }));
  }
}

function listMetaJson(meta: ListMeta): string {
  return JSON.stringify(meta);
}

/** A list (LIST): the items' cached JSON joined, never re-encoded. */
export function renderList(ri: ResourceInfo, items: readonly CachedObject[], meta: ListMeta, opts: RenderOptions): string {
  switch (opts.rendering) {
    case "object": {
      const head = `{"kind":${JSON.stringify(ri.listKind)},"apiVersion":${JSON.stringify(groupVersion(ri))},"metadata":${listMetaJson(meta)},"items":[`;
      let body = head;
      for (let i = 0; i < items.length; i++) body += i === 0 ? items[i]!.json : "," + items[i]!.json;
      return body + "]}";
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
      return {
        id: "meta",
        encode: (type: WatchEventType, o: CachedObject) => `{"type":"${type}","object":${JSON.stringify(partial(o.obj))}}\n`,
      };
    case "table": {
      const inc = include(opts);
      return {
        id: `table:${inc}`,
        encode: (type: WatchEventType, o: CachedObject) =>
          `{"type":"${type}","object":${JSON.stringify(toTable(ri, [o.obj], { includeObject: inc, listMeta: { resourceVersion: String(o.rv) } }))}}\n`,
      };
    }
  }
}

/**
 * A written object (create/update/patch/delete answers). `cached` is the watch cache's copy
 * of the same write when it already has it: its JSON is reused instead of encoding again.
 */
export function renderWritten(ri: ResourceInfo, obj: KubeObject, opts: RenderOptions, cached?: CachedObject): string {
  switch (opts.rendering) {
    case "object":
      if (cached && obj.metadata.resourceVersion !== undefined && cached.rv === Number(obj.metadata.resourceVersion) && cached.obj.metadata.uid === obj.metadata.uid) return cached.json;
      return JSON.stringify(obj);
    case "metadata":
      return JSON.stringify(partial(obj));
    case "table":
      return JSON.stringify(toTable(ri, [obj], { includeObject: include(opts), listMeta: {} }));
  }
}
