/**
 * Resource requests under /api/v1 and /apis/G/V: resolves the resource, checks scope,
 * subresource and verb, authorizes, and runs the verb against the resource's registry.
 */
import type { DeleteOptions, KubeObject } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { Authorizer } from "../filters/authz.ts";
import type { UserInfo } from "../filters/user.ts";
import { negotiateRendering } from "../http/accept.ts";
import { decodeBody, patchTypeOf, readBodyBytes, readBodyDocument, readBodyText } from "../http/body.ts";
import { parseListParams, parseWriteParams } from "../http/query.ts";
import type { ResourceRequest } from "../http/request-info.ts";
import { appendHeader, formatWarning, json, jsonText, successStatus, type ResponseExtras } from "../http/respond.ts";
import { errors } from "../http/status.ts";
import { deleteObject, validateDeleteOptions } from "../registry/delete.ts";
import { getObject, listObjects } from "../registry/reads.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import type { RequestScope } from "../registry/scope.ts";
import { renderList, renderObject, renderWritten, type RenderOptions } from "../render/render.ts";
import { Predicate } from "../watchcache/predicate.ts";
import type { CachedObject } from "../watchcache/cached-object.ts";
import { applyPatch } from "./apply.ts";
import { patchObject } from "./patch.ts";
import { bindPod } from "./pod-actions.ts";
import { evictPod } from "./eviction.ts";
import { patchScale, scaleOf, writeScale } from "./scale.ts";
import { proxySubresource } from "./proxy.ts";
import type { KubeletProxyOptions } from "../streams/kubelet-proxy.ts";
import { serveWatch, type WatchLimits, type WatchStats } from "./watch.ts";
import { selfSubjectReview, tokenRequest, tokenReview } from "./authentication.ts";
import { localSubjectAccessReview, selfSubjectAccessReview, selfSubjectRulesReview, subjectAccessReview } from "./authorization.ts";
import type { TokenAuthenticator } from "../filters/authn.ts";
import type { ServiceAccountTokens, UidLookup } from "../serviceaccount/tokens.ts";
import { jsonClone } from "../util/clone.ts";
import { METRICS_GROUP, serveResourceMetrics, type MetricsStorage } from "../resourcemetrics/index.ts";
import { proxyToBackend, type BackendClient } from "../apiservices/backend.ts";
import { abortSignalOf } from "../http/request-signal.ts";

/** Serves pods/log, exec, attach and portforward by reaching the pod's kubelet. */
export type StreamProxy = (req: Request, pod: KubeObject, subresource: string, url: URL) => Promise<Response>;

export interface ResourceDeps {
  registries: RegistrySet;
  /** Service-account tokens (serviceaccounts/token); absent: that subresource is not served. */
  tokens?: { issuer: ServiceAccountTokens; lookup: UidLookup; fixed: TokenAuthenticator };
  authorizer: Authorizer;
  watchLimits: WatchLimits;
  watchStats: WatchStats;
  streams?: StreamProxy;
  /** How the apiserver reaches kubelets, for nodes/proxy. */
  kubelet?: KubeletProxyOptions;
  /** How aggregated API servers are reached; absent: APIServices are not proxied to. */
  aggregator?: BackendClient;
  /** Samples of the kubelets' summaries, for metrics.k8s.io; absent: that API lists nothing. */
  resourceMetrics?: MetricsStorage;
}

const STREAM_SUBRESOURCES = new Set(["log", "exec", "attach", "portforward", "proxy"]);

/** Upstream's default field manager: the client's executable name from its User-Agent. */
function managerFromUserAgent(ua: string | null): string {
  if (!ua) return "unknown";
  const slash = ua.indexOf("/");
  const m = (slash < 0 ? ua : ua.slice(0, slash)).trim();
  return m.slice(0, 128) || "unknown";
}

function extrasFor(scope: RequestScope): ResponseExtras | undefined {
  return scope.warnings.length > 0 ? { warnings: scope.warnings } : undefined;
}

function deleteOptionsFrom(url: URL, body: Record<string, unknown> | undefined): DeleteOptions {
  const opts: DeleteOptions = (body as DeleteOptions | undefined) ?? {};
  const q = url.searchParams;
  const grace = q.get("gracePeriodSeconds");
  if (grace !== null && opts.gracePeriodSeconds === undefined) opts.gracePeriodSeconds = Number(grace);
  const pp = q.get("propagationPolicy");
  if (pp !== null && opts.propagationPolicy === undefined) opts.propagationPolicy = pp as NonNullable<DeleteOptions["propagationPolicy"]>;
  const od = q.get("orphanDependents");
  if (od !== null && opts.orphanDependents === undefined) opts.orphanDependents = od === "true";
  if (opts.gracePeriodSeconds !== undefined && !Number.isInteger(opts.gracePeriodSeconds)) throw errors.badRequest("gracePeriodSeconds must be an integer");
  return opts;
}

/** DeleteOptions may carry dryRun in the body (kubectl does), not only in the query. */
function applyBodyDryRun(scope: RequestScope, opts: DeleteOptions): void {
  for (const d of opts.dryRun ?? []) {
    if (d !== "All" && d !== "") throw errors.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
    if (d === "All") scope.dryRun = true;
  }
}

async function readDeleteBody(req: Request): Promise<Record<string, unknown> | undefined> {
  const bytes = await readBodyBytes(req);
  if (bytes.length === 0 || new TextDecoder().decode(bytes).trim() === "") return undefined;
  const body = decodeBody(bytes, req.headers.get("content-type"));
  delete body["apiVersion"];
  delete body["kind"];
  return body;
}

export async function handleResourceRequest(req: Request, url: URL, rr: ResourceRequest, user: UserInfo, deps: ResourceDeps): Promise<Response> {
  const aggregated = deps.aggregator && rr.group !== "" ? deps.registries.catalog.aggregatedFor(rr.group, rr.version) : undefined;
  if (aggregated) {
    // the whole group version belongs to the aggregated server: authorized here, answered there
    await authorize(deps, user, rr.verb, { group: rr.group, version: rr.version, plural: rr.resource, namespaced: rr.namespace !== "" }, rr, url);
    return proxyToBackend(req, url, user, aggregated, deps.aggregator!);
  }
  const ri = deps.registries.catalog.resourceFor(rr.group, rr.version, rr.resource);
  if (!ri) throw errors.noRoute();
  const deprecation = ri.custom?.deprecationWarning;
  if (deprecation === undefined) return handleResource(req, url, rr, user, deps, ri);
  const res = await handleResource(req, url, rr, user, deps, ri);
  appendHeader(res, "warning", formatWarning(deprecation));
  return res;
}

/** Asks the authorizer; a refusal is upstream's Forbidden. */
async function authorize(deps: ResourceDeps, user: UserInfo, verb: string, ri: Pick<ResourceInfo, "group" | "version" | "plural" | "namespaced">, rr: ResourceRequest, url: URL): Promise<void> {
  const { namespace, name, subresource } = rr;
  const decision = await deps.authorizer.authorize({
    user,
    verb,
    resourceRequest: true,
    group: ri.group,
    version: ri.version,
    resource: ri.plural,
    subresource,
    namespace,
    name,
    path: url.pathname,
  });
  if (!decision.allowed) {
    const sub = subresource ? `/${subresource}` : "";
    throw errors.forbidden({ group: ri.group, resource: ri.plural + sub }, name, `User "${user.name}" cannot ${verb} resource "${ri.plural}${sub}" in API group "${ri.group}"${namespace ? ` in the namespace "${namespace}"` : ri.namespaced ? "" : " at the cluster scope"}${decision.reason ? `: ${decision.reason}` : ""}`);
  }
}

async function handleResource(req: Request, url: URL, rr: ResourceRequest, user: UserInfo, deps: ResourceDeps, ri: ResourceInfo): Promise<Response> {
  const { namespace, name, subresource } = rr;
  if (ri.namespaced && namespace === "" && (name !== "" || rr.verb === "create" || rr.verb === "deletecollection")) throw errors.noRoute();
  if (!ri.namespaced && namespace !== "") throw errors.noRoute();
  const isFinalize = subresource === "finalize" && ri.group === "" && ri.plural === "namespaces";
  if (subresource !== "" && !isFinalize && !(ri.subresources as readonly string[] | undefined)?.includes(subresource)) throw errors.noRoute();
  if (subresource !== "" && name === "") throw errors.noRoute();
  let verb = rr.verb;
  if (subresource === "" && verb !== "connect") {
    const v = verb === "watch" ? "watch" : verb;
    if (!(ri.verbs as readonly string[]).includes(v)) {
      if (verb === "watch" && (ri.verbs as readonly string[]).includes("list")) {
        // every listable resource is watchable
      } else throw errors.methodNotSupported({ group: ri.group, resource: ri.plural }, verb);
    }
  }
  if (STREAM_SUBRESOURCES.has(subresource)) verb = rr.verb === "get" ? "get" : "create";
  await authorize(deps, user, verb, ri, rr, url);
  if (ri.group === "authorization.k8s.io") return authorizationReview(req, ri.plural, namespace, user, deps.authorizer);
  if (ri.group === METRICS_GROUP) return serveResourceMetrics(req, url, ri, rr, { registries: deps.registries, ...(deps.resourceMetrics ? { storage: deps.resourceMetrics } : {}) });
  if (ri.group === "authentication.k8s.io" && ri.plural === "selfsubjectreviews") {
    if (req.method !== "POST") throw errors.methodNotAllowed();
    return selfSubjectReview(user);
  }
  if (ri.group === "authentication.k8s.io" && ri.plural === "tokenreviews") {
    if (req.method !== "POST") throw errors.methodNotAllowed();
    if (!deps.tokens) throw errors.noRoute();
    return tokenReview(await readObjectBody(req), deps.tokens.fixed, deps.tokens.issuer, Date.now());
  }
  const reg = deps.registries.registry(ri);
  if (!reg) throw errors.noRoute();
  if (subresource === "proxy") return proxySubresource(req, url, ri, namespace, name, deps);
  if (STREAM_SUBRESOURCES.has(subresource)) return streamSubresource(req, url, reg, namespace, name, subresource, deps);

  const q = url.searchParams;
  const render: RenderOptions = { rendering: "object", includeObject: "" };
  const readVerb = rr.verb === "get" || rr.verb === "list" || rr.verb === "watch";
  if (readVerb || rr.verb === "create" || rr.verb === "update" || rr.verb === "patch" || rr.verb === "delete") {
    render.rendering = negotiateRendering(req.headers.get("accept"));
    const inc = q.get("includeObject");
    if (inc === "None" || inc === "Metadata" || inc === "Object") render.includeObject = inc;
  }
  if (readVerb) return read(req, url, reg, ri, rr, render, deps);

  const scope: RequestScope = {
    user,
    now: new Date(),
    warnings: [],
    ...parseWriteParams(q, managerFromUserAgent(req.headers.get("user-agent"))),
  };
  if (ri.custom?.terminating() && rr.verb === "create") {
    const e = errors.methodNotSupported({ group: ri.group, resource: ri.plural }, "create");
    e.status.message = "create not allowed while custom resource definition is terminating";
    throw e;
  }
  switch (rr.verb) {
    case "create":
      return create(req, reg, ri, scope, namespace, name, subresource, render, deps);
    case "update":
      return update(req, reg, ri, scope, namespace, name, subresource, render);
    case "patch":
      return patch(req, url, reg, ri, scope, namespace, name, subresource, render);
    case "delete": {
      if (subresource !== "") throw errors.methodNotAllowed();
      const opts = deleteOptionsFrom(url, await readDeleteBody(req));
      validateDeleteOptions(opts);
      applyBodyDryRun(scope, opts);
      const out = await deleteObject(reg, scope, namespace, name, opts);
      if (out.deleted && !reg.strategy.returnDeletedObject) {
        const details: NonNullable<ReturnType<typeof successStatus>["details"]> = { name, kind: ri.plural };
        if (ri.group) details.group = ri.group;
        if (out.obj.metadata.uid) details.uid = out.obj.metadata.uid;
        return json(successStatus(details), 200, extrasFor(scope));
      }
      return jsonText(renderWritten(ri, out.obj, render), 200, extrasFor(scope));
    }
    case "deletecollection": {
      const opts = deleteOptionsFrom(url, await readDeleteBody(req));
      validateDeleteOptions(opts);
      applyBodyDryRun(scope, opts);
      const lp = parseListParams(q);
      const pred = Predicate.parse(ri, namespace, lp.labelSelector, lp.fieldSelector);
      const { items, resourceVersion } = await listObjects(reg, pred, { ...lp, limit: 0, continueToken: "", resourceVersion: "", resourceVersionMatch: "" });
      const deleted: KubeObject[] = [];
      for (const o of items) {
        try {
          deleted.push((await deleteObject(reg, scope, o.namespace, o.name, jsonClone(opts))).obj);
        } catch (e) {
          if ((e as { reason?: string }).reason !== "NotFound") throw e;
        }
      }
      // a built-in resource's list items carry no kind or apiVersion, as in its LIST
      const listed = ri.custom ? deleted : deleted.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
      return json({ kind: ri.listKind, apiVersion: reg.apiVersion, metadata: { resourceVersion: String(resourceVersion) }, items: listed }, 200, extrasFor(scope));
    }
    default:
      throw errors.methodNotAllowed();
  }
}

async function read(req: Request, url: URL, reg: ResourceRegistry, ri: ResourceInfo, rr: ResourceRequest, render: RenderOptions, deps: ResourceDeps): Promise<Response> {
  const params = parseListParams(url.searchParams);
  if (rr.subresource === "scale") {
    const o = await getObject(reg, rr.namespace, rr.name, params.resourceVersion);
    return json(scaleOf(ri, o.obj));
  }
  if (rr.subresource !== "" && rr.subresource !== "status" && !reg.strategy.specSubresources?.[rr.subresource]) throw errors.methodNotAllowed();
  if (rr.verb === "get") {
    const o = await getObject(reg, rr.namespace, rr.name, params.resourceVersion);
    return jsonText(renderObject(ri, o, render));
  }
  let fieldSelector = params.fieldSelector;
  if (rr.name !== "") fieldSelector = fieldSelector ? `${fieldSelector},metadata.name=${rr.name}` : `metadata.name=${rr.name}`;
  const pred = Predicate.parse(ri, rr.namespace, params.labelSelector, fieldSelector);
  if (rr.verb === "watch") return serveWatch(reg, ri, pred, params, render, abortSignalOf(req), deps.watchLimits, deps.watchStats);
  const res = await listObjects(reg, pred, params);
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(res.resourceVersion) };
  if (res.continueToken) meta.continue = res.continueToken;
  if (res.remainingItemCount !== undefined) meta.remainingItemCount = res.remainingItemCount;
  return jsonText(renderList(ri, res.items, meta, render));
}

/** The watch cache's copy of a write, when it already holds it (not for dry runs). */
function cachedCopy(reg: ResourceRegistry, obj: KubeObject, scope: RequestScope): CachedObject | undefined {
  if (scope.dryRun) return undefined;
  return reg.cache.get(reg.key(obj.metadata.namespace ?? "", obj.metadata.name ?? ""));
}

async function readObjectBody(req: Request): Promise<KubeObject> {
  return (await readBodyDocument(req)) as KubeObject;
}

async function create(req: Request, reg: ResourceRegistry, ri: ResourceInfo, scope: RequestScope, namespace: string, name: string, subresource: string, render: RenderOptions, deps: ResourceDeps): Promise<Response> {
  if (subresource === "binding") {
    const body = await readObjectBody(req);
    await bindPod(reg, scope, namespace, name, body as Parameters<typeof bindPod>[4]);
    return json({ ...successStatus(), code: 201 }, 201, extrasFor(scope));
  }
  if (subresource === "eviction") {
    const body = await readObjectBody(req);
    await evictPod(reg, deps.registries.registry({ group: "policy", plural: "poddisruptionbudgets" }), scope, namespace, name, body as Parameters<typeof evictPod>[5]);
    return json({ ...successStatus(), code: 201 }, 201, extrasFor(scope));
  }
  if (subresource === "token" && ri.group === "" && ri.plural === "serviceaccounts" && deps.tokens) {
    const body = await readObjectBody(req);
    return tokenRequest(body, deps.registries, namespace, name, deps.tokens.issuer, deps.tokens.lookup, scope.now);
  }
  if (name !== "" || subresource !== "") throw errors.methodNotAllowed();
  const body = await readObjectBody(req);
  // the body is this request's alone and only read after the write: the cache may keep it
  const res = await reg.create(scope, namespace, body, { handOver: true });
  return jsonText(renderWritten(ri, res.obj, render, cachedCopy(reg, res.obj, scope)), 201, extrasFor(scope));
}

async function update(req: Request, reg: ResourceRegistry, ri: ResourceInfo, scope: RequestScope, namespace: string, name: string, subresource: string, render: RenderOptions): Promise<Response> {
  if (name === "") throw errors.methodNotAllowed();
  if (subresource === "scale") {
    const scale = await readObjectBody(req);
    const res = await writeScale(reg, scope, namespace, name, () => scale);
    return json(res.obj, 200, extrasFor(scope));
  }
  const body = await readObjectBody(req);
  const rv = body.metadata?.resourceVersion;
  const res = await reg.update(scope, namespace, name, () => jsonClone(body), {
    subresource,
    allowCreate: subresource === "" && reg.strategy.allowCreateOnUpdate,
    retry: !rv,
  });
  return jsonText(renderWritten(ri, res.obj, render, cachedCopy(reg, res.obj, scope)), res.created ? 201 : 200, extrasFor(scope));
}

async function patch(req: Request, url: URL, reg: ResourceRegistry, ri: ResourceInfo, scope: RequestScope, namespace: string, name: string, subresource: string, render: RenderOptions): Promise<Response> {
  if (name === "") throw errors.methodNotAllowed();
  const type = patchTypeOf(req.headers.get("content-type"));
  if (ri.custom && type === "strategic") {
    // custom resources have no Go struct to read merge strategies from (upstream answers the same)
    throw errors.unsupportedMediaType("application/strategic-merge-patch+json", ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]);
  }
  const text = await readBodyText(req);
  if (subresource === "scale") {
    if (type === "apply") throw errors.unsupportedMediaType("application/apply-patch+yaml", ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"]);
    const res = await writeScale(reg, scope, namespace, name, patchScale(type, text));
    return json(res.obj, 200, extrasFor(scope));
  }
  if (type === "apply") {
    const res = await applyPatch(reg, scope, namespace, name, subresource, text, url.searchParams.has("fieldManager"));
    return jsonText(renderWritten(ri, res.obj, render), res.created ? 201 : 200, extrasFor(scope));
  }
  const res = await patchObject(reg, scope, namespace, name, subresource, type, text);
  return jsonText(renderWritten(ri, res.obj, render, cachedCopy(reg, res.obj, scope)), 200, extrasFor(scope));
}

/** The authorization.k8s.io reviews: POST only, nothing stored. */
async function authorizationReview(req: Request, plural: string, namespace: string, user: UserInfo, authorizer: Authorizer): Promise<Response> {
  if (req.method !== "POST") throw errors.methodNotAllowed();
  const body = await readObjectBody(req);
  switch (plural) {
    case "selfsubjectaccessreviews":
      return selfSubjectAccessReview(body, user, authorizer);
    case "selfsubjectrulesreviews":
      return selfSubjectRulesReview(body, user, authorizer);
    case "subjectaccessreviews":
      return subjectAccessReview(body, authorizer);
    case "localsubjectaccessreviews":
      return localSubjectAccessReview(body, namespace, authorizer);
  }
  throw errors.noRoute();
}

async function streamSubresource(req: Request, url: URL, reg: ResourceRegistry, namespace: string, name: string, subresource: string, deps: ResourceDeps): Promise<Response> {
  const pod = reg.getCached(namespace, name).obj;
  const nodeName = (pod["spec"] as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  if (!deps.streams) throw errors.serviceUnavailable(`pods/${subresource} is not available yet: this server has no connection to the kubelet of node "${nodeName}"`);
  return deps.streams(req, pod, subresource, url);
}
