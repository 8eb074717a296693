/**
 * The request pipeline, one stage after another: authentication, audit, authorization,
 * then the resource handler (admission, validation, registry, storage) or the
 * non-resource endpoints. Every error leaves as a Status with Content-Type
 * application/json.
 */
import type { Authenticator } from "../filters/authn.ts";
import { isPublicPath } from "../filters/authn.ts";
import type { AuditSink } from "../filters/audit.ts";
import type { Authorizer } from "../filters/authz.ts";
import { ANONYMOUS, type UserInfo } from "../filters/user.ts";
import { parseResourceRequest, splitApiPath, type ResourceRequest } from "../http/request-info.ts";
import { errorResponse } from "../http/respond.ts";
import { ApiError, errors, isApiError, statusFailure } from "../http/status.ts";
import type { ApiMetrics } from "../metrics/metrics.ts";
import { handleNonResource, type NonResourceDeps } from "../handlers/non-resource.ts";
import { handleResourceRequest, type ResourceDeps } from "../handlers/resource.ts";
import type { CertIdentity } from "../transport/peer-identity.ts";
import { logger } from "../../util/log.ts";

const log = logger("apiserver");

export interface InflightLimits {
  /** Concurrent read requests (get, list) before 429 (upstream --max-requests-inflight, 400). */
  readonly: number;
  /** Concurrent writes before 429 (upstream --max-mutating-requests-inflight, 200). */
  mutating: number;
}

export const DEFAULT_INFLIGHT: InflightLimits = { readonly: 400, mutating: 200 };

export interface PipelineDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  audit: AuditSink;
  metrics: ApiMetrics;
  resources: ResourceDeps;
  nonResource: NonResourceDeps;
  inflight?: InflightLimits;
}

const READ_VERBS = new Set(["get", "list"]);
const LONG_RUNNING = new Set(["watch", "connect"]);

const VERB_METRIC: Record<string, string> = {
  get: "GET",
  list: "LIST",
  watch: "WATCH",
  create: "POST",
  update: "PUT",
  patch: "PATCH",
  delete: "DELETE",
  deletecollection: "DELETE",
  connect: "CONNECT",
};

export class Pipeline {
  private nextId = 1;
  private readInflight = 0;
  private writeInflight = 0;
  private readonly limits: InflightLimits;

  constructor(private readonly deps: PipelineDeps) {
    this.limits = deps.inflight ?? DEFAULT_INFLIGHT;
  }

  /** `arrivedAt`: performance.now() when the request reached the server, if it waited since. */
  async handle(req: Request, cert: CertIdentity | undefined, arrivedAt?: number): Promise<Response> {
    const started = arrivedAt ?? performance.now();
    const url = new URL(req.url);
    let rr: ResourceRequest | undefined;
    let user: UserInfo = ANONYMOUS;
    let res: Response;
    try {
      const authenticated = this.deps.authenticator.authenticate(req, cert);
      const gv = splitApiPath(url.pathname);
      rr = gv ? parseResourceRequest(req.method, gv, url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1") : undefined;
      if (authenticated) user = authenticated;
      else if (req.headers.has("authorization") || !isPublicPath(url.pathname)) throw errors.unauthorized();
      if (rr && !LONG_RUNNING.has(rr.verb) && rr.subresource !== "log" && !user.groups.includes("system:masters")) {
        // max-in-flight filter; the admin (system:masters) is exempt, as upstream's exempt priority level
        const read = READ_VERBS.has(rr.verb);
        if (read ? this.readInflight >= this.limits.readonly : this.writeInflight >= this.limits.mutating) {
          throw errors.tooManyRequests("Too many requests, please try again later.", 1);
        }
        if (read) this.readInflight++;
        else this.writeInflight++;
        try {
          res = await handleResourceRequest(req, url, rr, user, this.deps.resources);
        } finally {
          if (read) this.readInflight--;
          else this.writeInflight--;
        }
      } else res = rr ? await handleResourceRequest(req, url, rr, user, this.deps.resources) : await this.nonResource(req, url, user);
    } catch (e) {
      if (!isApiError(e)) log.error("request failed", { method: req.method, path: url.pathname, err: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      res = errorResponse(e);
    }
    const seconds = (performance.now() - started) / 1000;
    const verb = rr ? (VERB_METRIC[rr.verb] ?? req.method) : req.method;
    this.deps.metrics.observe(verb, rr?.group ?? "", rr?.resource ?? "", rr?.subresource ?? "", res.status, seconds);
    const record = {
      requestId: this.nextId++,
      user,
      verb: rr?.verb ?? req.method.toLowerCase(),
      method: req.method,
      path: url.pathname,
      code: res.status,
      startedAt: Date.now() - seconds * 1000,
      durationMs: seconds * 1000,
    };
    if (rr) Object.assign(record, { resource: rr.resource, namespace: rr.namespace, name: rr.name });
    this.deps.audit.record(record);
    return res;
  }

  private async nonResource(req: Request, url: URL, user: UserInfo): Promise<Response> {
    if (user !== ANONYMOUS) {
      const d = await this.deps.authorizer.authorize({ user, verb: req.method.toLowerCase(), resourceRequest: false, group: "", version: "", resource: "", subresource: "", namespace: "", name: "", path: url.pathname });
      if (!d.allowed) throw new ApiError(statusFailure(403, "Forbidden", `forbidden: User "${user.name}" cannot ${req.method.toLowerCase()} path "${url.pathname}"`, {}));
    }
    const res = await handleNonResource(req, url, this.deps.nonResource);
    if (res) return res;
    throw errors.noRoute();
  }
}
