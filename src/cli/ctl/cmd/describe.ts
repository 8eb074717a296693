/**
 * `describe TYPE [NAME_PREFIX...] | TYPE/NAME | -f FILE`: kubectl's describe output for
 * each object; a name that matches nothing exactly describes the objects whose names
 * start with it, as kubectl does.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import { isNotFound } from "../../../client/index.ts";
import { type CtlFlag, CtlUsageError, flagBool, flagString, flagStrings } from "../args.ts";
import { describeObject } from "../describe/describe.ts";
import { listError } from "../errors.ts";
import { readManifests } from "../manifests.ts";
import type { Session } from "../session.ts";
import { parseTargets } from "../targets.ts";
import { namespaceFor, noResourcesMessage } from "./get.ts";

export const DESCRIBE_FLAGS: CtlFlag[] = [
  { name: "selector", short: "l", type: "string", help: "Describe the objects matching this label selector" },
  { name: "all-namespaces", short: "A", type: "boolean", help: "Across all namespaces" },
  { name: "filename", short: "f", type: "strings", help: "Describe the objects in these files" },
  { name: "recursive", short: "R", type: "boolean", help: "Descend into sub-folders of -f folders" },
  { name: "show-events", type: "boolean", help: "Show events (default true)" },
];

interface Found {
  ri: ResourceInfo;
  obj: KubeObject;
}

async function byName(s: Session, ri: ResourceInfo, ns: string | undefined, name: string): Promise<KubeObject[]> {
  const rc = s.client.resource(ri, ns);
  try {
    return [await rc.get(name)];
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const list = await rc.listAll().catch(() => undefined);
    const matches = (list?.items ?? []).filter((o) => (o.metadata?.name ?? "").startsWith(name));
    if (matches.length === 0) throw err;
    return matches;
  }
}

export async function runDescribe(s: Session, args: string[]): Promise<void> {
  const files = flagStrings(s.args, "filename");
  const found: Found[] = [];
  let listed = false;
  const listedTypes: ResourceInfo[] = [];
  if (files.length > 0) {
    if (args.length > 0) throw new CtlUsageError("resources and -f are mutually exclusive");
    for (const { obj } of await readManifests(files, flagBool(s.args, "recursive"), s.io)) {
      const ri = await s.types.forKind(obj.apiVersion ?? "", obj.kind ?? "");
      if (!ri) {
        s.report(new CtlUsageError(`the server doesn't have a resource type "${obj.kind}"`));
        continue;
      }
      const ns = ri.namespaced ? obj.metadata?.namespace || s.namespace : undefined;
      try {
        found.push({ ri, obj: await s.client.resource(ri, ns).get(obj.metadata?.name ?? "") });
      } catch (err) {
        s.report(err);
      }
    }
  } else {
    if (args.length === 0) throw new CtlUsageError(`You must specify the type of resource to describe. Use "kubun ctl get TYPE" to list objects of a type.`);
    const { targets } = await parseTargets(args, s.types);
    const selector = flagString(s.args, "selector");
    for (const t of targets) {
      if (t.names) {
        for (const name of t.names) {
          try {
            for (const obj of await byName(s, t.ri, namespaceFor(s, t.ri, true), name)) found.push({ ri: t.ri, obj });
          } catch (err) {
            s.report(err);
          }
        }
        continue;
      }
      listed = true;
      listedTypes.push(t.ri);
      const ns = namespaceFor(s, t.ri, false);
      const rc = ns === undefined ? s.client.resource(t.ri).allNamespaces() : s.client.resource(t.ri, ns);
      try {
        const list = await rc.listAll(selector ? { labelSelector: selector } : {});
        for (const obj of list.items) found.push({ ri: t.ri, obj });
      } catch (err) {
        s.report(listError(err, t.ri, selector));
      }
    }
  }
  if (found.length === 0) {
    if (listed && s.exitCode === 0) s.io.err(noResourcesMessage(s, listedTypes));
    return;
  }
  const showEvents = flagBool(s.args, "show-events", true);
  const texts: string[] = [];
  for (const f of found) texts.push(await describeObject(s.client, f.ri, f.obj, showEvents));
  s.io.out(texts.join("\n\n"));
}
