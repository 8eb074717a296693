/** `version` (client and server) and `api-resources` (the types the server serves, as kubectl lists them). */
import { versionInfo } from "../../version.ts";
import { type CtlFlag, CtlUsageError, flagBool, flagString } from "../args.ts";
import { tabwrite } from "../print/tabwriter.ts";
import type { Session } from "../session.ts";

export const VERSION_FLAGS: CtlFlag[] = [{ name: "client", type: "boolean", help: "Only the client version (no server needed)" }];

export async function runVersion(s: Session, args: string[]): Promise<void> {
  if (args.length > 0) throw new CtlUsageError(`unexpected arguments: ${args.join(" ")}`);
  s.io.out(`Client Version: ${versionInfo().gitVersion}\n`);
  if (flagBool(s.args, "client")) return;
  const v = await s.client.version(s.io.signal);
  s.io.out(`Server Version: ${v.gitVersion}\n`);
}

export const API_RESOURCES_FLAGS: CtlFlag[] = [
  { name: "output", short: "o", type: "string", help: "wide (verbs and categories) or name" },
  { name: "namespaced", type: "boolean", help: "Only namespaced (true) or cluster-scoped (false) resources" },
  { name: "api-group", type: "string", help: "Only resources of this group (\"\" for core)" },
  { name: "no-headers", type: "boolean", help: "Omit the header" },
];

export async function runApiResources(s: Session, args: string[]): Promise<void> {
  if (args.length > 0) throw new CtlUsageError(`unexpected arguments: ${args.join(" ")}`);
  const out = flagString(s.args, "output");
  if (out !== undefined && out !== "wide" && out !== "name") throw new CtlUsageError(`--output ${out} is not available`);
  const group = flagString(s.args, "api-group");
  const namespaced = s.args.flags.get("namespaced");
  const list = (await s.types.all()).filter((ri) => (group === undefined || ri.group === group) && (typeof namespaced !== "boolean" || ri.namespaced === namespaced)).sort(
    (a, b) => (a.group === b.group ? (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0) : a.group < b.group ? -1 : 1),
  );
  if (out === "name") {
    s.io.out(list.map((ri) => (ri.group ? `${ri.plural}.${ri.group}` : ri.plural) + "\n").join(""));
    return;
  }
  const wide = out === "wide";
  const header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", ...(wide ? ["VERBS", "CATEGORIES"] : [])];
  const rows = list.map((ri) => [
    ri.plural,
    (ri.shortNames ?? []).join(","),
    ri.group ? `${ri.group}/${ri.version}` : ri.version,
    String(ri.namespaced),
    ri.kind,
    ...(wide ? [`[${ri.verbs.join(" ")}]`, (ri.categories ?? []).join(",")] : []),
  ]);
  const lines = flagBool(s.args, "no-headers") ? rows : [header, ...rows];
  s.io.out(tabwrite(lines.map((l) => l.join("\t")).join("\n") + "\n", 3, 6));
}
