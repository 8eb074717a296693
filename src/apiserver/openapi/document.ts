/**
 * The OpenAPI v3 documents served at /openapi/v3 (index) and /openapi/v3/<gvPath>
 * (one per group version, gvPath "api/v1" or "apis/apps/v1"). They are static: each is
 * built once, on first use, and kept with its serialized bytes and content hash (the
 * hash is in the index URLs, so clients can cache documents by it). A server's catalog
 * changes when CRDs come and go; documents are rebuilt per catalog generation.
 */
import { createHash } from "node:crypto";
import type { ResourceInfo } from "../../api/resources.ts";
import type { ResourceCatalog } from "../../api/resource-catalog.ts";
import { BUILTIN_CATALOG } from "../discovery/documents.ts";
import { schemaForKind } from "../../api/types/registry.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../../api/types/meta/object-meta.ts";
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

interface Documents {
  generation: number;
  documents: Map<string, Built | undefined>;
  index?: { doc: OpenAPISchema; bytes: Uint8Array };
}

const memo = new WeakMap<ResourceCatalog, Documents>();
/** Built-in group versions do not change with the catalog: built once for every server. */
const builtinDocuments = new Map<string, Built | undefined>();

function documentsOf(catalog: ResourceCatalog): Documents {
  let d = memo.get(catalog);
  if (!d || d.generation !== catalog.generation) memo.set(catalog, (d = { generation: catalog.generation, documents: new Map() }));
  return d;
}

/** "api/v1" or "apis/apps/v1" for every served group version. */
export function openapiV3Paths(catalog: ResourceCatalog = BUILTIN_CATALOG): string[] {
  // aggregated API servers publish their own documents; they are not merged in
  return catalog.servedGroups().flatMap(({ group, versions }) => versions.filter((v) => catalog.servesLocally(group, v)).map((v) => (group === "" ? `api/${v}` : `apis/${group}/${v}`)));
}

/** The /openapi/v3 index: `{paths: {"api/v1": {serverRelativeURL: "/openapi/v3/api/v1?hash=..."}}}`. */
export function openapiV3Index(catalog: ResourceCatalog = BUILTIN_CATALOG): OpenAPISchema {
  return builtIndex(catalog).doc;
}

export function openapiV3IndexBytes(catalog: ResourceCatalog = BUILTIN_CATALOG): Uint8Array {
  return builtIndex(catalog).bytes;
}

/** The document of one group version, or undefined when it is not served. */
export function openapiV3Document(gvPath: string, catalog: ResourceCatalog = BUILTIN_CATALOG): OpenAPISchema | undefined {
  return built(gvPath, catalog)?.doc;
}

/** The serialized document of one group version with its hash. */
export function openapiV3DocumentBytes(gvPath: string, catalog: ResourceCatalog = BUILTIN_CATALOG): SerializedDocument | undefined {
  const b = built(gvPath, catalog);
  return b ? { bytes: b.bytes, hash: b.hash } : undefined;
}

function builtIndex(catalog: ResourceCatalog): { doc: OpenAPISchema; bytes: Uint8Array } {
  const docs = documentsOf(catalog);
  if (docs.index) return docs.index;
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const p of openapiV3Paths(catalog)) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${built(p, catalog)!.hash}` };
  const doc = { paths };
  docs.index = { doc, bytes: encoder.encode(JSON.stringify(doc)) };
  return docs.index;
}

function parseGvPath(gvPath: string): { group: string; version: string } | undefined {
  const parts = gvPath.replace(/^\/+|\/+$/g, "").split("/");
  if (parts.length === 2 && parts[0] === "api") return { group: "", version: parts[1]! };
  if (parts.length === 3 && parts[0] === "apis") return { group: parts[1]!, version: parts[2]! };
  return undefined;
}

function built(gvPath: string, catalog: ResourceCatalog): Built | undefined {
  const key = gvPath.replace(/^\/+|\/+$/g, "");
  const gv = parseGvPath(key);
  if (!gv) return undefined;
  const builtinGroup = catalog.isBuiltinGroup(gv.group);
  const documents = builtinGroup ? builtinDocuments : documentsOf(catalog).documents;
  if (documents.has(key)) return documents.get(key);
  const resources = catalog.all().filter((r) => r.group === gv.group && r.version === gv.version && !r.aggregated);
  const doc = resources.length ? buildDocument(gv.group, gv.version, resources) : undefined;
  const out = doc ? serialize(doc) : undefined;
  documents.set(key, out);
  return out;
}

/** Upstream's definition name of a custom kind: the group reversed, then version and kind (com.example.v1.Widget). */
function customDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split(".").reverse().join(".")}.${version}.${kind}`;
}

/** A custom resource's schema as a component: the CRD's schema with apiVersion, kind and metadata declared. */
function addCustomComponents(components: ComponentCollector, ri: ResourceInfo, objectMeta: string, listMeta: string): void {
  const schema = { ...((ri.custom?.schema ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true }) as OpenAPISchema) };
  const props = { ...((schema["properties"] ?? {}) as Record<string, OpenAPISchema>) };
  props["apiVersion"] = { type: "string", description: "APIVersion defines the versioned schema of this representation of an object." };
  props["kind"] = { type: "string", description: "Kind is a string value representing the REST resource this object represents." };
  props["metadata"] = { allOf: [ref(objectMeta)], description: "Standard object's metadata." };
  schema["properties"] = props;
  schema["type"] = "object";
  const gvk = (kind: string) => [{ group: ri.group, kind, version: ri.version }];
  components.schemas[customDefinitionName(ri.group, ri.version, ri.kind)] = { ...schema, "x-kubernetes-group-version-kind": gvk(ri.kind) };
  components.schemas[customDefinitionName(ri.group, ri.version, ri.listKind)] = {
    description: `${ri.listKind} is a list of ${ri.kind}`,
    properties: {
      apiVersion: props["apiVersion"]!,
      items: { description: `List of ${ri.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, items: ref(customDefinitionName(ri.group, ri.version, ri.kind)), type: "array" },
      kind: props["kind"]!,
      metadata: { allOf: [ref(listMeta)], description: "Standard list metadata." },
    },
    required: ["items"],
    type: "object",
    "x-kubernetes-group-version-kind": gvk(ri.listKind),
  };
}

function serialize(doc: OpenAPISchema): Built {
  const bytes = encoder.encode(JSON.stringify(doc));
  return { doc, bytes, hash: createHash("sha512").update(bytes).digest("hex").toUpperCase() };
}

function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

function buildDocument(group: string, version: string, resources: readonly ResourceInfo[]): OpenAPISchema {
  const components = new ComponentCollector();
  const named = (apiVersion: string, kind: string): string => {
    const schema = schemaForKind(apiVersion, kind);
    if (!schema) throw new Error(`no schema for ${apiVersion} ${kind}`);
    return components.add(schema);
  };
  const refs: Refs = {
    kind(g, v, k) {
      const custom = resources.find((r) => r.custom && r.group === g && r.version === v && (r.kind === k || r.listKind === k));
      if (custom) {
        if (!components.schemas[customDefinitionName(g, v, custom.kind)]) addCustomComponents(components, custom, components.add(ObjectMetaSchema), components.add(ListMetaSchema));
        return customDefinitionName(g, v, k);
      }
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
