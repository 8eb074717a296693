/**
 * The objects a command line names, as kubectl reads them: `TYPE[,TYPE...] [NAME...]`
 * or `TYPE/NAME [TYPE/NAME...]`, resolved against the resource catalog and, for other
 * names, the server's discovery.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { CtlUsageError } from "./args.ts";
import type { TypeResolver } from "./resources.ts";

export interface Target {
  ri: ResourceInfo;
  /** Names asked for; undefined means the whole collection. */
  names?: string[];
}

export interface Targets {
  targets: Target[];
  /** More than one type (or `all`): names print with a kind prefix, as `pod/web`. */
  multipleTypes: boolean;
  /** Exactly one object was named: it prints alone, not in a List. */
  singleObject: boolean;
}

export async function parseTargets(args: readonly string[], types: TypeResolver): Promise<Targets> {
  if (args.length === 0) throw new CtlUsageError("Required resource not specified.");
  const slashed = args.filter((a) => a.includes("/"));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new CtlUsageError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubun ctl get resource/<resource_name>' instead of 'kubun ctl get resource resource/<resource_name>'",
      );
    }
    const targets: Target[] = [];
    for (const a of args) {
      const slash = a.indexOf("/");
      const type = a.slice(0, slash);
      const name = a.slice(slash + 1);
      if (!type || !name) throw new CtlUsageError(`arguments in resource/name form must have a single resource and name`);
      const ri = await types.resolveType(type);
      const last = targets[targets.length - 1];
      if (last && last.ri === ri) last.names!.push(name);
      else targets.push({ ri, names: [name] });
    }
    const distinct = new Set(targets.map((t) => t.ri));
    return { targets, multipleTypes: distinct.size > 1, singleObject: args.length === 1 };
  }
  const [typeList, ...names] = args;
  const ris = await types.resolveTypes(typeList!);
  const multipleTypes = ris.length > 1 || typeList!.toLowerCase().split(",").includes("all");
  const targets = ris.map((ri) => (names.length > 0 ? { ri, names: [...names] } : { ri }));
  return { targets, multipleTypes, singleObject: ris.length === 1 && names.length === 1 };
}
