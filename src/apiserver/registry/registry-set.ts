/**
 * Every resource's registry and watch cache, built from the resource catalog. Caches are
 * started together; `ready` resolves when all have their initial list.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { RESOURCES, type ResourceInfo } from "../../api/resources.ts";
import type { Store } from "../../storage/interface.ts";
import { AdmissionChain, defaultTolerationSeconds, namespaceLifecycle, priority, ServiceAllocator, serviceAccount, type AdmissionLookup } from "../admission/index.ts";
import { Predicate } from "../watchcache/predicate.ts";
import { WatchCache, type WatchCacheOptions } from "../watchcache/watch-cache.ts";
import { identityCodec, storageOf } from "./conversion/index.ts";
import { objectKey, resourcePrefix } from "./keys.ts";
import { ResourceRegistry } from "./resource-registry.ts";
import { strategyFor } from "./strategies/index.ts";

/** Resources that are never stored (reviews answer from the request alone; metrics from kubelet samples). */
const VIRTUAL = new Set([
  "authorization.k8s.io/selfsubjectaccessreviews",
  "authorization.k8s.io/selfsubjectrulesreviews",
  "authorization.k8s.io/subjectaccessreviews",
  "authorization.k8s.io/localsubjectaccessreviews",
  "authentication.k8s.io/selfsubjectreviews",
  "authentication.k8s.io/tokenreviews",
  "metrics.k8s.io/nodes",
  "metrics.k8s.io/pods",
]);

export class RegistrySet implements AdmissionLookup {
  private readonly byResource = new Map<string, ResourceRegistry>();
  readonly admission: AdmissionChain;
  readonly caches: WatchCache[] = [];
  readonly ready: Promise<void>;

  constructor(
    readonly store: Store,
    cacheOptions: WatchCacheOptions = {},
    serviceCidr?: string,
  ) {
    this.admission = new AdmissionChain([serviceAccount, defaultTolerationSeconds, priority, new ServiceAllocator(serviceCidr)], [namespaceLifecycle, priority], this);
    for (const ri of RESOURCES) {
      const id = `${ri.group}/${ri.plural}`;
      if (VIRTUAL.has(id)) continue;
      const { codec } = storageOf(ri);
      const cache = new WatchCache(store, ri, resourcePrefix(ri), codec === identityCodec ? cacheOptions : { ...cacheOptions, decode: codec.fromStored });
      this.caches.push(cache);
      this.byResource.set(id, new ResourceRegistry(ri, strategyFor(ri), store, cache, this.admission));
    }
    this.ready = Promise.all(this.caches.map((c) => c.start())).then(() => undefined);
  }

  /** The registry of a resource, or undefined for virtual or unknown ones. */
  registry(ri: Pick<ResourceInfo, "group" | "plural">): ResourceRegistry | undefined {
    return this.byResource.get(`${ri.group}/${ri.plural}`);
  }

  get(group: string, plural: string, namespace: string, name: string): KubeObject | undefined {
    const reg = this.byResource.get(`${group}/${plural}`);
    return reg?.cache.get(objectKey(reg.ri, namespace, name))?.obj;
  }

  async getLive(group: string, plural: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    const reg = this.byResource.get(`${group}/${plural}`);
    const kv = reg ? (await reg.store.get<KubeObject>(objectKey(reg.ri, namespace, name))).kv : undefined;
    return kv ? reg!.codec.fromStored(kv.value) : undefined;
  }

  list(group: string, plural: string): KubeObject[] {
    const reg = this.byResource.get(`${group}/${plural}`);
    return reg ? reg.cache.list(Predicate.everything(reg.ri)).map((o) => o.obj) : [];
  }

  all(): ResourceRegistry[] {
    return [...this.byResource.values()];
  }

  stop(): void {
    for (const c of this.caches) c.stop();
  }
}
