/** ListerWatcher: how a reflector lists and watches one resource (cache.ListerWatcher). */
import type { KubeList, KubeObject } from "../../api/meta/index.ts";
import type { ListOptions, WatchOptions } from "../rest/options.ts";
import type { ResourceClient } from "../rest/resource-client.ts";
import type { WatchStream } from "../rest/watch.ts";

export interface ListerWatcher<T extends KubeObject> {
  list(opts: ListOptions): Promise<KubeList<T>>;
  watch(opts: WatchOptions): Promise<WatchStream<T>>;
}

/** Selectors every list and watch of an informer carries. */
export interface ListWatchSelectors {
  labelSelector?: string;
  fieldSelector?: string;
}

/** A ListerWatcher over a ResourceClient (its namespace scope), narrowed by selectors. */
export function listWatchFromClient<T extends KubeObject>(client: ResourceClient<T>, selectors: ListWatchSelectors = {}): ListerWatcher<T> {
  const narrow = <O extends ListOptions>(opts: O): O => {
    const out = { ...opts };
    if (selectors.labelSelector) out.labelSelector = selectors.labelSelector;
    if (selectors.fieldSelector) out.fieldSelector = selectors.fieldSelector;
    return out;
  };
  return {
    list: (opts) => client.list(narrow(opts)),
    watch: (opts) => client.watch(narrow(opts)),
  };
}
