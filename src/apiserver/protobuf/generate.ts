/**
 * Regenerates schema.generated.ts, the field-number table of the Kubernetes protobuf
 * messages the apiserver decodes, from the upstream generated.proto files (kubernetes/api
 * and kubernetes/apimachinery). Run by hand when the served kinds change:
 *
 *   bun src/apiserver/protobuf/generate.ts DIR...   (directories or .proto files)
 *
 * Each message becomes one line "num:jsonName:card:type:flags;..." where card is o
 * (optional), r (repeated) or m (map; type "K,V"), message types are written without the
 * k8s.io.api. / k8s.io.apimachinery.pkg. prefixes, and flags come from the Go struct tags
 * of the same-named types.go next to a .proto (X.go beside X.proto): i (inline: the
 * field's JSON is merged into its parent), p (pointer), e (omitempty). Together they let
 * the decoder drop exactly the zero values Go's JSON encoder drops. kube-aggregator's
 * apiregistration messages (k8s.io.kube_aggregator.pkg.apis.apiregistration.v1) are named
 * apiregistration.v1.*, as the other groups'.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SCALARS = new Set(["string", "int32", "int64", "bool", "bytes", "double", "float", "uint32", "uint64"]);

export function shortName(fq: string): string {
  return fq
    .replace(/^\./, "")
    .replace(/^k8s\.io\.api\./, "")
    .replace(/^k8s\.io\.apimachinery\.pkg\./, "")
    .replace(/^k8s\.io\.kube_aggregator\.pkg\.apis\./, "");
}

export function parseProto(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const pkg = /package\s+([\w.]+)\s*;/.exec(noComments)?.[1] ?? "";
  const resolve = (t: string): string => {
    if (SCALARS.has(t)) return t;
    if (t.startsWith(".")) return shortName(t);
    return shortName(`${pkg}.${t}`);
  };
  const msgRe = /message\s+(\w+)\s*\{([^{}]*)\}/g;
  for (const m of noComments.matchAll(msgRe)) {
    const fields: string[] = [];
    for (const line of m[2]!.split(";")) {
      const l = line.trim();
      if (!l) continue;
      let f = /^(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)$/.exec(l);
      if (f) {
        fields.push(`${f[4]}:${f[3]}:${f[1] === "repeated" ? "r" : "o"}:${resolve(f[2]!)}`);
        continue;
      }
      f = /^map<\s*([\w.]+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)$/.exec(l);
      if (f) {
        fields.push(`${f[4]}:${f[3]}:m:${resolve(f[1]!)},${resolve(f[2]!)}`);
        continue;
      }
      throw new Error(`unparsed field in ${m[1]}: ${l}`);
    }
    out.set(shortName(`${pkg}.${m[1]}`), fields.join(";"));
  }
  return out;
}

/** Go struct tags by message: field number -> flags. */
export function parseGoTypes(text: string): Map<string, Map<number, string>> {
  return goStructTags(text).flags;
}

/**
 * Go struct tags by message: field number -> JSON name (none for inline fields). The proto
 * field name is not always the JSON one: admissionregistration's `Webhooks` is `webhooks`.
 */
export function parseGoJSONNames(text: string): Map<string, Map<number, string>> {
  return goStructTags(text).names;
}

function goStructTags(text: string): { flags: Map<string, Map<number, string>>; names: Map<string, Map<number, string>> } {
  const out = new Map<string, Map<number, string>>();
  const names = new Map<string, Map<number, string>>();
  const structRe = /type\s+(\w+)\s+struct\s*\{([\s\S]*?)\n\}/g;
  for (const m of text.matchAll(structRe)) {
    const fields = new Map<number, string>();
    const jsonNames = new Map<number, string>();
    for (const line of m[2]!.split("\n")) {
      const tag = /`([^`]*)`/.exec(line)?.[1];
      if (!tag) continue;
      const pb = /protobuf:"[^"]*?,(\d+),/.exec(tag);
      if (!pb) continue;
      const json = /json:"([^"]*)"/.exec(tag)?.[1] ?? "";
      const decl = line.slice(0, line.indexOf("`")).trim().split(/\s+/);
      const goType = decl.length >= 2 ? decl[1]! : decl[0]!;
      let flags = "";
      const [jsonName, ...opts] = json.split(",");
      if (jsonName === "" || opts.includes("inline")) flags += "i";
      if (goType.startsWith("*")) flags += "p";
      if (opts.includes("omitempty")) flags += "e";
      fields.set(Number(pb[1]), flags);
      if (jsonName !== "" && jsonName !== "-") jsonNames.set(Number(pb[1]), jsonName!);
    }
    out.set(m[1]!, fields);
    names.set(m[1]!, jsonNames);
  }
  return { flags: out, names };
}

/** A "num:name:card:type" field with its name replaced by the Go JSON name, where the struct tag gives one. */
function withJSONName(field: string, names: Map<number, string> | undefined): string {
  const parts = field.split(":");
  const json = names?.get(Number(parts[0]));
  if (json !== undefined) parts[1] = json;
  return parts.join(":");
}

function protoFiles(p: string): string[] {
  if (statSync(p).isDirectory()) return readdirSync(p).flatMap((f) => protoFiles(join(p, f)));
  return p.endsWith(".proto") ? [p] : [];
}

if (import.meta.main) {
  const all = new Map<string, string>();
  for (const arg of process.argv.slice(2)) {
    for (const f of protoFiles(arg)) {
      const messages = parseProto(readFileSync(f, "utf8"));
      const goFile = f.replace(/\.proto$/, ".go");
      const goText = existsSync(goFile) ? readFileSync(goFile, "utf8") : "";
      const go = parseGoTypes(goText);
      const jsonNames = parseGoJSONNames(goText);
      for (const [k, v] of messages) {
        const struct = k.slice(k.lastIndexOf(".") + 1);
        const flags = go.get(struct);
        const names = jsonNames.get(struct);
        const withFlags = v === "" ? v : v.split(";").map((field) => withJSONName(field, names) + `:${flags?.get(Number(field.split(":")[0])) ?? ""}`).join(";");
        all.set(k, withFlags);
      }
    }
  }
  const keys = [...all.keys()].sort();
  const lines = keys.map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(all.get(k))},`);
  const body = [
    "// Generated by src/apiserver/protobuf/generate.ts from the upstream generated.proto files; do not edit.",
    "// Field numbers and JSON names of the Kubernetes protobuf messages: num:name:card:type:flags.",
    "export const PROTO_MESSAGES: Record<string, string> = {",
    ...lines,
    "};",
    "",
  ].join("\n");
  writeFileSync(join(import.meta.dir, "schema.generated.ts"), body);
  console.log(`${keys.length} messages`);
}
