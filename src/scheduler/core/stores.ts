/**
 * In-memory stores of the cluster objects plugins read (pods by name, namespaces, PDBs,
 * services and workload controllers), fed by the source's event feeds.
 */
import type { Namespace, Pod, PodDisruptionBudget, ReplicaSetLike, ReplicationController, Service } from "../api-types.ts";
import type { ClusterListers } from "../framework/interfaces.ts";
import type { EventHandlers } from "../source.ts";
import type { Labels } from "../util/labels.ts";

interface Named {
  metadata: { namespace?: string; name?: string };
}

function key(o: Named): string {
  return `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;
}

export class Store<T extends Named> {
  readonly items = new Map<string, T>();

  handlers(after?: { add?(o: T): void; update?(a: T, b: T): void; delete?(o: T): void }): EventHandlers<T> {
    return {
      add: (o) => {
        this.items.set(key(o), o);
        after?.add?.(o);
      },
      update: (a, b) => {
        this.items.set(key(b), b);
        after?.update?.(a, b);
      },
      delete: (o) => {
        this.items.delete(key(o));
        after?.delete?.(o);
      },
    };
  }

  get(namespace: string, name: string): T | undefined {
    return this.items.get(`${namespace}/${name}`);
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }
}

export class ClusterStores implements ClusterListers {
  readonly pods = new Store<Pod>();
  readonly namespacesStore = new Store<Namespace>();
  readonly pdbs = new Store<PodDisruptionBudget>();
  readonly servicesStore = new Store<Service>();
  readonly replicaSets = new Store<ReplicaSetLike>();
  readonly statefulSets = new Store<ReplicaSetLike>();
  readonly replicationControllers = new Store<ReplicationController>();

  pod(namespace: string, name: string): Pod | undefined {
    return this.pods.get(namespace, name);
  }

  namespaceLabels(namespace: string): Labels {
    return this.namespacesStore.get("", namespace)?.metadata.labels;
  }

  namespaces(): Iterable<Namespace> {
    return this.namespacesStore.values();
  }

  podDisruptionBudgets(): Iterable<PodDisruptionBudget> {
    return this.pdbs.values();
  }

  *services(namespace: string): Iterable<Service> {
    for (const s of this.servicesStore.values()) if ((s.metadata.namespace ?? "") === namespace) yield s;
  }

  replicaSet(namespace: string, name: string): ReplicaSetLike | undefined {
    return this.replicaSets.get(namespace, name);
  }

  statefulSet(namespace: string, name: string): ReplicaSetLike | undefined {
    return this.statefulSets.get(namespace, name);
  }

  replicationController(namespace: string, name: string): ReplicationController | undefined {
    return this.replicationControllers.get(namespace, name);
  }
}
