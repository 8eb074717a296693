/**
 * Legacy discovery documents (/api, /apis, /api/v1, /apis/G/V) built from the resource
 * catalog, shaped like upstream's so kubectl api-resources, shortnames and categories
 * work. Documents are computed once; treat them as read-only.
 */
import { RESOURCES, servedGroups, type ResourceInfo } from "../../api/resources.ts";
import type { APIGroup, APIGroupList, APIResource, APIResourceList, APIVersions } from "../../api/types/meta/discovery.ts";
import { subresourceInfo } from "./subresources.ts";

/**
 * Upstream lists groups in a fixed priority order (legacy and apps first); groups not
 * named here follow in catalog order.
 */
const GROUP_ORDER = [
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

let groupList: APIGroupList | undefined;

/** /apis: every named group with its versions; the first version is preferred. */
export function apiGroupList(): APIGroupList {
  if (groupList) return groupList;
  const named = servedGroups().filter((g) => g.group !== "");
  const rank = (g: string) => {
    const i = GROUP_ORDER.indexOf(g);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  named.sort((a, b) => rank(a.group) - rank(b.group));
  const groups: APIGroup[] = named.map(({ group, versions }) => {
    const vs = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
    return { name: group, versions: vs, preferredVersion: vs[0]! };
  });
  groupList = { kind: "APIGroupList", apiVersion: "v1", groups };
  return groupList;
}

/** /apis/G: one group. */
export function apiGroup(group: string): APIGroup | undefined {
  return apiGroupList().groups.find((g) => g.name === group);
}

const resourceLists = new Map<string, APIResourceList | undefined>();

/** /api/v1 (group "") or /apis/G/V: resources and subresources, sorted by name. */
export function apiResourceList(group: string, version: string): APIResourceList | undefined {
  const key = `${group}/${version}`;
  if (resourceLists.has(key)) return resourceLists.get(key);
  const infos = RESOURCES.filter((r) => r.group === group && r.version === version);
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
