/**
 * `apply -f FILE|DIR|-`: server-side apply of every object (field manager kubun-ctl),
 * reported as kubectl reports applies: `deployment.apps/web created`, `configured`
 * when the object changed, `unchanged` when the server kept its resourceVersion.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import { ApiError, hasStatusCause, isNotFound } from "../../../client/index.ts";
import { type CtlFlag, CtlUsageError, flagBool, flagString, flagStrings } from "../args.ts";
import { CtlError } from "../errors.ts";
import { readManifests } from "../manifests.ts";
import { formatObjects, parseOutput, withoutManagedFields } from "../print/output.ts";
import { kindName } from "../resources.ts";
import { FIELD_MANAGER, type Session } from "../session.ts";

export const APPLY_FLAGS: CtlFlag[] = [
  { name: "filename", short: "f", type: "strings", help: "Files, folders or - (stdin) holding the objects" },
  { name: "recursive", short: "R", type: "boolean", help: "Descend into sub-folders of -f folders" },
  { name: "force-conflicts", type: "boolean", help: "Take ownership of fields other managers own" },
  { name: "field-manager", type: "string", help: "Field manager name (default kubun-ctl)" },
  { name: "dry-run", type: "string", help: "none, server or client: only show what would happen" },
  { name: "output", short: "o", type: "string", help: "Print the applied objects: yaml, json, name" },
  { name: "server-side", type: "boolean", help: "Accepted for kubectl compatibility: apply is always server-side" },
  { name: "validate", type: "string", help: "Accepted for kubectl compatibility (the server validates)" },
];

const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

function dryRunMode(v: string | undefined): "none" | "server" | "client" {
  if (v === undefined || v === "" || v === "none" || v === "false") return "none";
  if (v === "server" || v === "client") return v;
  if (v === "true") return "client";
  throw new CtlUsageError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

export async function runApply(s: Session, args: string[]): Promise<void> {
  const files = flagStrings(s.args, "filename");
  if (files.length === 0) throw new CtlUsageError("must specify one of -f and -k");
  if (args.length > 0) throw new CtlUsageError(`Unexpected args: [${args.join(" ")}]`);
  const dryRun = dryRunMode(flagString(s.args, "dry-run"));
  const outFlag = flagString(s.args, "output");
  const fmt = outFlag ? parseOutput(outFlag) : undefined;
  if (fmt?.kind === "table") throw new CtlUsageError(`unable to match a printer suitable for the output format "${outFlag}", allowed formats are: json,name,yaml`);
  const manager = flagString(s.args, "field-manager") || FIELD_MANAGER;
  const force = flagBool(s.args, "force-conflicts");
  const manifests = await readManifests(files, flagBool(s.args, "recursive"), s.io);
  if (manifests.length === 0) throw new CtlError("no objects passed to apply");
  const suffix = dryRun === "server" ? " (server dry run)" : dryRun === "client" ? " (dry run)" : "";

  for (const { obj, source } of manifests) {
    const ri = await s.types.forKind(obj.apiVersion ?? "", obj.kind ?? "");
    const name = obj.metadata?.name;
    if (!ri) {
      s.report(
        new CtlError(
          `resource mapping not found for name: "${name ?? ""}" namespace: "${obj.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`,
        ),
      );
      continue;
    }
    if (!name) {
      s.report(new CtlError(`error when retrieving current configuration of:\nResource: "${ri.group ? ri.group + "/" : ""}${ri.version}, Resource=${ri.plural}", GroupVersionKind: "${obj.apiVersion}, Kind=${obj.kind}"\nName: "", Namespace: "${s.namespace}"\nfrom server for: "${source}": resource name may not be empty`));
      continue;
    }
    let ns: string | undefined;
    if (ri.namespaced) {
      const own = obj.metadata?.namespace;
      if (own && s.explicitNamespace && own !== s.namespace) {
        s.report(new CtlError(`the namespace from the provided object "${own}" does not match the namespace "${s.namespace}". You must pass '--namespace=${own}' to perform this operation.`));
        continue;
      }
      ns = own || s.namespace;
    }
    const body: KubeObject = ri.namespaced ? { ...obj, metadata: { ...obj.metadata, namespace: ns! } } : obj;
    const rc = s.client.resource(ri, ns);
    const label = `${kindName(ri)}/${name}`;
    let before: KubeObject | undefined;
    try {
      before = await rc.get(name);
    } catch (err) {
      if (!isNotFound(err)) {
        s.report(err, { verb: "retrieving current configuration of", source });
        continue;
      }
    }
    if (dryRun === "client") {
      s.io.out(fmt ? formatObjects(fmt, [withoutManagedFields(body)], true, () => kindName(ri)) : `${label} ${before ? "configured" : "created"}${suffix}\n`);
      continue;
    }
    let after: KubeObject;
    try {
      after = await rc.apply(body, { fieldManager: manager, force, ...(dryRun === "server" ? { dryRun: true } : {}) });
    } catch (err) {
      if (err instanceof ApiError && err.code === 409 && (hasStatusCause(err, "FieldManagerConflict") || /conflict/i.test(err.message))) {
        s.report(new CtlError(`${err.message}\n${CONFLICT_ADVICE}`));
      } else {
        s.report(err, { verb: before ? "patching" : "creating", source });
      }
      continue;
    }
    if (fmt) {
      s.io.out(formatObjects(fmt, [withoutManagedFields(after)], true, () => kindName(ri)));
      continue;
    }
    const verb = !before ? "created" : unchanged(before, after, dryRun === "server") ? "unchanged" : "configured";
    s.io.out(`${label} ${verb}${suffix}\n`);
  }
}

/** The server kept the object as it was: same resourceVersion (a dry run keeps it anyway, so compare content). */
function unchanged(before: KubeObject, after: KubeObject, dryRun: boolean): boolean {
  if (!dryRun) return before.metadata?.resourceVersion === after.metadata?.resourceVersion;
  const strip = (o: KubeObject) => {
    const { managedFields: _m, resourceVersion: _r, ...metadata } = o.metadata ?? {};
    return JSON.stringify({ ...o, metadata });
  };
  return strip(before) === strip(after);
}
