/**
 * A small in-memory Kubernetes API over plain HTTP (Bun.serve) for the client's unit
 * tests: list/watch as JSON lines with resourceVersions, 410 after compact(),
 * bookmarks, sendInitialEvents, create/update/patch(merge, json)/delete with
 * upstream Status errors, a few subresources, and fault injection.
 */
import type { KubeObject, Status } from "../../../src/api/meta/index.ts";
import { parseSelector } from "../../../src/api/labels/index.ts";
import { groupVersion, type ResourceInfo, resourceFor } from "../../../src/api/resources.ts";
import type { RestConfig } from "../../../src/client/config/rest-config.ts";

type Obj = KubeObject;

interface HistoryEntry {
  rev: number;
  type: "ADDED" | "MODIFIED" | "DELETED";
  ri: ResourceInfo;
  obj: Obj;
}

interface Watcher {
  ri: ResourceInfo;
  ns: string | undefined;
  matches: (o: Obj) => boolean;
  send: (line: string) => void;
  bookmarks: boolean;
  close: () => void;
}

export interface Fault {
  code: number;
  retryAfter?: string;
  body?: string;
  /** Only requests whose "METHOD path?query" matches. */
  match?: RegExp;
}

export interface FakeApiServerOptions {
  /** How a too-old watch resourceVersion is answered (default "event", as the real apiserver). */
  expiredAs?: "status" | "event";
  /** sendInitialEvents support: "support" (default), "reject" (400), "ignore" (plain watch semantics). */
  watchList?: "support" | "reject" | "ignore";
  token?: string;
}

export interface RequestLog {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
}

const status = (code: number, reason: string, message: string, details?: Status["details"]): Status => {
  const s: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) s.details = details;
  return s;
};

const json = (body: unknown, code = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: code, headers: { "Content-Type": "application/json", ...headers } });

const clone = <T>(o: T): T => structuredClone(o);

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === "object" && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function jsonPatch(doc: Obj, ops: { op: string; path: string; value?: unknown }[]): Obj {
  const out = clone(doc) as unknown as Record<string, unknown>;
  for (const op of ops) {
    const parts = op.path.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = parts.pop() as string;
    let cur: Record<string, unknown> = out;
    for (const p of parts) cur = cur[p] as Record<string, unknown>;
    if (op.op === "remove") delete cur[last];
    else if (op.op === "add" || op.op === "replace") {
      if (Array.isArray(cur) && last === "-") (cur as unknown[]).push(op.value);
      else cur[last] = op.value;
    } else if (op.op === "test") {
      if (JSON.stringify(cur[last]) !== JSON.stringify(op.value)) throw new Error("test failed");
    }
  }
  return out as unknown as Obj;
}

export class FakeApiServer {
  readonly objects = new Map<string, Obj>();
  readonly history: HistoryEntry[] = [];
  readonly requests: RequestLog[] = [];
  rev = 1;
  compactedRev = 0;
  private watchers = new Set<Watcher>();
  private faults: Fault[] = [];
  private server: ReturnType<typeof Bun.serve>;
  private uid = 0;

  constructor(readonly opts: FakeApiServerOptions = {}, port = 0) {
    this.server = Bun.serve({ port, hostname: "127.0.0.1", idleTimeout: 0, fetch: (req) => this.handle(req) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  get port(): number {
    return this.server.port as number;
  }

  config(extra: Partial<RestConfig> = {}): RestConfig {
    const cfg: RestConfig = { host: this.url, qps: -1, ...extra };
    if (this.opts.token) cfg.bearerToken = this.opts.token;
    return cfg;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** The next n requests (matching f.match) answer f instead. */
  fail(n: number, f: Fault): void {
    for (let i = 0; i < n; i++) this.faults.push(f);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Forgets history up to the current revision: older watches get 410. */
  compact(): void {
    this.compactedRev = this.rev;
    this.history.length = 0;
  }

  /** Sends a BOOKMARK at the current revision to every watcher that allowed them. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      w.send(JSON.stringify({ type: "BOOKMARK", object: { kind: w.ri.kind, apiVersion: groupVersion(w.ri), metadata: { resourceVersion: String(this.rev) } } }));
    }
  }

  /** Ends every open watch as a server timeout would. */
  closeWatches(): void {
    for (const w of [...this.watchers]) w.close();
  }

  stop(): void {
    this.closeWatches();
    this.server.stop(true);
  }

  private key(ri: ResourceInfo, ns: string | undefined, name: string): string {
    return `${groupVersion(ri)}/${ri.plural}/${ri.namespaced ? ns ?? "" : ""}/${name}`;
  }

  /** Writes directly (as another client would), emitting the watch event. */
  put(ri: ResourceInfo, obj: Obj): Obj {
    const ns = ri.namespaced ? obj.metadata.namespace ?? "default" : undefined;
    const k = this.key(ri, ns, obj.metadata.name as string);
    const prev = this.objects.get(k);
    const stored = clone(obj);
    stored.apiVersion = groupVersion(ri);
    stored.kind = ri.kind;
    if (ns) stored.metadata.namespace = ns;
    stored.metadata.uid = prev?.metadata.uid ?? stored.metadata.uid ?? `uid-${++this.uid}`;
    stored.metadata.creationTimestamp = prev?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
    stored.metadata.resourceVersion = String(++this.rev);
    this.objects.set(k, stored);
    this.emit(prev ? "MODIFIED" : "ADDED", ri, stored);
    return clone(stored);
  }

  remove(ri: ResourceInfo, ns: string | undefined, name: string): Obj | undefined {
    const k = this.key(ri, ns, name);
    const prev = this.objects.get(k);
    if (!prev) return undefined;
    this.objects.delete(k);
    const gone = clone(prev);
    gone.metadata.resourceVersion = String(++this.rev);
    this.emit("DELETED", ri, gone);
    return gone;
  }

  list(ri: ResourceInfo, ns?: string): Obj[] {
    const prefix = `${groupVersion(ri)}/${ri.plural}/`;
    const out: Obj[] = [];
    for (const [k, o] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      if (ns !== undefined && o.metadata.namespace !== ns) continue;
      out.push(clone(o));
    }
    return out;
  }

  private emit(type: HistoryEntry["type"], ri: ResourceInfo, obj: Obj): void {
    this.history.push({ rev: this.rev, type, ri, obj: clone(obj) });
    const line = JSON.stringify({ type, object: obj });
    for (const w of this.watchers) {
      if (w.ri === ri && (w.ns === undefined || w.ns === obj.metadata.namespace) && w.matches(obj)) w.send(line);
    }
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const body = req.method === "GET" ? "" : await req.text();
    this.requests.push({ method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers, body });
    const sig = `${req.method} ${url.pathname}${url.search}`;
    const fi = this.faults.findIndex((f) => !f.match || f.match.test(sig));
    if (fi >= 0) {
      const f = this.faults.splice(fi, 1)[0] as Fault;
      const headers: Record<string, string> = f.retryAfter ? { "Retry-After": f.retryAfter } : {};
      if (f.body !== undefined) return new Response(f.body, { status: f.code, headers });
      return json(status(f.code, f.code === 429 ? "TooManyRequests" : f.code >= 500 ? "InternalError" : "BadRequest", `injected ${f.code}`), f.code, headers);
    }
    if (this.opts.token && req.headers.get("Authorization") !== `Bearer ${this.opts.token}`) {
      return json(status(401, "Unauthorized", "Unauthorized"), 401);
    }
    if (url.pathname === "/version") return json({ major: "1", minor: "34", gitVersion: "v1.34.0" });
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(url.pathname);
    const group = m?.[2] ?? "";
    const version = m?.[1] ?? m?.[3] ?? "";
    const ri = m ? resourceFor(group, version, m[5] as string) : undefined;
    if (!m || !ri) return json(status(404, "NotFound", "the server could not find the requested resource"), 404);
    const ns = m[4];
    const name = m[6] !== undefined ? decodeURIComponent(m[6]) : undefined;
    const sub = m[7];
    try {
      if (name === undefined) return this.collection(req.method, ri, ns, url.searchParams, body);
      return this.item(req.method, ri, ns, name, sub, url.searchParams, body, req.headers.get("Content-Type") ?? "");
    } catch (e) {
      if (e instanceof Response) return e;
      return json(status(500, "InternalError", String(e)), 500);
    }
  }

  private matcher(q: URLSearchParams): (o: Obj) => boolean {
    const sel = parseSelector(q.get("labelSelector") ?? "");
    const fields = (q.get("fieldSelector") ?? "").split(",").filter(Boolean).map((f) => f.split("=") as [string, string]);
    return (o) => {
      if (!sel.matches(o.metadata.labels)) return false;
      for (const [f, v] of fields) {
        const actual = f === "metadata.name" ? o.metadata.name : f === "metadata.namespace" ? o.metadata.namespace : undefined;
        if (actual !== v) return false;
      }
      return true;
    };
  }

  private collection(method: string, ri: ResourceInfo, ns: string | undefined, q: URLSearchParams, body: string): Response {
    if (method === "GET" && q.get("watch") === "true") return this.watch(ri, ns, q);
    if (method === "GET") {
      const match = this.matcher(q);
      let items = this.list(ri, ns).filter(match).sort((a, b) => this.sortKey(a).localeCompare(this.sortKey(b)));
      const limit = Number(q.get("limit") ?? 0);
      let listRev = this.rev;
      const cont = q.get("continue");
      if (cont) {
        const { rev, after } = JSON.parse(atob(cont)) as { rev: number; after: string };
        if (rev < this.compactedRev) throw json(status(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."), 410);
        listRev = rev;
        items = items.filter((o) => this.sortKey(o) > after);
      }
      const metadata: Record<string, unknown> = { resourceVersion: String(listRev) };
      if (limit > 0 && items.length > limit) {
        items = items.slice(0, limit);
        metadata.continue = btoa(JSON.stringify({ rev: listRev, after: this.sortKey(items[items.length - 1] as Obj) }));
      }
      // real list items carry no apiVersion/kind
      for (const it of items) {
        delete it.apiVersion;
        delete it.kind;
      }
      return json({ kind: ri.listKind, apiVersion: groupVersion(ri), metadata, items });
    }
    if (method === "POST") {
      const obj = JSON.parse(body) as Obj;
      obj.metadata ??= {};
      if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + Math.random().toString(36).slice(2, 7);
      if (ns) obj.metadata.namespace = ns;
      const k = this.key(ri, ns, obj.metadata.name as string);
      if (this.objects.has(k)) {
        return json(status(409, "AlreadyExists", `${ri.plural} "${obj.metadata.name}" already exists`, { name: obj.metadata.name as string, kind: ri.plural }), 409);
      }
      delete obj.metadata.resourceVersion;
      return json(this.put(ri, obj), 201);
    }
    if (method === "DELETE") {
      const match = this.matcher(q);
      for (const o of this.list(ri, ns).filter(match)) this.remove(ri, o.metadata.namespace, o.metadata.name as string);
      return json({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 200 });
    }
    return json(status(405, "MethodNotAllowed", "method not allowed"), 405);
  }

  private sortKey(o: Obj): string {
    return `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  }

  private notFound(ri: ResourceInfo, name: string): Response {
    return json(status(404, "NotFound", `${ri.plural} "${name}" not found`, { name, kind: ri.plural }), 404);
  }

  private item(method: string, ri: ResourceInfo, ns: string | undefined, name: string, sub: string | undefined, q: URLSearchParams, body: string, ctype: string): Response {
    const k = this.key(ri, ns, name);
    const cur = this.objects.get(k);
    if (sub === "log" && method === "GET") {
      if (!cur) return this.notFound(ri, name);
      return new Response(`log of ${name}${q.get("container") ? `/${q.get("container")}` : ""}\nline 2\n`, { headers: { "Content-Type": "text/plain" } });
    }
    if (sub === "binding" && method === "POST") {
      if (!cur) return this.notFound(ri, name);
      const b = JSON.parse(body) as { target: { name: string } };
      const next = clone(cur);
      (next as Record<string, unknown>).spec = { ...((cur.spec as object) ?? {}), nodeName: b.target.name };
      this.put(ri, next);
      return json({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 }, 201);
    }
    if (sub === "eviction" && method === "POST") {
      if (!this.remove(ri, ns, name)) return this.notFound(ri, name);
      return json({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 }, 201);
    }
    if (sub === "scale") {
      if (!cur) return this.notFound(ri, name);
      if (method === "PUT") {
        const sc = JSON.parse(body) as { spec: { replicas: number } };
        const next = clone(cur);
        (next as Record<string, unknown>).spec = { ...((cur.spec as object) ?? {}), replicas: sc.spec.replicas };
        this.put(ri, next);
      }
      const o = this.objects.get(k) as Obj;
      return json({ kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name, namespace: ns, resourceVersion: o.metadata.resourceVersion }, spec: { replicas: (o.spec as { replicas?: number })?.replicas ?? 0 }, status: { replicas: 0 } });
    }
    switch (method) {
      case "GET":
        return cur ? json(cur) : this.notFound(ri, name);
      case "PUT": {
        if (!cur) return this.notFound(ri, name);
        const obj = JSON.parse(body) as Obj;
        if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) {
          return json(status(409, "Conflict", `Operation cannot be fulfilled on ${ri.plural}${ri.group ? "." + ri.group : ""} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, kind: ri.plural }), 409);
        }
        let next: Obj;
        if (sub === "status") {
          next = clone(cur);
          (next as Record<string, unknown>).status = (obj as Record<string, unknown>).status;
        } else {
          next = obj;
          if ("status" in cur) (next as Record<string, unknown>).status = cur.status;
          else delete (next as Record<string, unknown>).status;
        }
        return json(this.put(ri, next));
      }
      case "PATCH": {
        if (ctype.startsWith("application/apply-patch")) {
          const applied = JSON.parse(body) as Obj;
          return json(this.put(ri, cur ? (mergePatch(cur, applied) as Obj) : { ...applied, metadata: { ...applied.metadata, namespace: ns } as Obj["metadata"] }), cur ? 200 : 201);
        }
        if (!cur) return this.notFound(ri, name);
        let next: Obj;
        if (ctype.startsWith("application/json-patch+json")) {
          try {
            next = jsonPatch(cur, JSON.parse(body));
          } catch (e) {
            return json(status(422, "Invalid", String(e)), 422);
          }
        } else next = mergePatch(cur, JSON.parse(body)) as Obj;
        const want = (JSON.parse(body) as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
        if (!Array.isArray(JSON.parse(body)) && want && want !== cur.metadata.resourceVersion) {
          return json(status(409, "Conflict", "the object has been modified"), 409);
        }
        return json(this.put(ri, next));
      }
      case "DELETE": {
        const gone = this.remove(ri, ns, name);
        return gone ? json(gone) : this.notFound(ri, name);
      }
    }
    return json(status(405, "MethodNotAllowed", "method not allowed"), 405);
  }

  private watch(ri: ResourceInfo, ns: string | undefined, q: URLSearchParams): Response {
    const rvParam = q.get("resourceVersion") ?? "";
    const initial = q.get("sendInitialEvents") === "true";
    const mode = this.opts.watchList ?? "support";
    if (initial && mode === "reject") return json(status(400, "BadRequest", "sendInitialEvents is not supported"), 400);
    const useInitial = initial && mode === "support";
    const rv = Number(rvParam || 0);
    const expired = rvParam !== "" && rvParam !== "0" && !useInitial && rv < this.compactedRev;
    if (expired && (this.opts.expiredAs ?? "event") === "status") {
      return json(status(410, "Expired", `too old resource version: ${rv} (${this.compactedRev})`), 410);
    }
    const matches = this.matcher(q);
    const timeout = Number(q.get("timeoutSeconds") ?? 0);
    const enc = new TextEncoder();
    let ctl!: ReadableStreamDefaultController<Uint8Array>;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watcher: Watcher = {
      ri,
      ns,
      matches,
      bookmarks: q.get("allowWatchBookmarks") === "true",
      send: (line) => {
        try {
          ctl.enqueue(enc.encode(line + "\n"));
        } catch {
          this.watchers.delete(watcher);
        }
      },
      close: () => {
        this.watchers.delete(watcher);
        if (timer) clearTimeout(timer);
        try {
          ctl.close();
        } catch {
          // already closed
        }
      },
    };
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        ctl = c;
        // Bun.serve sends the headers with the first chunk: flush them now, as the real apiserver does.
        c.enqueue(enc.encode("\n"));
        if (expired) {
          watcher.send(JSON.stringify({ type: "ERROR", object: status(410, "Expired", `too old resource version: ${rv} (${this.compactedRev})`) }));
          c.close();
          return;
        }
        if (rvParam === "" || rvParam === "0" || useInitial) {
          for (const o of this.list(ri, ns).filter(matches)) watcher.send(JSON.stringify({ type: "ADDED", object: o }));
          if (useInitial) {
            watcher.send(JSON.stringify({ type: "BOOKMARK", object: { kind: ri.kind, apiVersion: groupVersion(ri), metadata: { resourceVersion: String(this.rev), annotations: { "k8s.io/initial-events-end": "true" } } } }));
          }
        } else {
          for (const h of this.history) {
            if (h.rev > rv && h.ri === ri && (ns === undefined || h.obj.metadata.namespace === ns) && matches(h.obj)) {
              watcher.send(JSON.stringify({ type: h.type, object: h.obj }));
            }
          }
        }
        this.watchers.add(watcher);
        if (timeout > 0) timer = setTimeout(() => watcher.close(), timeout * 1000);
      },
      cancel: () => {
        this.watchers.delete(watcher);
        if (timer) clearTimeout(timer);
      },
    });
    return new Response(stream, { headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" } });
  }
}

export function podInfo(): ResourceInfo {
  return resourceFor("", "v1", "pods") as ResourceInfo;
}

export function pod(name: string, ns = "default", labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): Obj {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns, labels }, spec: { containers: [{ name: "c", image: "busybox" }] }, ...extra };
}
