/**
 * Everything outside resource paths: version, health, metrics, discovery and OpenAPI.
 * Returns undefined when the path is none of these.
 */
import {
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from "../discovery/index.ts";
import { wantsOnlyProtobuf } from "../http/accept.ts";
import type { ResourceCatalog } from "../../api/resource-catalog.ts";
import { json, JSON_TYPE } from "../http/respond.ts";
import { errors } from "../http/status.ts";
import type { ApiMetrics } from "../metrics/metrics.ts";
import { openapiV3DocumentBytes, openapiV3IndexBytes } from "../openapi/index.ts";

export interface HealthCheck {
  name: string;
  check: () => boolean | string;
}

export interface NonResourceDeps {
  version: Record<string, unknown>;
  metrics: ApiMetrics;
  /** Checks behind /readyz (and /healthz); /livez only needs the process to answer. */
  readiness: HealthCheck[];
  liveness: HealthCheck[];
  /** The server's resources (built-in and custom) for discovery and OpenAPI; default the built-in ones. */
  catalog?: ResourceCatalog;
}

function wantsAggregated(accept: string | null): boolean {
  if (!accept) return false;
  for (const part of accept.split(",")) {
    const p = part.replace(/\s+/g, "");
    if (p.startsWith("application/json") && p.includes("as=APIGroupDiscoveryList") && p.includes("g=apidiscovery.k8s.io") && p.includes("v=v2") && !p.includes("v=v2beta1")) return true;
    if (p === "application/json" || p === "*/*") return false;
  }
  return false;
}

function health(checks: HealthCheck[], url: URL, which: string): Response {
  const results = checks.map((c) => {
    const r = c.check();
    return { name: c.name, ok: r === true, why: typeof r === "string" ? r : "" };
  });
  const failed = results.filter((r) => !r.ok);
  const verbose = url.searchParams.has("verbose");
  const single = url.pathname.split("/")[2];
  if (single) {
    const r = results.find((x) => x.name === single);
    if (!r) return new Response("404 page not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    return new Response(r.ok ? "ok" : `internal server error: ${r.why}\n`, { status: r.ok ? 200 : 500, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  if (!verbose && failed.length === 0) return new Response("ok", { headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" } });
  const lines = results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: ${r.why || "reason withheld"}`));
  lines.push(failed.length === 0 ? `${which} check passed` : `${which} check failed`);
  return new Response(lines.join("\n") + "\n", { status: failed.length === 0 ? 200 : 500, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export async function handleNonResource(req: Request, url: URL, deps: NonResourceDeps): Promise<Response | undefined> {
  const path = url.pathname.length > 1 && url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;
  if (req.method !== "GET" && req.method !== "HEAD") {
    if (path === "/version" || path.startsWith("/livez") || path.startsWith("/readyz") || path.startsWith("/healthz") || path === "/metrics" || path.startsWith("/openapi") || path === "/api" || path === "/apis") {
      throw errors.methodNotAllowed();
    }
  }
  if (path === "/version") return json(deps.version);
  if (path === "/livez" || path.startsWith("/livez/")) return health(deps.liveness, url, "livez");
  if (path === "/readyz" || path.startsWith("/readyz/")) return health(deps.readiness, url, "readyz");
  if (path === "/healthz" || path.startsWith("/healthz/")) return health(deps.readiness, url, "healthz");
  if (path === "/metrics") return new Response(await deps.metrics.render(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } });
  if (path === "/openapi/v2") {
    // kubectl asks for protobuf; an empty document (no schemas) makes it validate on the
    // server or skip kinds it has no schema for (a v1 List's items). The content type is
    // the one upstream answers with: Go's mime parser refuses the "@" of the Accept form,
    // and client-go then fails the whole request.
    if (wantsOnlyProtobuf(req.headers.get("accept"))) return new Response(new Uint8Array(0), { status: 200, headers: { "content-type": "application/com.github.proto-openapi.spec.v2.v1.0+protobuf" } });
    throw errors.noRoute();
  }
  if (path === "/openapi/v3") return new Response(openapiV3IndexBytes(deps.catalog), { headers: { "content-type": JSON_TYPE } });
  if (path.startsWith("/openapi/v3/")) {
    const doc = openapiV3DocumentBytes(path.slice("/openapi/v3/".length), deps.catalog);
    if (!doc) throw errors.noRoute();
    const headers: Record<string, string> = { "content-type": JSON_TYPE, etag: `"${doc.hash}"` };
    if (url.searchParams.get("hash") === doc.hash) headers["cache-control"] = "public, immutable";
    else headers["cache-control"] = "no-cache, private";
    return new Response(doc.bytes, { headers });
  }
  if (path === "/api" || path === "/apis") {
    const root = path === "/api" ? "api" : "apis";
    if (wantsAggregated(req.headers.get("accept"))) {
      return new Response(JSON.stringify(aggregatedDiscovery(root, deps.catalog)), { headers: { "content-type": AGGREGATED_DISCOVERY_CONTENT_TYPE, vary: "Accept" } });
    }
    return new Response(JSON.stringify(root === "api" ? apiVersions() : apiGroupList(deps.catalog)), { headers: { "content-type": JSON_TYPE, vary: "Accept" } });
  }
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "api" && parts.length === 2) {
    const list = apiResourceList("", parts[1]!, deps.catalog);
    if (!list) throw errors.noRoute();
    return json(list);
  }
  if (parts[0] === "apis" && parts.length === 2) {
    const g = apiGroup(parts[1]!, deps.catalog);
    if (!g) throw errors.noRoute();
    return json({ kind: "APIGroup", apiVersion: "v1", ...g });
  }
  if (parts[0] === "apis" && parts.length === 3) {
    const aggregated = deps.catalog?.aggregatedFor(parts[1]!, parts[2]!);
    if (aggregated?.discovery) return json(aggregated.discovery);
    const list = apiResourceList(parts[1]!, parts[2]!, deps.catalog);
    if (!list) throw errors.noRoute();
    return json(list);
  }
  return undefined;
}
