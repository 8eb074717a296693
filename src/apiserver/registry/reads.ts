/**
 * GET and LIST with upstream's resourceVersion semantics, served from the watch cache
 * when it can answer, else from the store:
 *  - unset: a consistent read: the cache is first brought up to the store's revision; over
 *    a store whose events may trail its reads (etcd: Store.eventsBeforeAck false) the read
 *    goes to the store, as kube-apiserver does without trustworthy progress notifications;
 *  - "0": whatever the cache holds;
 *  - N (NotOlderThan): the cache once it reflects N (504 Timeout after 3 s); over etcd a
 *    store read when the cache has not reached N within 50 ms;
 *  - Exact N, limit with unset version, continue tokens: a snapshot read from the store.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { CauseType } from "../../api/meta/index.ts";
import { CompactedError, FutureRevisionError } from "../../storage/errors.ts";
import type { ListParams } from "../http/query.ts";
import { parseResourceVersion } from "../http/query.ts";
import { ApiError, errors, statusFailure } from "../http/status.ts";
import { cacheObject, type CachedObject } from "../watchcache/cached-object.ts";
import type { Predicate } from "../watchcache/predicate.ts";
import type { WatchCache } from "../watchcache/watch-cache.ts";
import { CONTINUE_EXPIRED_MESSAGE, decodeContinue, encodeContinue } from "./continue-token.ts";
import { namespacePrefix } from "./keys.ts";
import type { ResourceRegistry } from "./resource-registry.ts";

const FRESHNESS_TIMEOUT_MS = 3000;

export interface ListResult {
  items: CachedObject[];
  resourceVersion: number;
  continueToken?: string;
  remainingItemCount?: number;
}

function tooLargeResourceVersion(rv: number, current: number): ApiError {
  return new ApiError(
    statusFailure(504, "Timeout", `Timeout: Too large resource version: ${rv}, current: ${current}`, {
      causes: [{ reason: CauseType.ResourceVersionTooLarge, message: `Too large resource version` }],
      retryAfterSeconds: 1,
    }),
  );
}

/**
 * Brings the cache up to the store's current revision; false when the store cannot prove
 * it (Store.eventsBeforeAck false), and the caller must read the store instead. Embedded
 * stores publish a write's events before acknowledging it, so once those callbacks have
 * run the cache reflects every write up to the revision read here.
 */
export async function syncCache(cache: WatchCache): Promise<boolean> {
  if (!cache.store.eventsBeforeAck) return false;
  const target = await cache.store.currentRevision();
  if (cache.rv >= target) return true;
  await new Promise<void>((r) => setImmediate(r));
  cache.markSynced(target);
  return true;
}

/** Waits until the cache can answer for `rvParam`; false when the store must answer instead. */
async function freshCache(cache: WatchCache, rvParam: string): Promise<boolean> {
  await cache.ready;
  if (rvParam === "0") return true;
  const rv = parseResourceVersion(rvParam);
  if (rv === undefined) return syncCache(cache);
  if (cache.rv >= rv) return true;
  if (await cache.waitFor(rv, 50)) return true;
  // a revision of another resource is still "not older than" ours once we are in sync
  if (!(await syncCache(cache))) return false;
  if (cache.rv < rv && !(await cache.waitFor(rv, FRESHNESS_TIMEOUT_MS))) throw tooLargeResourceVersion(rv, cache.rv);
  return true;
}

/**
 * A store read that must be at least `minRv` new (NotOlderThan); a store behind it is
 * waited for, then answered with 504 as the cache would be.
 */
async function atLeast<T extends { resourceVersion: number }>(minRv: number | undefined, read: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + FRESHNESS_TIMEOUT_MS;
  for (;;) {
    const r = await read();
    if (minRv === undefined || r.resourceVersion >= minRv) return r;
    if (performance.now() >= deadline) throw tooLargeResourceVersion(minRv, r.resourceVersion);
    await Bun.sleep(50);
  }
}

export async function getObject(reg: ResourceRegistry, namespace: string, name: string, rvParam: string): Promise<CachedObject> {
  if (await freshCache(reg.cache, rvParam)) return reg.getCached(namespace, name);
  const got = await atLeast(parseResourceVersion(rvParam), async () => {
    const r = await reg.store.get<KubeObject>(reg.key(namespace, name));
    return { resourceVersion: r.revision, kv: r.kv };
  });
  if (!got.kv) throw errors.notFound(reg.qr, name);
  return cacheObject(got.kv.key, reg.codec.fromStored(got.kv.value), got.kv.modRevision);
}

export async function listObjects(reg: ResourceRegistry, pred: Predicate, params: ListParams): Promise<ListResult> {
  const exact = params.resourceVersionMatch === "Exact";
  if (params.resourceVersionMatch !== "" && params.resourceVersion === "") {
    throw errors.badRequest(`resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided`);
  }
  if (params.continueToken !== "" && params.resourceVersion !== "" && params.resourceVersion !== "0") {
    throw errors.badRequest("specifying resource version is not allowed when using continue");
  }
  if (params.continueToken !== "" || exact || (params.limit > 0 && params.resourceVersion === "")) {
    return listFromStore(reg, pred, params);
  }
  if (await freshCache(reg.cache, params.resourceVersion)) return { items: reg.cache.list(pred), resourceVersion: reg.cache.rv };
  return atLeast(parseResourceVersion(params.resourceVersion), () => listFromStore(reg, pred, { ...params, resourceVersion: "", resourceVersionMatch: "" }));
}

async function listFromStore(reg: ResourceRegistry, pred: Predicate, params: ListParams): Promise<ListResult> {
  const prefix = namespacePrefix(reg.ri, pred.namespace);
  let revision: number | undefined;
  let startKey: string | undefined;
  if (params.continueToken !== "") {
    const tok = decodeContinue(params.continueToken);
    revision = tok.rv;
    startKey = prefix + tok.start;
  } else if (params.resourceVersionMatch === "Exact") {
    revision = parseResourceVersion(params.resourceVersion);
  }
  const limit = params.limit;
  const items: CachedObject[] = [];
  const selecting = !pred.selectsAllInNamespace;
  let readRevision = 0;
  let more = false;
  let remaining = 0;
  let lastKey = "";
  try {
    for (;;) {
      const page = await reg.store.list<KubeObject>(prefix, {
        ...(revision !== undefined ? { revision } : {}),
        ...(startKey !== undefined ? { startKey } : {}),
        ...(limit > 0 ? { limit: limit - items.length + (selecting ? 32 : 0) } : {}),
      });
      readRevision = page.revision;
      revision = page.revision;
      for (const kv of page.kvs) {
        lastKey = kv.key;
        const o = cacheObject(kv.key, reg.codec.fromStored(kv.value), kv.modRevision);
        if (!selecting || pred.matches(o)) items.push(o);
        if (limit > 0 && items.length >= limit) break;
      }
      const stoppedEarly = limit > 0 && items.length >= limit && lastKey !== page.kvs[page.kvs.length - 1]?.key;
      more = page.more || stoppedEarly;
      remaining = page.remaining + (stoppedEarly ? page.kvs.length - 1 - page.kvs.findIndex((kv) => kv.key === lastKey) : 0);
      if (!page.more || (limit > 0 && items.length >= limit) || page.kvs.length === 0) break;
      startKey = page.kvs[page.kvs.length - 1]!.key + "\u0000";
    }
  } catch (e) {
    if (e instanceof CompactedError) {
      if (params.continueToken !== "") throw errors.expired(CONTINUE_EXPIRED_MESSAGE);
      throw errors.expired(`The resourceVersion for the provided list is too old.`);
    }
    if (e instanceof FutureRevisionError) throw tooLargeResourceVersion(e.requested, e.current);
    throw e;
  }
  const result: ListResult = { items, resourceVersion: readRevision };
  if (more && limit > 0) {
    result.continueToken = encodeContinue({ rv: readRevision, start: lastKey.slice(prefix.length) + "\u0000" });
    if (!selecting) result.remainingItemCount = remaining;
  }
  return result;
}
