/** Event handlers an informer notifies (cache.ResourceEventHandler and helpers). */
import type { DeletedFinalStateUnknown } from "./keys.ts";

/**
 * Notifications about one resource. Handlers run synchronously on the informer's
 * delivery loop, in event order, one notification at a time: they must not block
 * (enqueue a key into a work queue and return). Objects are the cached instances:
 * never mutate them.
 */
export interface ResourceEventHandler<T> {
  /** A new object; isInInitialList is true for objects of the first list. */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** A changed object, or (on resync) the same object twice. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** A removed object, or a tombstone when the final state was missed. */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

/**
 * Passes only objects accepted by filter (cache.FilteringResourceEventHandler): an
 * update that makes an object stop matching is delivered as a delete, and one that
 * makes it start matching as an add.
 */
export function filteringHandler<T>(filter: (obj: T | DeletedFinalStateUnknown<T>) => boolean, handler: ResourceEventHandler<T>): ResourceEventHandler<T> {
  return {
    onAdd(obj, initial) {
      if (filter(obj)) handler.onAdd?.(obj, initial);
    },
    onUpdate(oldObj, newObj) {
      const was = filter(oldObj);
      const is = filter(newObj);
      if (was && is) handler.onUpdate?.(oldObj, newObj);
      else if (!was && is) handler.onAdd?.(newObj, false);
      else if (was && !is) handler.onDelete?.(oldObj);
    },
    onDelete(obj) {
      if (filter(obj)) handler.onDelete?.(obj);
    },
  };
}
