/**
 * Listers: read-only views of an informer's indexed store (client-go's generated
 * listers). Namespace-scoped reads use the namespace index. Returned objects are the
 * cached instances: never mutate them (copy first, e.g. structuredClone).
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { type LabelSelectorInput, toSelector } from "../rest/options.ts";
import { type Indexer, NAMESPACE_INDEX } from "./store.ts";

export interface NamespaceLister<T> {
  list(selector?: LabelSelectorInput): T[];
  get(name: string): T | undefined;
}

export class Lister<T extends KubeObject> {
  constructor(readonly indexer: Indexer<T>) {}

  /** Every cached object matching the label selector (all objects when omitted). */
  list(selector?: LabelSelectorInput): T[] {
    const sel = toSelector(selector);
    const all = this.indexer.list();
    if (sel.isEmpty()) return all;
    return all.filter((o) => sel.matches(o.metadata?.labels));
  }

  /** get(namespace, name) for namespaced kinds, get(name) for cluster-scoped ones. */
  get(namespaceOrName: string, name?: string): T | undefined {
    return this.indexer.getByKey(name === undefined ? namespaceOrName : namespaceOrName ? `${namespaceOrName}/${name}` : name);
  }

  /** Objects of one namespace. */
  namespace(ns: string): NamespaceLister<T> {
    return {
      list: (selector) => {
        const sel = toSelector(selector);
        const objs = this.byNamespace(ns);
        return sel.isEmpty() ? objs : objs.filter((o) => sel.matches(o.metadata?.labels));
      },
      get: (name) => this.indexer.getByKey(ns ? `${ns}/${name}` : name),
    };
  }

  private byNamespace(ns: string): T[] {
    if (NAMESPACE_INDEX in this.indexer.getIndexers()) return this.indexer.byIndex(NAMESPACE_INDEX, ns);
    return this.indexer.list().filter((o) => (o.metadata?.namespace ?? "") === ns);
  }
}
