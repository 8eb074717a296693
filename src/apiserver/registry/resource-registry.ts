/**
 * The generic registry of one resource (upstream's registry/generic Store): create,
 * read, update, delete over the storage interface, with the kind's strategy, admission,
 * defaulting, validation and managedFields. Reads come from the watch cache; writes go to
 * the store with optimistic concurrency on the key's modRevision.
 */
import { randomUUID } from "node:crypto";
import type { FieldSchema, KubeObject } from "../../api/meta/index.ts";
import { generateName } from "../../api/names/index.ts";
import { groupVersion, type ResourceInfo } from "../../api/resources.ts";
import { fieldSchemaFor } from "../../api/schema/index.ts";
import { formatInvalidMessage, toStatusCauses, validateObject, type FieldError } from "../../api/validation/index.ts";
import { ConflictError, KeyExistsError, NotFoundError } from "../../storage/errors.ts";
import type { KeyValue, Store, WriteOptions } from "../../storage/interface.ts";
import type { AdmissionAttributes, AdmissionChain, Operation } from "../admission/index.ts";
import { errors, type QualifiedResource } from "../http/status.ts";
import { cacheObject, type CachedObject } from "../watchcache/cached-object.ts";
import type { WatchCache } from "../watchcache/watch-cache.ts";
import { checkFields, checkTypeMeta } from "./decode.ts";
import { applyDecodeDefaults, applyDefaults, updateManagedFields } from "./machinery.ts";
import { objectKey } from "./keys.ts";
import { carryOverOnUpdate, sameContent, specChanged, stampCreate, statusUpdate } from "./object-meta.ts";
import { timestamp, type RequestScope } from "./scope.ts";
import type { Strategy } from "./strategy.ts";
import { storageOf, type StorageCodec } from "./conversion/index.ts";
import { jsonClone } from "../util/clone.ts";

/** How many times an unconditional update or patch retries after losing a race. */
const MAX_RETRIES = 8;

export interface WriteResult {
  obj: KubeObject;
  /** 201 for creates, 200 otherwise. */
  created: boolean;
}

/** A function computing the new object from the current one (undefined: absent). */
export type UpdateFn = (current: KubeObject | undefined) => Promise<KubeObject> | KubeObject;

export interface UpdateOptions {
  subresource: string;
  /** Create when absent (PUT with allowCreateOnUpdate, apply patches). */
  allowCreate: boolean;
  /** Retry on conflicts (true unless the caller sent a resourceVersion precondition). */
  retry: boolean;
  /** Skip the managedFields Update entry (server-side apply records its own). */
  skipManagedFields?: boolean;
  /** Skip strict field checks (apply checks the applied configuration itself). */
  skipFieldChecks?: boolean;
  /**
   * A server-internal write (pods/binding): the strategy's update preparation and the
   * kind's update validation do not apply.
   */
  internal?: boolean;
  /** The caller validated already (the scale subresource validates the Scale). */
  skipValidation?: boolean;
}

export class ResourceRegistry {
  readonly qr: QualifiedResource;
  readonly apiVersion: string;
  /** Served form <-> stored form (identity unless the resource is stored as another). */
  readonly codec: StorageCodec;
  private schemaMemo: FieldSchema | undefined;

  constructor(
    readonly ri: ResourceInfo,
    readonly strategy: Strategy,
    readonly store: Store,
    readonly cache: WatchCache,
    readonly admission: AdmissionChain,
    codec?: StorageCodec,
  ) {
    this.qr = { group: ri.group, resource: ri.plural };
    this.apiVersion = groupVersion(ri);
    this.codec = codec ?? storageOf(ri).codec;
  }

  get schema(): FieldSchema {
    return (this.schemaMemo ??= this.ri.custom?.fieldSchema ?? fieldSchemaFor(this.apiVersion, this.ri.kind));
  }

  key(namespace: string, name: string): string {
    return objectKey(this.ri, namespace, name);
  }

  /** Reads the current stored object; NotFound as the API error. */
  async getStored(namespace: string, name: string): Promise<KeyValue<KubeObject>> {
    const r = await this.store.get<KubeObject>(this.key(namespace, name));
    if (!r.kv) throw errors.notFound(this.qr, name);
    r.kv.value = this.codec.fromStored(r.kv.value);
    return r.kv;
  }

  /** The cached object (callers ensure freshness), or NotFound. */
  getCached(namespace: string, name: string): CachedObject {
    const o = this.cache.get(this.key(namespace, name));
    if (!o) throw errors.notFound(this.qr, name);
    return o;
  }

  private invalid(name: string, errs: FieldError[]): never {
    throw errors.invalid(this.ri.group, this.ri.kind, name, formatInvalidMessage({ group: this.ri.group, kind: this.ri.kind }, name, errs), toStatusCauses(errs));
  }

  private validate(obj: KubeObject, old: KubeObject | undefined, subresource: string): void {
    const opts = subresource === "" ? {} : { subresource };
    const errs = validateObject(this.ri, obj, old, opts);
    if (errs.length > 0) this.invalid(obj.metadata.name ?? "", errs);
  }

  private admissionAttrs(scope: RequestScope, op: Operation, subresource: string, namespace: string, name: string, obj: KubeObject | undefined, old: KubeObject | undefined): AdmissionAttributes {
    return { resource: this.ri, subresource, operation: op, namespace, name, object: obj, oldObject: old, user: scope.user, dryRun: scope.dryRun, warnings: scope.warnings };
  }

  /** Applies the URL namespace to the object; a body naming another namespace is 400. */
  private placeNamespace(obj: KubeObject, namespace: string): void {
    if (this.ri.namespaced) {
      const bodyNs = obj.metadata.namespace;
      if (bodyNs && bodyNs !== namespace) throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      obj.metadata.namespace = namespace;
    } else {
      delete obj.metadata.namespace;
    }
  }

  /**
   * POST: creates `obj` (already decoded). `handOver`: the caller only reads `obj` (and the
   * result's obj, the same object) from here on, so the watch cache may keep it as it is
   * (WriteOptions.handOver) instead of a copy.
   */
  async create(scope: RequestScope, namespace: string, obj: KubeObject, opts: { skipFieldChecks?: boolean; skipManagedFields?: boolean; handOver?: boolean } = {}): Promise<WriteResult> {
    checkTypeMeta(this.ri, obj);
    if (!opts.skipFieldChecks) checkFields(this.ri, obj, scope, true);
    this.placeNamespace(obj, namespace);
    const meta = obj.metadata;
    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = generateName(meta.generateName!);
    if (!meta.name) {
      this.invalid("", [{ type: "FieldValueRequired", field: "metadata.name", message: "name or generateName is required", badValue: "" }]);
    }
    stampCreate(obj, randomUUID(), timestamp(scope.now), this.strategy.tracksGeneration);
    this.strategy.prepareForCreate(obj);
    // Upstream decodes with defaults and records the manager's fields before mutating
    // admission: what admission adds (a token volume, tolerations, a priority) is nobody's.
    applyDecodeDefaults(this.ri, obj);
    if (!opts.skipManagedFields) updateManagedFields(undefined, obj, this.mfOpts(scope, ""));
    await this.admission.admit(this.admissionAttrs(scope, "CREATE", "", namespace, meta.name!, obj, undefined));
    // again, for what admission added (upstream decodes a webhook's patched object with
    // defaults), and the create-time preparation
    applyDefaults(this.ri, obj);
    this.validate(obj, undefined, "");
    const attrs = this.admissionAttrs(scope, "CREATE", "", namespace, meta.name!, obj, undefined);
    const afterWrite: ((written: boolean) => void)[] = (attrs.afterWrite = []);
    let written = false;
    try {
      await this.admission.validate(attrs);
      const res = await this.write(scope, namespace, obj, generated, opts.handOver === true);
      written = !scope.dryRun;
      return res;
    } finally {
      // told whether the object was stored, so admission's holds on it end (quota's pending creates)
      for (const done of afterWrite) done(written);
    }
  }

  /** The store write of a create that passed admission (none on a dry run). */
  private async write(scope: RequestScope, namespace: string, obj: KubeObject, generated: boolean, handOver: boolean): Promise<WriteResult> {
    const meta = obj.metadata;
    if (scope.dryRun) {
      if (this.cache.get(this.key(namespace, meta.name!))) throw errors.alreadyExists(this.qr, meta.name!);
      return { obj, created: true };
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const ttl = this.strategy.ttlSeconds?.(obj);
        const writeOpts: WriteOptions = {};
        if (ttl !== undefined) writeOpts.ttlSeconds = ttl;
        if (handOver) writeOpts.handOver = true;
        const r = await this.store.create(this.key(namespace, meta.name!), this.codec.toStored(obj), writeOpts);
        // a handed-over obj is the watch cache's by now, which stamped the same revision
        obj.metadata.resourceVersion = String(r.revision);
        return { obj, created: true };
      } catch (e) {
        if (e instanceof KeyExistsError) {
          if (generated && attempt < 3) {
            meta.name = generateName(meta.generateName!);
            continue;
          }
          throw errors.alreadyExists(this.qr, meta.name!);
        }
        throw e;
      }
    }
  }

  private mfOpts(scope: RequestScope, subresource: string) {
    const o: { manager: string; apiVersion: string; schema: FieldSchema; now: Date; subresource?: string } = {
      manager: scope.fieldManager,
      apiVersion: this.apiVersion,
      schema: this.schema,
      now: scope.now,
    };
    if (subresource) o.subresource = subresource;
    return o;
  }

  /**
   * The update loop (upstream GuaranteedUpdate): read the stored object, compute the new
   * one, prepare, admit, default, validate, and write at the read revision; retry on a lost
   * race when allowed. An object being deleted whose last finalizer goes is deleted.
   */
  async update(scope: RequestScope, namespace: string, name: string, fn: UpdateFn, opts: UpdateOptions): Promise<WriteResult> {
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const got = await this.store.get<KubeObject>(key);
      const kv = got.kv;
      if (!kv) {
        if (!opts.allowCreate) {
          // compute to surface body errors first, as upstream decodes before reading
          throw errors.notFound(this.qr, name);
        }
        const obj = await fn(undefined);
        const rv = obj.metadata?.resourceVersion;
        if (rv) throw errors.notFound(this.qr, name);
        const createOpts: { skipFieldChecks?: boolean; skipManagedFields?: boolean } = {};
        if (opts.skipFieldChecks) createOpts.skipFieldChecks = true;
        if (opts.skipManagedFields) createOpts.skipManagedFields = true;
        try {
          return await this.create(scope, namespace, obj, createOpts);
        } catch (e) {
          if (e instanceof Error && (e as { reason?: string }).reason === "AlreadyExists" && opts.retry && attempt < MAX_RETRIES) continue;
          throw e;
        }
      }
      const old = this.codec.fromStored(kv.value);
      old.metadata.resourceVersion = String(kv.modRevision);
      const input = await fn(jsonClone(old));
      const obj = this.prepareUpdate(scope, namespace, name, input, old, kv.modRevision, opts);
      const defaulted = opts.subresource === "" || this.strategy.specSubresources?.[opts.subresource] !== undefined;
      // As on create: upstream's field manager sees the decoded, defaulted object before
      // mutating admission, so what admission changes is not the manager's.
      if (defaulted) applyDefaults(this.ri, obj, old);
      if (!opts.skipManagedFields) updateManagedFields(old, obj, this.mfOpts(scope, opts.subresource));
      await this.admission.admit(this.admissionAttrs(scope, "UPDATE", opts.subresource, namespace, name, obj, old));
      if (defaulted) {
        applyDefaults(this.ri, obj, old);
        // Upstream defaults while decoding, before PrepareForUpdate compares the specs: a body that
        // differs from the stored spec only by defaults (a port without protocol) keeps the generation.
        if (this.strategy.tracksGeneration) obj.metadata.generation = (old.metadata.generation ?? 1) + (specChanged(obj, old) ? 1 : 0);
      }
      if (!opts.internal && !opts.skipValidation) this.validate(obj, old, opts.subresource);
      await this.admission.validate(this.admissionAttrs(scope, "UPDATE", opts.subresource, namespace, name, obj, old));
      if (sameContent(obj, old, opts.skipManagedFields === true)) return { obj: old, created: false };
      const deleting = obj.metadata.deletionTimestamp !== undefined && this.deletionCompleteAfterUpdate(obj, old);
      if (scope.dryRun) {
        // a dry run answers what would be stored, at the version it would replace
        obj.metadata.resourceVersion = String(kv.modRevision);
        return { obj, created: false };
      }
      try {
        if (deleting) {
          const d = await this.store.delete<KubeObject>(key, kv.modRevision);
          obj.metadata.resourceVersion = String(d.revision);
          return { obj, created: false };
        }
        const ttl = this.strategy.ttlSeconds?.(obj);
        const r = await this.store.update(key, this.codec.toStored(obj), kv.modRevision, ttl === undefined ? undefined : { ttlSeconds: ttl });
        obj.metadata.resourceVersion = String(r.revision);
        return { obj, created: false };
      } catch (e) {
        if (e instanceof ConflictError || e instanceof NotFoundError) {
          if (opts.retry && attempt < MAX_RETRIES) continue;
          throw errors.modified(this.qr, name);
        }
        throw e;
      }
    }
  }

  /**
   * Upstream's ShouldDeleteDuringUpdate: the update removed the last finalizer of an object
   * whose deletion is due (grace period 0); the kind may add conditions.
   */
  private deletionCompleteAfterUpdate(obj: KubeObject, old: KubeObject): boolean {
    if ((obj.metadata.finalizers ?? []).length > 0) return false;
    if ((old.metadata.finalizers ?? []).length === 0) return false;
    if (obj.metadata.deletionGracePeriodSeconds !== 0) return false;
    return this.strategy.deletionComplete ? this.strategy.deletionComplete(obj) : true;
  }

  private prepareUpdate(scope: RequestScope, namespace: string, name: string, input: KubeObject, old: KubeObject, modRevision: number, opts: UpdateOptions): KubeObject {
    checkTypeMeta(this.ri, input);
    if (!opts.skipFieldChecks) checkFields(this.ri, input, scope, true);
    const meta = input.metadata;
    if (meta.name !== undefined && meta.name !== "" && meta.name !== name) {
      throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    meta.name = name;
    this.placeNamespace(input, namespace);
    if (meta.resourceVersion && meta.resourceVersion !== String(modRevision)) throw errors.modified(this.qr, name);
    if (meta.uid && meta.uid !== old.metadata.uid) {
      throw errors.conflict(this.qr, name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    let obj: KubeObject;
    if (opts.subresource === "status") {
      obj = statusUpdate(input, old);
    } else if (opts.subresource === "finalize") {
      const finalizers = (input["spec"] as { finalizers?: string[] } | undefined)?.finalizers;
      const spec: Record<string, unknown> = { ...((old["spec"] ?? {}) as object) };
      if (finalizers && finalizers.length > 0) spec["finalizers"] = finalizers;
      else delete spec["finalizers"];
      obj = { ...old, metadata: { ...old.metadata }, spec };
    } else if (opts.subresource !== "" && this.strategy.specSubresources?.[opts.subresource]) {
      obj = this.strategy.specSubresources[opts.subresource]!(input, old);
    } else {
      obj = input;
      carryOverOnUpdate(obj, old, this.strategy.tracksGeneration);
      if (!opts.internal) this.strategy.prepareForUpdate(obj, old);
    }
    delete obj.metadata.resourceVersion;
    return obj;
  }

  /** Serializes an object as the cache would (for responses of writes). */
  cached(obj: KubeObject): CachedObject {
    const rv = Number(obj.metadata.resourceVersion ?? 0);
    return cacheObject(this.key(obj.metadata.namespace ?? "", obj.metadata.name ?? ""), obj, rv);
  }
}
