/**
 * Legacy discovery documents (/api, /apis, /api/v1, /apis/G/V) built from the resource
 * catalog, shaped like upstream's so kubectl api-resources, shortnames and categories
 * work. Documents are computed once per state of the server's catalog (custom resources
 * change it); treat them as read-only.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { ResourceCatalog } from "../../api/resource-catalog.ts";
import type { APIGroup, APIGroupList, APIResource, APIResourceList, APIVersions } from "../../api/types/meta/discovery.ts";
import { subresourceInfo } from "./subresources.ts";

/**
 * Upstream lists groups in a fixed priority order (legacy and apps first); groups not
 * named here follow in catalog order.
 */
const GROUP_ORDER = [
  "apiregistration.k8s.io",
  "apps",
  "events.k8s.io",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "networking.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "flowcontrol.apiserver.k8s.io",
];

/** /api: the versions of the core group. */
export function apiVersions(serverAddress?: string): APIVersions {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: serverAddress ?? "" }],
  };
}

/** The built-in resources alone (tests, and callers without a server). */
export const BUILTIN_CATALOG = new ResourceCatalog();

interface Documents {
  generation: number;
  groupList?: APIGroupList;
  resourceLists: Map<string, APIResourceList | undefined>;
}

const memo = new WeakMap<ResourceCatalog, Documents>();

function documentsOf(catalog: ResourceCatalog): Documents {
  let d = memo.get(catalog);
  if (!d || d.generation !== catalog.generation) {
    d = { generation: catalog.generation, resourceLists: new Map() };
    memo.set(catalog, d);
  }
  return d;
}

/** /apis: every named group with its versions; the first version is preferred. Custom groups follow the built-in ones, by name. */
export function apiGroupList(catalog: ResourceCatalog = BUILTIN_CATALOG): APIGroupList {
  const docs = documentsOf(catalog);
  if (docs.groupList) return docs.groupList;
  const named = catalog.servedGroups().filter((g) => g.group !== "");
  const rank = (g: string) => {
    const i = GROUP_ORDER.indexOf(g);
    return i >= 0 ? i : catalog.isBuiltinGroup(g) ? GROUP_ORDER.length : GROUP_ORDER.length + 1;
  };
  named.sort((a, b) => rank(a.group) - rank(b.group) || (rank(a.group) > GROUP_ORDER.length ? (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) : 0));
  const groups: APIGroup[] = named.map(({ group, versions }) => {
    const vs = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
    return { name: group, versions: vs, preferredVersion: vs[0]! };
  });
  docs.groupList = { kind: "APIGroupList", apiVersion: "v1", groups };
  return docs.groupList;
}

/** /apis/G: one group. */
export function apiGroup(group: string, catalog: ResourceCatalog = BUILTIN_CATALOG): APIGroup | undefined {
  return apiGroupList(catalog).groups.find((g) => g.name === group);
}

/** /api/v1 (group "") or /apis/G/V: resources and subresources, sorted by name. */
export function apiResourceList(group: string, version: string, catalog: ResourceCatalog = BUILTIN_CATALOG): APIResourceList | undefined {
  const key = `${group}/${version}`;
  const { resourceLists } = documentsOf(catalog);
  if (resourceLists.has(key)) return resourceLists.get(key);
  const infos = catalog.all().filter((r) => r.group === group && r.version === version);
  const list: APIResourceList | undefined = infos.length
    ? {
        kind: "APIResourceList",
        apiVersion: "v1",
        groupVersion: group === "" ? version : `${group}/${version}`,
        resources: infos.flatMap(entries).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      }
    : undefined;
  resourceLists.set(key, list);
  return list;
}

function entries(ri: ResourceInfo): APIResource[] {
  const main: APIResource = {
    name: ri.plural,
    singularName: ri.singular,
    namespaced: ri.namespaced,
    kind: ri.kind,
    verbs: [...ri.verbs],
  };
  if (ri.shortNames) main.shortNames = [...ri.shortNames];
  if (ri.categories) main.categories = [...ri.categories];
  const subs = (ri.subresources ?? []).map((name): APIResource => {
    const info = subresourceInfo(ri, name);
    const sub: APIResource = { name: `${ri.plural}/${name}`, singularName: "", namespaced: ri.namespaced, kind: info.kind, verbs: [...info.verbs] };
    if (info.group !== undefined) sub.group = info.group;
    if (info.version !== undefined) sub.version = info.version;
    return sub;
  });
  return [main, ...subs];
}
