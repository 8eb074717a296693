export { WatchCache, TooOldError, type WatchCacheOptions } from "./watch-cache.ts";
export { CacheWatcher, type WatchSink, type WatcherOptions, type CloseReason } from "./watcher.ts";
export { CacheEvent, plainEncoder, type EventEncoder, type WatchEventType } from "./event.ts";
export { Predicate } from "./predicate.ts";
export { cacheObject, type CachedObject } from "./cached-object.ts";
export { EventRing } from "./ring.ts";
