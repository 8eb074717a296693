/**
 * WATCH: a chunked stream of `{"type","object"}` lines fed by the resource's watch cache.
 * rv unset or "0": the current objects as ADDED, then changes; rv N: changes after N;
 * sendInitialEvents=true: the current objects, then a BOOKMARK annotated
 * k8s.io/initial-events-end, then changes. A version older than the cache's history gets
 * an ERROR event with 410 Expired. The stream ends after timeoutSeconds (default: a random
 * 30 to 60 minutes, as upstream's min-request-timeout).
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { JSON_TYPE } from "../http/respond.ts";
import { errors } from "../http/status.ts";
import type { ListParams } from "../http/query.ts";
import { parseResourceVersion } from "../http/query.ts";
import { listObjects, syncCache } from "../registry/reads.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import { eventEncoder, type RenderOptions } from "../render/render.ts";
import type { Predicate } from "../watchcache/predicate.ts";
import type { CachedObject } from "../watchcache/cached-object.ts";
import { WatchStream, type WatchStats } from "./watch-stream.ts";

export interface WatchLimits {
  /** Backlog behind a stalled client before it is cut off. */
  maxBacklogBytes: number;
  /** Default timeout range in seconds when the client sets none. */
  minTimeoutSeconds: number;
}

export const DEFAULT_WATCH_LIMITS: WatchLimits = { maxBacklogBytes: 16 * 1024 * 1024, minTimeoutSeconds: 1800 };

export type { WatchStats } from "./watch-stream.ts";

/** Each watch answer's stream source, for whoever drives it directly (the TLS front's watch channel). */
const sources = new WeakMap<Response, WatchStream>();

/** The watch stream behind an answer of serveWatch, if it is one and has not started. */
export function directWatchSource(res: Response): WatchStream | undefined {
  const source = sources.get(res);
  if (source) sources.delete(res);
  return source;
}

export function checkWatchParams(params: ListParams): void {
  if (params.sendInitialEvents !== undefined) {
    if (params.sendInitialEvents && params.resourceVersionMatch !== "NotOlderThan") {
      throw errors.invalid("", "ListOptions", "", `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan`, [
        { reason: "FieldValueForbidden", message: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan", field: "resourceVersionMatch" },
      ]);
    }
    if (params.sendInitialEvents && !params.allowWatchBookmarks) {
      throw errors.invalid("", "ListOptions", "", `ListOptions.meta.k8s.io "" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires allowWatchBookmarks=true`, [
        { reason: "FieldValueForbidden", message: "Forbidden: sendInitialEvents requires allowWatchBookmarks=true", field: "allowWatchBookmarks" },
      ]);
    }
  } else if (params.resourceVersionMatch !== "") {
    throw errors.badRequest("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
  }
}

export async function serveWatch(
  reg: ResourceRegistry,
  ri: ResourceInfo,
  pred: Predicate,
  params: ListParams,
  render: RenderOptions,
  /** The client going away (undefined: the stream's source is cancelled instead). */
  signal: AbortSignal | undefined,
  limits: WatchLimits,
  stats: WatchStats,
): Promise<Response> {
  checkWatchParams(params);
  const cache = reg.cache;
  await cache.ready;
  const rvParam = params.resourceVersion;
  const requested = parseResourceVersion(rvParam);
  const fromNow = requested === undefined || requested === 0;
  const initialEvents = params.sendInitialEvents ?? fromNow;
  // Unset rv (and sendInitialEvents with unset rv) is a consistent start: from the synced
  // cache, or, over a store whose events may trail its reads (etcd), from a store read at
  // revision R, the watch then taking the cache's events after R.
  let consistent: { items: CachedObject[]; resourceVersion: number } | undefined;
  if (rvParam === "" && !(await syncCache(cache))) {
    consistent = initialEvents ? await listObjects(reg, pred, { ...params, resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" }) : { items: [], resourceVersion: await cache.store.currentRevision() };
  }
  if (initialEvents && requested !== undefined && requested > cache.rv) await cache.waitFor(requested, 3000);
  const stream = new WatchStream(cache, {
    pred,
    encoder: eventEncoder(ri, render),
    opts: { bookmarks: params.allowWatchBookmarks, maxBacklogBytes: limits.maxBacklogBytes },
    consistent,
    initialEvents,
    initialEndBookmark: params.sendInitialEvents === true,
    fromRv: fromNow ? undefined : requested!,
    timeoutMs: (params.timeoutSeconds ?? limits.minTimeoutSeconds * (1 + Math.random())) * 1000,
    signal,
    stats,
  });
  const res = new Response(new ReadableStream(stream as unknown as ConstructorParameters<typeof ReadableStream>[0]), { status: 200, headers: { "content-type": JSON_TYPE, "cache-control": "no-cache, private" } });
  sources.set(res, stream);
  return res;
}
