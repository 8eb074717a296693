/**
 * Resource type names as kubectl accepts them: plural, singular, kind or short name
 * (`pods`, `pod`, `Pod`, `po`), optionally qualified by group or version and group
 * (`deployments.apps`, `deploy.v1.apps`), and the `all` category.
 */
import { RESOURCES, type ResourceInfo } from "../../api/resources.ts";
import { CtlUsageError } from "./args.ts";

function matchesName(ri: ResourceInfo, name: string): boolean {
  return ri.plural === name || ri.singular === name || ri.kind.toLowerCase() === name || (ri.shortNames?.includes(name) ?? false);
}

/** Catalog entries a type name may mean, core group first (catalog order), as kubectl's RESTMapper prefers. */
function candidates(type: string): ResourceInfo[] {
  const lower = type.toLowerCase();
  const direct = RESOURCES.filter((ri) => matchesName(ri, lower));
  if (direct.length > 0) return direct;
  const dot = lower.indexOf(".");
  if (dot <= 0) return [];
  const name = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  // resource.group, or resource.version.group ("deployments.v1.apps"; "pods.v1." for core)
  const byGroup = RESOURCES.filter((ri) => matchesName(ri, name) && ri.group === rest);
  if (byGroup.length > 0) return byGroup;
  const vdot = rest.indexOf(".");
  const version = vdot >= 0 ? rest.slice(0, vdot) : rest;
  const group = vdot >= 0 ? rest.slice(vdot + 1) : "";
  return RESOURCES.filter((ri) => matchesName(ri, name) && ri.version === version && ri.group === group);
}

/** The resource a type name means; throws kubectl's error for unknown types. */
export function resolveType(type: string): ResourceInfo {
  const found = candidates(type);
  if (found.length === 0) throw new CtlUsageError(`the server doesn't have a resource type "${type}"`);
  return found[0]!;
}

/** A comma-separated type list ("po,svc", "all") as resources, in order, without repeats. */
export function resolveTypes(types: string): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const t of types.split(",")) {
    if (t === "") continue;
    const list = t.toLowerCase() === "all" ? RESOURCES.filter((ri) => ri.categories?.includes("all")) : [resolveType(t)];
    for (const ri of list) if (!out.includes(ri)) out.push(ri);
  }
  if (out.length === 0) throw new CtlUsageError(`the server doesn't have a resource type "${types}"`);
  return out;
}

/** `pod`, `deployment.apps`: how kubectl names a resource's kind in output. */
export function kindName(ri: Pick<ResourceInfo, "kind" | "group">): string {
  const k = ri.kind.toLowerCase();
  return ri.group ? `${k}.${ri.group}` : k;
}

/** `pods`, `deployments.apps`: the resource in kubectl's "not found" style names. */
export function resourceName(ri: Pick<ResourceInfo, "plural" | "group">): string {
  return ri.group ? `${ri.plural}.${ri.group}` : ri.plural;
}
