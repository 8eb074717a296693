/**
 * OpenAPI v3 component schemas generated from the declared types. Named objects become
 * components (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta);
 * fields that use them are `$ref`s, wrapped in a one-element `allOf` when the field has
 * its own description or patch extensions, as upstream does. The patch extensions sit on
 * the field (not the component) because that is where kubectl's strategic merge patch
 * (PatchMetaFromOpenAPIV3) reads them.
 */
import { resolveNode, type Schema } from "../../api/schema/dsl.ts";

export type OpenAPISchema = Record<string, unknown>;

const SCHEMA_REF = "#/components/schemas/";
const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
const TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
const MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
export const PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

/** Components for the primitive wrapper types, as upstream publishes them. */
const PRIMITIVES: Record<string, OpenAPISchema> = {
  [QUANTITY]: {
    description:
      "A fixed-point number with an optional suffix: binary (Ki, Mi, Gi, Ti, Pi, Ei), decimal (m, k, M, G, T, P, E) or a decimal exponent (e3, E-3). Written as a JSON string (\"100m\", \"1Gi\") or number.",
    oneOf: [{ type: "string" }, { type: "number" }],
  },
  [INT_OR_STRING]: {
    description: "An integer or a string, e.g. a port number or a port name, or a count or a percentage.",
    format: "int-or-string",
    oneOf: [{ type: "integer" }, { type: "string" }],
  },
  [TIME]: { description: "A timestamp in RFC 3339 form with second precision, e.g. 2024-01-02T03:04:05Z.", format: "date-time", type: "string" },
  [MICRO_TIME]: { description: "A timestamp in RFC 3339 form with microsecond precision.", format: "date-time", type: "string" },
  [PATCH]: { description: "The body of a PATCH request; its form depends on the request's Content-Type.", type: "object" },
};

export function ref(name: string): OpenAPISchema {
  return { $ref: `${SCHEMA_REF}${name}` };
}

/** Collects components reachable from the given schemas. */
export class ComponentCollector {
  readonly schemas: Record<string, OpenAPISchema> = {};

  /** Adds a named schema (and everything it uses); returns its component name. */
  add(schema: Schema): string {
    const node = resolveNode(schema);
    if (node.type !== "object" || !node.name) throw new Error("only named object schemas can be components");
    this.component(schema);
    return node.name;
  }

  addPrimitive(name: keyof typeof PRIMITIVES | string): void {
    const p = PRIMITIVES[name];
    if (p && !this.schemas[name]) this.schemas[name] = p;
  }

  private component(schema: Schema): string {
    const node = resolveNode(schema);
    if (node.type !== "object" || !node.name) throw new Error("not a named object");
    const name = node.name;
    if (this.schemas[name]) return name;
    const out: OpenAPISchema = {};
    this.schemas[name] = out; // placed first so recursive references terminate
    if (node.description) out.description = node.description;
    const properties: Record<string, OpenAPISchema> = {};
    for (const key of Object.keys(node.properties).sort()) properties[key] = this.property(node.properties[key]!);
    out.properties = properties;
    if (node.required.length) out.required = [...node.required];
    out.type = "object";
    if (node.gvk) out["x-kubernetes-group-version-kind"] = node.gvk.map((g) => ({ group: g.group, kind: g.kind, version: g.version }));
    if (node.mapType) out["x-kubernetes-map-type"] = node.mapType;
    return name;
  }

  /** The schema of one field use: type, description and list/map/patch extensions. */
  property(schema: Schema): OpenAPISchema {
    const node = resolveNode(schema);
    const meta = schema.meta;
    let out: OpenAPISchema;
    let refName: string | undefined;
    switch (node.type) {
      case "object":
        if (node.name) refName = this.component(schema);
        else out = { type: "object" };
        break;
      case "array":
        out = { items: this.property(node.items), type: "array" };
        break;
      case "map":
        out = { additionalProperties: this.property(node.values), type: "object" };
        break;
      case "string":
        out = { type: "string" };
        if (node.format) out.format = node.format;
        if (node.enum) out.enum = [...node.enum];
        break;
      case "integer":
        out = { format: node.format, type: "integer" };
        break;
      case "number":
        out = { format: "double", type: "number" };
        break;
      case "boolean":
        out = { type: "boolean" };
        break;
      case "quantity":
        refName = QUANTITY;
        break;
      case "int-or-string":
        refName = INT_OR_STRING;
        break;
      case "time":
        refName = node.micro ? MICRO_TIME : TIME;
        break;
      case "any":
        out = { type: "object" };
        break;
      case "ref":
        throw new Error("unresolved ref");
    }
    const extensions = patchExtensions(meta);
    if (refName !== undefined) {
      this.addPrimitive(refName);
      if (!meta.description && !extensions) return ref(refName);
      out = { allOf: [ref(refName)] };
    }
    out = out!;
    if (meta.description) out.description = meta.description;
    if (extensions) Object.assign(out, extensions);
    return out;
  }
}

function patchExtensions(meta: Schema["meta"]): OpenAPISchema | undefined {
  const ext: OpenAPISchema = {};
  if (meta.listMapKeys) ext["x-kubernetes-list-map-keys"] = [...meta.listMapKeys];
  if (meta.listType) ext["x-kubernetes-list-type"] = meta.listType;
  if (meta.mapType) ext["x-kubernetes-map-type"] = meta.mapType;
  if (meta.patchMergeKey) ext["x-kubernetes-patch-merge-key"] = meta.patchMergeKey;
  if (meta.patchStrategy) ext["x-kubernetes-patch-strategy"] = meta.patchStrategy;
  return Object.keys(ext).length ? ext : undefined;
}
