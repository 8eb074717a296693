/**
 * Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList): every group,
 * version and resource in one document, so clients need one request instead of one per
 * group version. kubectl asks for it with
 * `Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList` on /api
 * and /apis; the answer's Content-Type must then be that media type. Serving it is
 * optional: plain JSON answers make clients fall back to the legacy documents.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import type { ResourceCatalog } from "../../api/resource-catalog.ts";
import { apiGroupList, BUILTIN_CATALOG } from "./documents.ts";
import { subresourceInfo } from "./subresources.ts";

export const AGGREGATED_DISCOVERY_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

export interface GroupVersionKindRef {
  group: string;
  version: string;
  kind: string;
}

export interface APISubresourceDiscovery {
  subresource: string;
  responseKind: GroupVersionKindRef;
  verbs: string[];
}

export interface APIResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKindRef;
  scope: "Namespaced" | "Cluster";
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}

export interface APIVersionDiscovery {
  version: string;
  resources: APIResourceDiscovery[];
  freshness: "Current";
}

export interface APIGroupDiscovery {
  metadata: { name?: string; creationTimestamp: null };
  versions: APIVersionDiscovery[];
}

export interface APIGroupDiscoveryList {
  kind: "APIGroupDiscoveryList";
  apiVersion: "apidiscovery.k8s.io/v2";
  metadata: Record<string, never>;
  items: APIGroupDiscovery[];
}

const cache = new WeakMap<ResourceCatalog, { generation: number; docs: Map<"api" | "apis", APIGroupDiscoveryList> }>();

/** The aggregated document for /api (the core group) or /apis (all named groups). */
export function aggregatedDiscovery(root: "api" | "apis", catalog: ResourceCatalog = BUILTIN_CATALOG): APIGroupDiscoveryList {
  let entry = cache.get(catalog);
  if (!entry || entry.generation !== catalog.generation) cache.set(catalog, (entry = { generation: catalog.generation, docs: new Map() }));
  const hit = entry.docs.get(root);
  if (hit) return hit;
  const groups = root === "api" ? [{ name: "", versions: ["v1"] }] : apiGroupList(catalog).groups.map((g) => ({ name: g.name, versions: g.versions.map((v) => v.version) }));
  const doc: APIGroupDiscoveryList = {
    kind: "APIGroupDiscoveryList",
    apiVersion: "apidiscovery.k8s.io/v2",
    metadata: {},
    items: groups.map(({ name, versions }) => {
      const metadata: APIGroupDiscovery["metadata"] = name === "" ? { creationTimestamp: null } : { name, creationTimestamp: null };
      return {
        metadata,
        versions: versions.map((version) => ({
          version,
          resources: catalog
            .all()
            .filter((r) => r.group === name && r.version === version)
            .map(resourceDiscovery)
            .sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)),
          freshness: "Current" as const,
        })),
      };
    }),
  };
  entry.docs.set(root, doc);
  return doc;
}

function resourceDiscovery(ri: ResourceInfo): APIResourceDiscovery {
  const out: APIResourceDiscovery = {
    resource: ri.plural,
    responseKind: { group: ri.group, version: ri.version, kind: ri.kind },
    scope: ri.namespaced ? "Namespaced" : "Cluster",
    singularResource: ri.singular,
    verbs: [...ri.verbs],
  };
  if (ri.shortNames) out.shortNames = [...ri.shortNames];
  if (ri.categories) out.categories = [...ri.categories];
  if (ri.subresources?.length) {
    out.subresources = ri.subresources.map((name) => {
      const info = subresourceInfo(ri, name);
      return {
        subresource: name,
        responseKind: { group: info.group ?? ri.group, version: info.version ?? ri.version, kind: info.kind },
        verbs: [...info.verbs],
      };
    });
  }
  return out;
}
