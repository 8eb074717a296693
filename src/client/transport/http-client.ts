/**
 * The HTTP layer under every typed client: one keep-alive connection pool per client
 * (a Bun FetchSession carrying the TLS identity), client-side rate limiting (token
 * bucket, RestConfig qps/burst), authentication headers, retries (see retry.ts), and
 * error answers turned into ApiError with the server's Status.
 */
import { objectJson } from "../../api/meta/object-json.ts";
import type { RestConfig } from "../config/rest-config.ts";
import { DEFAULT_BURST, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_RETRIES, DEFAULT_QPS } from "../config/rest-config.ts";
import { errorFromResponse } from "../errors.ts";
import { TokenBucket } from "../flowcontrol/token-bucket.ts";
import { sleep } from "../internal/clock.ts";
import { Semaphore } from "../internal/semaphore.ts";
import { authHeaderFor, type AuthHeader } from "./auth.ts";
import { retryAfterMs, retryBackoffMs, shouldRetryError, shouldRetryResponse } from "./retry.ts";
import { tlsOptionsFor } from "./tls.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type QueryValue = string | number | boolean | undefined | null;

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute path below the config's host, e.g. "/api/v1/namespaces/default/pods". */
  path: string;
  query?: Record<string, QueryValue | readonly string[]>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** The caller streams the body (watch, logs): no request timeout applies. */
  stream?: boolean;
}

/** Observes each finished attempt (for request metrics). code 0: transport error. */
export type RequestObserver = (info: { method: string; path: string; code: number; durationMs: number; retry: number }) => void;

export interface HttpClientOptions {
  /** Replaces the FetchSession (tests). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  onRequest?: RequestObserver;
}

export const DEFAULT_USER_AGENT = "kubun-client/0.1";

export class HttpClient {
  readonly limiter: TokenBucket;
  private readonly session: Bun.FetchSession | undefined;
  private readonly doFetch: (url: string, init: RequestInit) => Promise<Response>;
  private readonly auth: AuthHeader;
  private readonly base: string;
  private readonly maxRetries: number;
  /** Requests in flight (streams excepted), so bursts reuse the pooled connections. */
  readonly inFlight: Semaphore;

  constructor(
    readonly config: RestConfig,
    private readonly opts: HttpClientOptions = {},
  ) {
    const qps = config.qps ?? DEFAULT_QPS;
    this.limiter = new TokenBucket(qps < 0 ? 0 : qps, config.burst ?? DEFAULT_BURST);
    this.auth = authHeaderFor(config);
    this.base = config.unixSocket ? `http://localhost${new URL(config.host).pathname}`.replace(/\/+$/, "") : config.host.replace(/\/+$/, "");
    this.maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.inFlight = new Semaphore(Math.max(1, config.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT));
    if (opts.fetch) {
      this.doFetch = opts.fetch;
    } else {
      const tls = config.unixSocket ? undefined : tlsOptionsFor(config);
      const session = new Bun.FetchSession(tls ? { tls } : {});
      this.session = session;
      const unix = config.unixSocket;
      this.doFetch = unix
        ? (url, init) => {
            (init as BunFetchRequestInit).unix = unix;
            return session.fetch(url, init as BunFetchRequestInit);
          }
        : (url, init) => session.fetch(url, init as BunFetchRequestInit);
    }
  }

  url(path: string, query?: HttpRequest["query"]): string {
    let url = this.base + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
        else params.append(k, String(v));
      }
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  /** Sends the request; resolves with a 2xx Response, rejects with ApiError or a transport error. */
  async request(req: HttpRequest): Promise<Response> {
    if (req.stream) return this.send(req);
    await this.inFlight.acquire();
    try {
      return await this.send(req);
    } finally {
      this.inFlight.release();
    }
  }

  private async send(req: HttpRequest): Promise<Response> {
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = {
      Accept: req.accept ?? "application/json",
      "User-Agent": this.config.userAgent ?? DEFAULT_USER_AGENT,
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === "string" ? req.body : objectJson(req.body);
      headers["Content-Type"] = req.contentType ?? "application/json";
    }
    for (let attempt = 0; ; attempt++) {
      await this.limiter.accept(req.signal);
      const auth = this.auth();
      if (auth) headers.Authorization = auth;
      const signal = this.signalFor(req);
      const started = performance.now();
      let resp: Response;
      try {
        const init: RequestInit = { method: req.method, headers };
        if (body !== undefined) init.body = body;
        if (signal) init.signal = signal;
        resp = await this.doFetch(url, init);
      } catch (err) {
        this.observe(req, 0, started, attempt);
        if (req.signal?.aborted) throw err;
        if (attempt < this.maxRetries && shouldRetryError(req.method, err)) {
          await sleep(retryBackoffMs(attempt), req.signal);
          continue;
        }
        throw err;
      }
      this.observe(req, resp.status, started, attempt);
      if (resp.ok) return resp;
      const retryAfter = resp.headers.get("Retry-After");
      if (attempt < this.maxRetries && shouldRetryResponse(req.method, resp.status, retryAfter)) {
        await resp.body?.cancel().catch(() => {});
        await sleep(retryAfterMs(retryAfter) ?? retryBackoffMs(attempt), req.signal);
        continue;
      }
      const text = await resp.text().catch(() => "");
      const secs = retryAfter !== null && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) : undefined;
      throw errorFromResponse(resp.status, text, secs);
    }
  }

  /** request() and decode the JSON body. */
  async json<T>(req: HttpRequest): Promise<T> {
    // the slot is held until the body is read: the connection is busy until then
    if (!req.stream) await this.inFlight.acquire();
    let text: string;
    try {
      const resp = await this.send(req);
      text = await resp.text();
    } finally {
      if (!req.stream) this.inFlight.release();
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Closes idle pooled connections (in-flight requests finish). */
  close(): void {
    this.session?.close();
  }

  private signalFor(req: HttpRequest): AbortSignal | undefined {
    const timeout = !req.stream && this.config.timeoutMs ? AbortSignal.timeout(this.config.timeoutMs) : undefined;
    if (timeout && req.signal) return AbortSignal.any([req.signal, timeout]);
    return timeout ?? req.signal;
  }

  private observe(req: HttpRequest, code: number, started: number, retry: number): void {
    this.opts.onRequest?.({ method: req.method, path: req.path, code, durationMs: performance.now() - started, retry });
  }
}
