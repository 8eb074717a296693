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
import { CacheWatcher, type WatchSink } from "../watchcache/watcher.ts";
import type { Predicate } from "../watchcache/predicate.ts";
import { TooOldError } from "../watchcache/watch-cache.ts";
import { type CachedObject, concatBytes } from "../watchcache/cached-object.ts";

export interface WatchLimits {
  /** Backlog behind a stalled client before it is cut off. */
  maxBacklogBytes: number;
  /** Default timeout range in seconds when the client sets none. */
  minTimeoutSeconds: number;
}

export const DEFAULT_WATCH_LIMITS: WatchLimits = { maxBacklogBytes: 16 * 1024 * 1024, minTimeoutSeconds: 1800 };

const utf8 = new TextEncoder();
const NEWLINE = utf8.encode("\n");

export interface WatchStats {
  active: number;
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
  signal: AbortSignal,
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
  const encoder = eventEncoder(ri, render);
  const timeoutSeconds = params.timeoutSeconds ?? limits.minTimeoutSeconds * (1 + Math.random());
  const bookmarks = params.allowWatchBookmarks;

  let resolveDone!: () => void;
  let current: CacheWatcher | undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const stream = new ReadableStream({
    type: "direct",
    pull(controller) {
      let open = true;
      const sink: WatchSink = {
        write: (b) => (open ? controller.write(b) : 0),
        close: (reason) => {
          if (!open) return;
          if (reason) controller.write(reason);
          open = false;
          controller.close();
          resolveDone();
        },
      };
      const startRv = consistent ? consistent.resourceVersion : initialEvents || fromNow ? cache.rv : requested!;
      const watcher = new CacheWatcher(pred, encoder, sink, { bookmarks, maxBacklogBytes: limits.maxBacklogBytes }, startRv);
      current = watcher;
      stats.active++;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => watcher.close("client");
      watcher.onClose = (_w, why) => {
        stats.active--;
        if (timer) clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        void why;
      };
      let initial: Uint8Array | undefined;
      if (initialEvents) {
        const parts: Uint8Array[] = [];
        for (const o of consistent ? consistent.items : cache.list(pred)) parts.push(encoder.encode("ADDED", o));
        if (params.sendInitialEvents) parts.push(cache.bookmarkBytes(startRv, { "k8s.io/initial-events-end": "true" }));
        if (parts.length > 0) initial = concatBytes(parts);
      }
      try {
        cache.watch(watcher, startRv, initial);
      } catch (e) {
        if (e instanceof TooOldError) {
          watcher.close("error", cache.errorBytes(410, "Expired", e.message));
          return done;
        }
        watcher.close("error", cache.errorBytes(500, "InternalError", (e as Error).message));
        return done;
      }
      if (watcher.closed) return done;
      // Bun sends the response head with the first chunk: a newline (skipped by every
      // JSON stream decoder) commits it when there is nothing to send yet.
      if (!initial) watcher.send(NEWLINE);
      if (signal.aborted) {
        watcher.close("client");
        return done;
      }
      signal.addEventListener("abort", onAbort, { once: true });
      timer = setTimeout(() => {
        if (bookmarks && cache.rv > watcher.sentRv) {
          watcher.sentRv = cache.rv;
          watcher.send(cache.bookmarkBytes(cache.rv));
        }
        watcher.close("timeout");
      }, timeoutSeconds * 1000);
      return done;
    },
    cancel() {
      current?.close("client");
      resolveDone();
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": JSON_TYPE, "cache-control": "no-cache, private" } });
}
