/**
 * ResourceClient<T>: the typed REST client of one resource from the catalog
 * (client-go's typed clients and dynamic client in one), scoped to a namespace or
 * to all namespaces. Every error answer rejects with ApiError.
 */
import type { DeleteOptions, KubeList, KubeObject, Status } from "../../api/meta/index.ts";
import { groupVersion, type ResourceInfo } from "../../api/resources.ts";
import type { HttpClient, HttpRequest } from "../transport/http-client.ts";
import { objectJson } from "../../api/meta/object-json.ts";
import {
  type GetOptions,
  type ListOptions,
  listQuery,
  PATCH_CONTENT_TYPES,
  type PatchOptions,
  type WatchOptions,
  watchQuery,
  type WriteOptions,
  writeQuery,
} from "./options.ts";
import { resourcePath } from "./paths.ts";
import type { Scale } from "../../api/types/index.ts";
import { JsonLinesWatch, type WatchStream } from "./watch.ts";

export interface DeleteRequestOptions extends Omit<DeleteOptions, "dryRun" | "apiVersion" | "kind"> {
  dryRun?: boolean;
  signal?: AbortSignal;
}

export class ResourceClient<T extends KubeObject = KubeObject> {
  readonly apiVersion: string;

  constructor(
    readonly http: HttpClient,
    readonly info: ResourceInfo,
    /** The namespace every call is scoped to; undefined: all namespaces (or cluster-scoped). */
    readonly ns?: string,
  ) {
    this.apiVersion = groupVersion(info);
  }

  /** This resource in one namespace. */
  namespace(ns: string): this {
    if (!this.info.namespaced) throw new Error(`${this.info.plural} is not namespaced`);
    return this.withNamespace(ns);
  }

  /** This resource across all namespaces (list, watch, deleteCollection). */
  allNamespaces(): this {
    return this.withNamespace(undefined);
  }

  protected withNamespace(ns: string | undefined): this {
    const Ctor = this.constructor as new (http: HttpClient, info: ResourceInfo, ns?: string) => this;
    return new Ctor(this.http, this.info, ns);
  }

  /** Sets apiVersion/kind where the server left them out (list items). */
  readonly decorate = (obj: T): T => {
    if (obj && typeof obj === "object" && obj.kind === undefined) {
      obj.apiVersion = this.apiVersion;
      obj.kind = this.info.kind;
    }
    return obj;
  };

  path(name?: string, subresource?: string, ns: string | undefined = this.ns): string {
    if (name !== undefined && this.info.namespaced && !ns) {
      throw new Error(`a namespace is required to address ${this.info.plural} "${name}"`);
    }
    return resourcePath(this.info, ns, name, subresource);
  }

  private nsOf(obj: KubeObject): string | undefined {
    return this.ns ?? obj.metadata?.namespace;
  }

  private nameOf(obj: KubeObject): string {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`${this.info.kind} has no metadata.name`);
    return name;
  }

  private send<R>(req: HttpRequest): Promise<R> {
    return this.http.json<R>(req);
  }

  async get(name: string, opts: GetOptions = {}): Promise<T> {
    const req: HttpRequest = { method: "GET", path: this.path(name), query: { resourceVersion: opts.resourceVersion } };
    if (opts.signal) req.signal = opts.signal;
    return this.decorate(await this.send<T>(req));
  }

  async list(opts: ListOptions = {}): Promise<KubeList<T>> {
    const req: HttpRequest = { method: "GET", path: this.path(), query: listQuery(opts) };
    if (opts.signal) req.signal = opts.signal;
    const list = await this.send<KubeList<T>>(req);
    list.items ??= [];
    for (const item of list.items) this.decorate(item);
    return list;
  }

  /**
   * Lists every page (limit/continue) and returns one list with the first page's
   * resourceVersion (all pages come from the same snapshot).
   */
  async listAll(opts: ListOptions = {}, pageSize = 500): Promise<KubeList<T>> {
    const first = await this.list({ ...opts, limit: opts.limit ?? pageSize });
    const { resourceVersion: _rv, resourceVersionMatch: _rvm, ...rest } = opts;
    let page = first;
    while (page.metadata?.continue) {
      page = await this.list({ ...rest, limit: opts.limit ?? pageSize, continue: page.metadata.continue });
      for (const item of page.items) first.items.push(item);
    }
    delete first.metadata.continue;
    delete first.metadata.remainingItemCount;
    return first;
  }

  /** Opens a watch; resolves once the server has accepted it (headers received). */
  async watch(opts: WatchOptions = {}): Promise<WatchStream<T>> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const resp = await this.http.request({
        method: "GET",
        path: this.path(),
        query: watchQuery(opts),
        signal: controller.signal,
        stream: true,
      });
      return new JsonLinesWatch<T>(resp.body, controller, this.decorate, () => opts.signal?.removeEventListener("abort", onAbort));
    } catch (err) {
      opts.signal?.removeEventListener("abort", onAbort);
      throw err;
    }
  }

  async create(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.write("POST", this.path(undefined, undefined, this.nsOf(obj)), obj, opts);
  }

  async update(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.write("PUT", this.path(this.nameOf(obj), undefined, this.nsOf(obj)), obj, opts);
  }

  /** PUT to the status subresource: the server keeps everything but status. */
  async updateStatus(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.write("PUT", this.path(this.nameOf(obj), "status", this.nsOf(obj)), obj, opts);
  }

  private async write(method: "POST" | "PUT", path: string, body: unknown, opts: WriteOptions): Promise<T> {
    const req: HttpRequest = { method, path, body, query: writeQuery(opts) };
    if (opts.signal) req.signal = opts.signal;
    return this.decorate(await this.send<T>(req));
  }

  /**
   * PATCH with any of the four types (default merge). For "apply" the body is the
   * applied configuration (an object, sent as JSON, which is valid YAML).
   */
  async patch(name: string, body: unknown, opts: PatchOptions & { subresource?: string } = {}): Promise<T> {
    const type = opts.type ?? "merge";
    if (type === "apply" && !opts.fieldManager) throw new Error("fieldManager is required for apply patch");
    const req: HttpRequest = {
      method: "PATCH",
      path: this.path(name, opts.subresource),
      body: typeof body === "string" ? body : JSON.stringify(body),
      contentType: PATCH_CONTENT_TYPES[type],
      query: { ...writeQuery(opts), force: type === "apply" && opts.force !== undefined ? String(opts.force) : undefined },
    };
    if (opts.signal) req.signal = opts.signal;
    return this.decorate(await this.send<T>(req));
  }

  /** Server-side apply of a full or partial object (creates it when missing). */
  apply(obj: T, opts: Omit<PatchOptions, "type"> & { fieldManager: string }): Promise<T> {
    const path = this.path(this.nameOf(obj), undefined, this.nsOf(obj));
    const req: HttpRequest = {
      method: "PATCH",
      path,
      body: objectJson(obj),
      contentType: PATCH_CONTENT_TYPES.apply,
      query: { ...writeQuery(opts), force: opts.force !== undefined ? String(opts.force) : undefined },
    };
    if (opts.signal) req.signal = opts.signal;
    return this.send<T>(req).then(this.decorate);
  }

  /** DELETE; resolves with the object (still terminating, or as deleted) or a Success Status. */
  async delete(name: string, opts: DeleteRequestOptions = {}): Promise<T | Status> {
    const req: HttpRequest = { method: "DELETE", path: this.path(name), body: deleteBody(opts) };
    if (opts.signal) req.signal = opts.signal;
    return this.send<T | Status>(req);
  }

  /** DELETE on the collection, filtered by the list options' selectors. */
  async deleteCollection(opts: DeleteRequestOptions & { listOptions?: ListOptions } = {}): Promise<KubeList<T> | Status> {
    const req: HttpRequest = { method: "DELETE", path: this.path(), body: deleteBody(opts), query: listQuery(opts.listOptions) };
    if (opts.signal) req.signal = opts.signal;
    return this.send<KubeList<T> | Status>(req);
  }

  getSubresource<R = unknown>(name: string, subresource: string, opts: GetOptions = {}): Promise<R> {
    const req: HttpRequest = { method: "GET", path: this.path(name, subresource) };
    if (opts.signal) req.signal = opts.signal;
    return this.send<R>(req);
  }

  /** POST to a subresource (binding, eviction). */
  createSubresource<R = unknown>(name: string, subresource: string, body: unknown, opts: WriteOptions = {}): Promise<R> {
    const req: HttpRequest = { method: "POST", path: this.path(name, subresource), body, query: writeQuery(opts) };
    if (opts.signal) req.signal = opts.signal;
    return this.send<R>(req);
  }

  /** PUT to a subresource (status, scale). */
  updateSubresource<R = unknown>(name: string, subresource: string, body: unknown, opts: WriteOptions = {}): Promise<R> {
    const req: HttpRequest = { method: "PUT", path: this.path(name, subresource), body, query: writeQuery(opts) };
    if (opts.signal) req.signal = opts.signal;
    return this.send<R>(req);
  }

  getScale(name: string, opts: GetOptions = {}): Promise<Scale> {
    return this.getSubresource<Scale>(name, "scale", opts);
  }

  updateScale(name: string, scale: Scale, opts: WriteOptions = {}): Promise<Scale> {
    return this.updateSubresource<Scale>(name, "scale", scale, opts);
  }
}

function deleteBody(opts: DeleteRequestOptions): DeleteOptions | undefined {
  const body: DeleteOptions = { apiVersion: "v1", kind: "DeleteOptions" };
  let any = false;
  for (const k of ["gracePeriodSeconds", "preconditions", "propagationPolicy", "orphanDependents"] as const) {
    if (opts[k] !== undefined) {
      (body as Record<string, unknown>)[k] = opts[k];
      any = true;
    }
  }
  if (opts.dryRun) {
    body.dryRun = ["All"];
    any = true;
  }
  return any ? body : undefined;
}
