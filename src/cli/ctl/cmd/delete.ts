/**
 * `delete TYPE NAME... | TYPE/NAME... | -f FILE | TYPE -l SEL | TYPE --all`: deletes
 * each object (propagation Background, as kubectl), prints `pod "web" deleted`, then
 * waits until the objects are gone unless --wait=false.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import { isNotFound, type DeleteRequestOptions } from "../../../client/index.ts";
import { type CtlFlag, CtlUsageError, flagBool, flagNumber, flagString, flagStrings } from "../args.ts";
import { CtlError, listError } from "../errors.ts";
import { readManifests } from "../manifests.ts";
import { kindName } from "../resources.ts";
import type { Session } from "../session.ts";
import { parseTargets } from "../targets.ts";
import { parseDuration } from "./duration.ts";
import { namespaceFor } from "./get.ts";

export const DELETE_FLAGS: CtlFlag[] = [
  { name: "filename", short: "f", type: "strings", help: "Files, folders or - naming the objects to delete" },
  { name: "recursive", short: "R", type: "boolean", help: "Descend into sub-folders of -f folders" },
  { name: "selector", short: "l", type: "string", help: "Delete the objects matching this label selector" },
  { name: "field-selector", type: "string", help: "Delete the objects matching this field selector" },
  { name: "all", type: "boolean", help: "Delete every object of the type in the namespace" },
  { name: "all-namespaces", short: "A", type: "boolean", help: "With -l or --all: in every namespace" },
  { name: "ignore-not-found", type: "boolean", help: "Treat a missing object as deleted" },
  { name: "grace-period", type: "number", help: "Seconds the object gets to terminate (-1: its own default)" },
  { name: "now", type: "boolean", help: "Delete with a grace period of 1 second" },
  { name: "force", type: "boolean", help: "With --grace-period=0: delete at once, without waiting for the kubelet" },
  { name: "wait", type: "boolean", help: "Wait until the objects are gone (default true)" },
  { name: "timeout", type: "string", help: "How long to wait (e.g. 30s; default: no limit)" },
  { name: "cascade", type: "string", help: "background, foreground or orphan" },
  { name: "output", short: "o", type: "string", help: "name: print kind/name only" },
  { name: "dry-run", type: "string", help: "none or server" },
];

interface Victim {
  ri: ResourceInfo;
  ns: string | undefined;
  name: string;
  source?: string;
}

function propagation(cascade: string | undefined): NonNullable<DeleteRequestOptions["propagationPolicy"]> {
  switch (cascade ?? "background") {
    case "background":
    case "true":
      return "Background";
    case "foreground":
      return "Foreground";
    case "orphan":
    case "false":
      return "Orphan";
    default:
      throw new CtlUsageError(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan".`);
  }
}

async function victimsFromFiles(s: Session, files: string[]): Promise<Victim[]> {
  const out: Victim[] = [];
  for (const { obj, source } of await readManifests(files, flagBool(s.args, "recursive"), s.io)) {
    const ri = await s.types.forKind(obj.apiVersion ?? "", obj.kind ?? "");
    if (!ri) {
      s.report(new CtlError(`resource mapping not found for name: "${obj.metadata?.name ?? ""}" namespace: "${obj.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`));
      continue;
    }
    out.push({ ri, ns: ri.namespaced ? obj.metadata?.namespace || s.namespace : undefined, name: obj.metadata?.name ?? "", source });
  }
  return out;
}

async function victimsFromArgs(s: Session, args: string[]): Promise<Victim[]> {
  const { targets } = await parseTargets(args, s.types);
  const selector = flagString(s.args, "selector");
  const fieldSelector = flagString(s.args, "field-selector");
  const all = flagBool(s.args, "all");
  const out: Victim[] = [];
  for (const t of targets) {
    if (t.names) {
      if (selector || all) throw new CtlUsageError("name cannot be provided when a selector is specified");
      for (const name of t.names) out.push({ ri: t.ri, ns: namespaceFor(s, t.ri, true), name });
      continue;
    }
    if (!selector && !fieldSelector && !all) throw new CtlUsageError("resource(s) were provided, but no name was specified");
    const ns = namespaceFor(s, t.ri, false);
    const rc = ns === undefined ? s.client.resource(t.ri).allNamespaces() : s.client.resource(t.ri, ns);
    const list = await rc.listAll({ ...(selector ? { labelSelector: selector } : {}), ...(fieldSelector ? { fieldSelector } : {}) }).catch((err: unknown) => {
      throw listError(err, t.ri, selector, fieldSelector);
    });
    for (const o of list.items) out.push({ ri: t.ri, ns: t.ri.namespaced ? o.metadata.namespace : undefined, name: o.metadata.name ?? "" });
  }
  return out;
}

export async function runDelete(s: Session, args: string[]): Promise<void> {
  const files = flagStrings(s.args, "filename");
  if (files.length === 0 && args.length === 0) throw new CtlUsageError("You must provide one or more resources by argument or filename.");
  if (files.length > 0 && args.length > 0) throw new CtlUsageError("resources and -f are mutually exclusive");
  const output = flagString(s.args, "output");
  if (output !== undefined && output !== "name") throw new CtlUsageError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  const dryRunFlag = flagString(s.args, "dry-run");
  const dryRun = dryRunFlag === "server" || dryRunFlag === "client" || dryRunFlag === "true";
  const opts: DeleteRequestOptions = { propagationPolicy: propagation(flagString(s.args, "cascade")) };
  let grace = flagNumber(s.args, "grace-period") ?? -1;
  if (flagBool(s.args, "now")) grace = 1;
  if (flagBool(s.args, "force") && grace < 0) grace = 0;
  if (grace === 0 && !flagBool(s.args, "force")) grace = 1; // kubectl: 0 without --force means "immediately but gracefully"
  if (grace >= 0) opts.gracePeriodSeconds = grace;
  if (grace === 0) s.io.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
  const ignoreNotFound = flagBool(s.args, "ignore-not-found") || ((flagBool(s.args, "all") || !!flagString(s.args, "selector")) && files.length === 0);

  const victims = files.length > 0 ? await victimsFromFiles(s, files) : await victimsFromArgs(s, args);
  if (victims.length === 0) {
    if (s.exitCode === 0) s.io.out("No resources found\n");
    return;
  }
  const deleted: { v: Victim; uid?: string }[] = [];
  for (const v of victims) {
    const rc = s.client.resource(v.ri, v.ns);
    let answer: KubeObject | { kind?: string; details?: { uid?: string } };
    try {
      answer = dryRun
        ? // dryRun also goes in the query: some servers read it only there
          await s.client.http.json<KubeObject>({ method: "DELETE", path: rc.path(v.name), query: { dryRun: "All" }, body: { apiVersion: "v1", kind: "DeleteOptions", ...opts, dryRun: ["All"] } })
        : ((await rc.delete(v.name, opts)) as KubeObject);
    } catch (err) {
      if (isNotFound(err) && ignoreNotFound) continue;
      s.report(err, v.source ? { verb: "deleting", source: v.source } : undefined);
      continue;
    }
    const uid = answer.kind === "Status" ? (answer as { details?: { uid?: string } }).details?.uid : (answer as KubeObject).metadata?.uid;
    deleted.push(uid ? { v, uid } : { v });
    const suffix = dryRun ? (dryRunFlag === "server" ? " (server dry run)" : " (dry run)") : "";
    s.io.out(output === "name" ? `${kindName(v.ri)}/${v.name}\n` : `${kindName(v.ri)} "${v.name}" deleted${suffix}\n`);
  }
  if (dryRun || !flagBool(s.args, "wait", true) || grace === 0) return;
  const timeout = flagString(s.args, "timeout");
  const deadline = timeout ? Date.now() + parseDuration(timeout) : Infinity;
  for (const { v, uid } of deleted) await waitGone(s, v, uid, deadline);
}

/** Polls until the object is gone (or replaced by a new one with another uid). */
async function waitGone(s: Session, v: Victim, uid: string | undefined, deadline: number): Promise<void> {
  const rc = s.client.resource(v.ri, v.ns);
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    try {
      const o = await rc.get(v.name);
      if (uid && o.metadata?.uid !== uid) return;
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (s.io.signal?.aborted) return;
    if (Date.now() + delay > deadline) throw new CtlError(`timed out waiting for the condition on ${v.ri.plural}/${v.name}`);
    await Bun.sleep(delay);
  }
}
