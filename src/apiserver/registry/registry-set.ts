/**
 * Every resource's registry and watch cache, built from the resource catalog. Caches are
 * started together; `ready` resolves when all have their initial list.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { RESOURCES, groupVersion, type ResourceInfo } from "../../api/resources.ts";
import { ResourceCatalog } from "../../api/resource-catalog.ts";
import type { Store } from "../../storage/interface.ts";
import {
  AdmissionChain,
  defaultIngressClass,
  defaultStorageClass,
  defaultTolerationSeconds,
  limitRanger,
  limitRangerDefaults,
  mutatingWebhooks,
  namespaceLifecycle,
  podSecurity,
  priority,
  resourceQuota,
  ServiceAllocator,
  serviceAccount,
  validatingAdmissionPolicies,
  validatingWebhooks,
  type AdmissionLookup,
} from "../admission/index.ts";
import { Predicate } from "../watchcache/predicate.ts";
import { WatchCache, type WatchCacheOptions } from "../watchcache/watch-cache.ts";
import { identityCodec, storageOf, type StorageCodec } from "./conversion/index.ts";
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

/** Rewrites apiVersion between the version a custom resource is served at and the one it is stored at. */
function versionCodec(served: string, stored: string): StorageCodec {
  return {
    toStored: (o) => (o.apiVersion === stored ? o : { ...o, apiVersion: stored }),
    fromStored: (o) => (o.apiVersion === served ? o : { ...o, apiVersion: served }),
  };
}

export class RegistrySet implements AdmissionLookup {
  private readonly byResource = new Map<string, ResourceRegistry>();
  /** The same registries by group, then plural: looked up on every request, without building an id. */
  private readonly builtinByGroup = new Map<string, Map<string, ResourceRegistry>>();
  /** Custom resources' registries: "group/plural" -> version -> registry. */
  private readonly customByResource = new Map<string, Map<string, ResourceRegistry>>();
  /** What this server serves: the built-in resources and the established custom ones. */
  readonly catalog = new ResourceCatalog();
  readonly admission: AdmissionChain;
  readonly caches: WatchCache[] = [];
  readonly ready: Promise<void>;

  constructor(
    readonly store: Store,
    private readonly cacheOptions: WatchCacheOptions = {},
    serviceCidr?: string,
  ) {
    this.admission = new AdmissionChain(
      // upstream's order: LimitRanger before ServiceAccount; ResourceQuota last, so only objects every other plugin admitted count
      [limitRangerDefaults, serviceAccount, defaultTolerationSeconds, priority, defaultStorageClass, defaultIngressClass, new ServiceAllocator(serviceCidr), mutatingWebhooks],
      [namespaceLifecycle, limitRanger, podSecurity, priority, validatingAdmissionPolicies, validatingWebhooks, resourceQuota],
      this,
    );
    for (const ri of RESOURCES) {
      const id = `${ri.group}/${ri.plural}`;
      if (VIRTUAL.has(id)) continue;
      const { codec } = storageOf(ri);
      const cache = new WatchCache(store, ri, resourcePrefix(ri), codec === identityCodec ? cacheOptions : { ...cacheOptions, decode: codec.fromStored });
      this.caches.push(cache);
      const reg = new ResourceRegistry(ri, strategyFor(ri), store, cache, this.admission);
      this.byResource.set(id, reg);
      let plurals = this.builtinByGroup.get(ri.group);
      if (!plurals) this.builtinByGroup.set(ri.group, (plurals = new Map()));
      plurals.set(ri.plural, reg);
    }
    this.ready = Promise.all(this.caches.map((c) => c.start())).then(() => undefined);
  }

  /**
   * The registry of a resource, or undefined for virtual or unknown ones. A custom resource
   * has one per served version; without a version (or an unknown one) the storage version's.
   */
  registry(ri: Pick<ResourceInfo, "group" | "plural"> & { version?: string }): ResourceRegistry | undefined {
    const builtin = this.builtinByGroup.get(ri.group)?.get(ri.plural);
    if (builtin) return builtin;
    const versions = this.customByResource.get(`${ri.group}/${ri.plural}`);
    if (!versions) return undefined;
    const exact = ri.version !== undefined ? versions.get(ri.version) : undefined;
    if (exact) return exact;
    const first = versions.values().next().value as ResourceRegistry | undefined;
    return first ? (versions.get(first.ri.custom!.storageVersion) ?? first) : undefined;
  }

  get(group: string, plural: string, namespace: string, name: string): KubeObject | undefined {
    const reg = this.registry({ group, plural });
    return reg?.cache.get(objectKey(reg.ri, namespace, name))?.obj;
  }

  async getLive(group: string, plural: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    const reg = this.registry({ group, plural });
    const kv = reg ? (await reg.store.get<KubeObject>(objectKey(reg.ri, namespace, name))).kv : undefined;
    return kv ? reg!.codec.fromStored(kv.value) : undefined;
  }

  list(group: string, plural: string, namespace = ""): KubeObject[] {
    const reg = this.registry({ group, plural });
    // admission asks on every write for kinds that are usually empty (webhooks, policy bindings)
    if (!reg || reg.cache.size === 0) return [];
    return reg.cache.list(Predicate.everything(reg.ri, namespace)).map((o) => o.obj);
  }

  resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.catalog.resourceForKind(apiVersion, kind);
  }

  /** Every registry, custom resources' included (one per served version). */
  all(): ResourceRegistry[] {
    const out = [...this.byResource.values()];
    for (const versions of this.customByResource.values()) out.push(...versions.values());
    return out;
  }

  /**
   * Serves a CRD's versions (`infos`, each with its `custom` behaviour), replacing what the
   * CRD served before; an empty list stops serving it. Watch caches of versions that stay
   * with the same identity are kept; the catalog changes once the new caches are filled.
   */
  async setCustomResources(crd: string, infos: readonly ResourceInfo[]): Promise<void> {
    const before = this.catalog.customResources().filter((ri) => ri.custom?.crd === crd);
    const started: ResourceRegistry[] = [];
    for (const ri of infos) {
      const storedAt = `${ri.group}/${ri.custom!.storageVersion}`;
      const codec = versionCodec(groupVersion(ri), storedAt);
      const cache = new WatchCache(this.store, ri, resourcePrefix(ri), { ...this.cacheOptions, decode: codec.fromStored });
      const reg = new ResourceRegistry(ri, strategyFor(ri), this.store, cache, this.admission, codec);
      started.push(reg);
    }
    try {
      await Promise.all(started.map((r) => r.cache.start()));
    } catch (e) {
      for (const r of started) r.cache.stop();
      throw e;
    }
    for (const ri of before) {
      const id = `${ri.group}/${ri.plural}`;
      const versions = this.customByResource.get(id);
      const reg = versions?.get(ri.version);
      if (reg) {
        reg.cache.stop();
        versions!.delete(ri.version);
        if (versions!.size === 0) this.customByResource.delete(id);
      }
    }
    for (const reg of started) {
      const id = `${reg.ri.group}/${reg.ri.plural}`;
      let versions = this.customByResource.get(id);
      if (!versions) this.customByResource.set(id, (versions = new Map()));
      versions.set(reg.ri.version, reg);
    }
    this.catalog.setCustom(crd, infos);
  }

  stop(): void {
    for (const c of this.caches) c.stop();
    for (const versions of this.customByResource.values()) for (const reg of versions.values()) reg.cache.stop();
  }
}
