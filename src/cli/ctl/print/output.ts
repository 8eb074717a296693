/**
 * `-o` formats other than the server's tables: yaml, json, name, jsonpath and
 * custom-columns, over one object or a `List` of several (kubectl's shapes).
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import { CtlUsageError } from "../args.ts";
import { JsonPath, relaxedJsonPath } from "./jsonpath.ts";
import { toJson } from "./json.ts";
import { tabwrite } from "./tabwriter.ts";
import { toYaml } from "./yaml.ts";

export type OutputFormat =
  | { kind: "table"; wide: boolean }
  | { kind: "yaml" }
  | { kind: "json" }
  | { kind: "name" }
  | { kind: "jsonpath"; path: JsonPath }
  | { kind: "custom-columns"; columns: { header: string; path: JsonPath }[] };

const ALLOWED = "custom-columns,json,jsonpath,name,wide,yaml";

function stripQuotes(s: string): string {
  return /^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s;
}

export function parseOutput(o: string | undefined): OutputFormat {
  if (o === undefined || o === "") return { kind: "table", wide: false };
  if (o === "wide") return { kind: "table", wide: true };
  if (o === "yaml" || o === "json" || o === "name") return { kind: o };
  const eq = o.indexOf("=");
  const name = eq >= 0 ? o.slice(0, eq) : o;
  const arg = eq >= 0 ? stripQuotes(o.slice(eq + 1)) : "";
  if (name === "jsonpath") {
    if (!arg) throw new CtlUsageError("template format specified but no template given");
    return { kind: "jsonpath", path: new JsonPath(arg) };
  }
  if (name === "custom-columns") {
    if (!arg) throw new CtlUsageError("custom-columns format specified but no custom columns given");
    const columns = arg.split(",").map((spec) => {
      const colon = spec.indexOf(":");
      if (colon < 0) throw new CtlUsageError(`unexpected custom-columns spec: ${spec}, expected <header>:<json-path-expr>`);
      const expr = spec.slice(colon + 1);
      return { header: spec.slice(0, colon), path: relaxedJsonPath(expr) };
    });
    return { kind: "custom-columns", columns };
  }
  throw new CtlUsageError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${ALLOWED}`);
}

/** kubectl hides managedFields unless --show-managed-fields. */
export function withoutManagedFields<T extends KubeObject>(obj: T): T {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _mf, ...metadata } = obj.metadata;
  return { ...obj, metadata } as T;
}

/** Several objects as kubectl wraps them. */
export function asList(items: readonly KubeObject[]): KubeObject {
  return { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items } as unknown as KubeObject;
}

/** `pod/web`, `deployment.apps/web`. */
export function objectName(obj: KubeObject, kindName: string): string {
  return `${kindName}/${obj.metadata?.name ?? ""}`;
}

/**
 * Text for the objects in a non-table format. `single`: one object was asked for by
 * name, so it prints alone rather than in a List.
 */
export function formatObjects(fmt: Exclude<OutputFormat, { kind: "table" }>, objs: readonly KubeObject[], single: boolean, kindNameOf: (o: KubeObject) => string): string {
  const data = single && objs.length === 1 ? objs[0]! : asList(objs);
  switch (fmt.kind) {
    case "yaml":
      return toYaml(data);
    case "json":
      return toJson(data);
    case "name":
      return objs.map((o) => objectName(o, kindNameOf(o)) + "\n").join("");
    case "jsonpath":
      return fmt.path.execute(data);
    case "custom-columns": {
      const rows = objs.map((o) => fmt.columns.map((c) => c.path.execute(o) || "<none>"));
      const lines = [fmt.columns.map((c) => c.header), ...rows];
      return tabwrite(lines.map((l) => l.join("\t")).join("\n") + "\n", 3, 6);
    }
  }
}
