/**
 * The OpenAPI v3 documents served at /openapi/v3 (index) and /openapi/v3/<gvPath>
 * (one per group version, gvPath "api/v1" or "apis/apps/v1"). They are static: each is
 * built once, on first use, and kept with its serialized bytes and content hash (the
 * hash is in the index URLs, so clients can cache documents by it).
 */
import { createHash } from "node:crypto";
import { RESOURCES, servedGroups } from "../../api/resources.ts";
import { schemaForKind } from "../../api/types/registry.ts";
import { resourcePaths, groupIdentifier, type Refs } from "./paths.ts";
import { ComponentCollector, PATCH, ref, type OpenAPISchema } from "./schemas.ts";

export interface SerializedDocument {
  /** UTF-8 JSON. */
  bytes: Uint8Array;
  /** Upper-case hex SHA-512 of the bytes, as upstream puts in ?hash=. */
  hash: string;
}

interface Built extends SerializedDocument {
  doc: OpenAPISchema;
}

const encoder = new TextEncoder();
const documents = new Map<string, Built | undefined>();
let index: { doc: OpenAPISchema; bytes: Uint8Array } | undefined;

/** "api/v1" or "apis/apps/v1" for every served group version. */
export function openapiV3Paths(): string[] {
  return servedGroups().flatMap(({ group, versions }) => versions.map((v) => (group === "" ? `api/${v}` : `apis/${group}/${v}`)));
}

/** The /openapi/v3 index: `{paths: {"api/v1": {serverRelativeURL: "/openapi/v3/api/v1?hash=..."}}}`. */
export function openapiV3Index(): OpenAPISchema {
  return builtIndex().doc;
}

export function openapiV3IndexBytes(): Uint8Array {
  return builtIndex().bytes;
}

/** The document of one group version, or undefined when it is not served. */
export function openapiV3Document(gvPath: string): OpenAPISchema | undefined {
  return built(gvPath)?.doc;
}

/** The serialized document of one group version with its hash. */
export function openapiV3DocumentBytes(gvPath: string): SerializedDocument | undefined {
  const b = built(gvPath);
  return b ? { bytes: b.bytes, hash: b.hash } : undefined;
}

function builtIndex(): { doc: OpenAPISchema; bytes: Uint8Array } {
  if (index) return index;
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const p of openapiV3Paths()) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${built(p)!.hash}` };
  const doc = { paths };
  index = { doc, bytes: encoder.encode(JSON.stringify(doc)) };
  return index;
}

function parseGvPath(gvPath: string): { group: string; version: string } | undefined {
  const parts = gvPath.replace(/^\/+|\/+$/g, "").split("/");
  if (parts.length === 2 && parts[0] === "api") return { group: "", version: parts[1]! };
  if (parts.length === 3 && parts[0] === "apis") return { group: parts[1]!, version: parts[2]! };
  return undefined;
}

function built(gvPath: string): Built | undefined {
  const key = gvPath.replace(/^\/+|\/+$/g, "");
  if (documents.has(key)) return documents.get(key);
  const gv = parseGvPath(key);
  const doc = gv ? buildDocument(gv.group, gv.version) : undefined;
  const out = doc ? serialize(doc) : undefined;
  documents.set(key, out);
  return out;
}

function serialize(doc: OpenAPISchema): Built {
  const bytes = encoder.encode(JSON.stringify(doc));
  return { doc, bytes, hash: createHash("sha512").update(bytes).digest("hex").toUpperCase() };
}

function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

function buildDocument(group: string, version: string): OpenAPISchema | undefined {
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (!resources.length) return undefined;
  const components = new ComponentCollector();
  const named = (apiVersion: string, kind: string): string => {
    const schema = schemaForKind(apiVersion, kind);
    if (!schema) throw new Error(`no schema for ${apiVersion} ${kind}`);
    return components.add(schema);
  };
  const refs: Refs = {
    kind(g, v, k) {
      const schema = schemaForKind(apiVersionOf(g, v), k);
      return schema ? components.add(schema) : undefined;
    },
    status: named("v1", "Status"),
    deleteOptions: named("v1", "DeleteOptions"),
  };
  components.addPrimitive(PATCH);

  const prefix = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
  const id = `${groupIdentifier(group)}${version.charAt(0).toUpperCase()}${version.slice(1)}`;
  const tag = `${id.charAt(0).toLowerCase()}${id.slice(1, -version.length)}_${version}`;
  const resourceList = ref(named("v1", "APIResourceList"));
  const paths: Record<string, OpenAPISchema> = {
    [`${prefix}/`]: {
      get: {
        description: "get available resources",
        operationId: `get${id}APIResources`,
        responses: {
          "200": { content: { "application/json": { schema: resourceList }, "application/yaml": { schema: resourceList } }, description: "OK" },
          "401": { description: "Unauthorized" },
        },
        tags: [tag],
      },
    },
  };
  for (const ri of resources) Object.assign(paths, resourcePaths(ri, refs));

  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "unversioned" },
    paths: sortKeys(paths),
    components: {
      schemas: sortKeys(components.schemas),
      securitySchemes: { BearerToken: { description: "Bearer Token authentication", in: "header", name: "authorization", type: "apiKey" } },
    },
    security: [{ BearerToken: [] }],
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));
}
