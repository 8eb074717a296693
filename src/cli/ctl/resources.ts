/**
 * Resource type names as kubectl accepts them: plural, singular, kind or short name
 * (`pods`, `pod`, `Pod`, `po`), optionally qualified by group or version and group
 * (`deployments.apps`, `deploy.v1.apps`), and the `all` category. Built-in kinds resolve
 * without asking the server; other names (custom resources) are looked up in the server's
 * aggregated discovery, read once per command when first needed, as kubectl's RESTMapper
 * falls back to discovery.
 */
import { groupVersion, RESOURCES, resourceForKind, type ResourceInfo } from "../../api/resources.ts";
import { CtlUsageError } from "./args.ts";

function matchesName(ri: ResourceInfo, name: string): boolean {
  return ri.plural === name || ri.singular === name || ri.kind.toLowerCase() === name || (ri.shortNames?.includes(name) ?? false);
}

/** Entries of `from` a type name may mean, in its order (the catalog's: core group first, as kubectl's RESTMapper prefers). */
function candidates(type: string, from: readonly ResourceInfo[]): ResourceInfo[] {
  const lower = type.toLowerCase();
  const direct = from.filter((ri) => matchesName(ri, lower));
  if (direct.length > 0) return direct;
  const dot = lower.indexOf(".");
  if (dot <= 0) return [];
  const name = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  // resource.group, or resource.version.group ("deployments.v1.apps"; "pods.v1." for core)
  const byGroup = from.filter((ri) => matchesName(ri, name) && ri.group === rest);
  if (byGroup.length > 0) return byGroup;
  const vdot = rest.indexOf(".");
  const version = vdot >= 0 ? rest.slice(0, vdot) : rest;
  const group = vdot >= 0 ? rest.slice(vdot + 1) : "";
  return from.filter((ri) => matchesName(ri, name) && ri.version === version && ri.group === group);
}

const unknownType = (type: string) => new CtlUsageError(`the server doesn't have a resource type "${type}"`);

/** Resolves type names and manifest kinds: built-in ones at once, others through discovery. */
export class TypeResolver {
  private served: Promise<readonly ResourceInfo[]> | undefined;

  /** `discover`: the server's resources beyond the built-in catalog (Client.customResources). */
  constructor(private readonly discover: () => Promise<readonly ResourceInfo[]>) {}

  /** The server's other resources, asked for once. */
  private others(): Promise<readonly ResourceInfo[]> {
    this.served ??= this.discover();
    return this.served;
  }

  /** The resource a type name means; kubectl's error for names the server does not serve. */
  async resolveType(type: string): Promise<ResourceInfo> {
    const builtIn = candidates(type, RESOURCES);
    if (builtIn.length > 0) return builtIn[0]!;
    const found = candidates(type, await this.others());
    if (found.length === 0) throw unknownType(type);
    return found[0]!;
  }

  /** A comma-separated type list ("po,svc", "all") as resources, in order, without repeats. */
  async resolveTypes(types: string): Promise<ResourceInfo[]> {
    const out: ResourceInfo[] = [];
    for (const t of types.split(",")) {
      if (t === "") continue;
      const list = t.toLowerCase() === "all" ? await this.category("all") : [await this.resolveType(t)];
      for (const ri of list) if (!out.includes(ri)) out.push(ri);
    }
    if (out.length === 0) throw unknownType(types);
    return out;
  }

  /** The resource of a manifest's apiVersion and kind, or undefined when the server has none. */
  async forKind(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    return resourceForKind(apiVersion, kind) ?? (await this.others()).find((ri) => ri.kind === kind && groupVersion(ri) === apiVersion);
  }

  /** Every resource: built-in ones, then custom resources in their preferred version only. */
  async all(): Promise<ResourceInfo[]> {
    const custom: ResourceInfo[] = [];
    // one version per group and resource: the first listed (discovery's preferred)
    for (const ri of await this.others()) if (!custom.some((c) => c.group === ri.group && c.plural === ri.plural)) custom.push(ri);
    return [...RESOURCES, ...custom];
  }

  /** A category's members: built-in first, then custom resources of their preferred version. */
  private async category(name: string): Promise<ResourceInfo[]> {
    return (await this.all()).filter((ri) => ri.categories?.includes(name));
  }
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
