/**
 * Pruning of custom resources (apiextensions' schema/pruning, plus what its decoder does
 * around it): fields the structural schema does not specify are removed, in place, and
 * their paths returned in upstream's order for strict field validation
 * (`unknown field "spec.foo"`): root metadata fields ObjectMeta does not have first
 * ("metadata.foo"), then the pruned fields sorted ("spec.foo", "spec.items[0].bar",
 * "spec.map.key.x"), then unknown fields in embedded resources' metadata, sorted
 * ("spec.template.metadata.foo", map keys as "[key]" there).
 *
 * Rules, as upstream: root apiVersion, kind and metadata are kept, and so are those of
 * x-kubernetes-embedded-resource objects (whose metadata is pruned to ObjectMeta).
 * x-kubernetes-preserve-unknown-fields keeps unknown fields of that object, while the
 * properties it does specify are pruned by their own schemas; below an array with it the
 * items keep unknown fields too. additionalProperties values are pruned with its schema;
 * with `additionalProperties: true` or `false` the keys stay but object values are emptied
 * (upstream prunes them with no schema). Pruning reads only the structural part of the
 * schema (properties, additionalProperties, items), never allOf/anyOf/oneOf/not.
 * Afterwards nulls the schema does not allow are dropped (PruneNonNullableNullsWithoutDefaults).
 */
import { pruneNonNullableNulls } from "./nulls.ts";
import { pruneObjectMeta } from "./object-meta.ts";
import { additionalPropertiesOf, isJsonObject, itemsOf, type JsonObject, type JSONSchemaProps } from "./types.ts";

const META_FIELDS = new Set(["apiVersion", "kind", "metadata"]);

/** Prunes obj (a whole custom resource) in place; returns the removed fields' paths. */
export function pruneUnknownFields(obj: unknown, schema: JSONSchemaProps): string[] {
  if (!isJsonObject(obj)) return [];
  const meta: string[] = [];
  if (isJsonObject(obj["metadata"])) pruneObjectMeta(obj["metadata"], "metadata", meta);
  const p = new Pruner(true);
  p.prune(obj, schema, true);
  pruneNonNullableNulls(obj, schema);
  return [...meta, ...p.pruned.sort(), ...p.embeddedMeta.sort()];
}

/**
 * Prunes a value against a schema as upstream's pruning.Prune does (no metadata coercion,
 * apiVersion/kind/metadata kept only where isResourceRoot or the schema marks an embedded
 * resource). Used for default values; returns whether anything was removed.
 */
export function pruneValue(value: unknown, schema: JSONSchemaProps, isResourceRoot: boolean): boolean {
  const p = new Pruner(false);
  p.prune(value, schema, isResourceRoot);
  return p.pruned.length > 0 || p.silent > 0;
}

/** The walk, with the current path kept as a stack and rendered only when a field is pruned. */
class Pruner {
  readonly pruned: string[] = [];
  readonly embeddedMeta: string[] = [];
  /** Root apiVersion/kind/metadata of a non-root-embedded walk dropped without a report, as upstream. */
  silent = 0;
  private readonly segs: (string | number)[] = [];
  private readonly mapKey: boolean[] = [];

  /** coerceMeta: also prune embedded resources' metadata to ObjectMeta (the decoder does; pruning.Prune does not). */
  constructor(private readonly coerceMeta: boolean) {}

  private push(seg: string | number, viaMap = false): void {
    this.segs.push(seg);
    this.mapKey.push(viaMap);
  }
  private pop(): void {
    this.segs.pop();
    this.mapKey.pop();
  }

  /** The pruning path: keys joined by dots, indices in brackets. */
  private record(k: string): void {
    let out = "";
    for (const s of this.segs) out += typeof s === "number" ? `[${s}]` : out === "" ? s : `.${s}`;
    this.pruned.push(out === "" ? k : `${out}.${k}`);
  }

  /** The field.Path of the current node: properties as ".k", map keys as "[k]", indices as "[i]". */
  private fieldPath(): string {
    let out = "";
    for (let i = 0; i < this.segs.length; i++) {
      const s = this.segs[i]!;
      out += typeof s === "number" || this.mapKey[i] ? `[${s}]` : out === "" ? s : `.${s}`;
    }
    return out;
  }

  private embeddedMetadata(x: JsonObject): void {
    if (!this.coerceMeta) return;
    const meta = x["metadata"];
    if (isJsonObject(meta)) pruneObjectMeta(meta, `${this.fieldPath()}.metadata`, this.embeddedMeta);
  }

  prune(x: unknown, s: JSONSchemaProps | undefined, isRoot = false): void {
    if (s?.["x-kubernetes-preserve-unknown-fields"]) return this.skipPrune(x, s, isRoot);
    if (Array.isArray(x)) {
      const items = s === undefined ? undefined : itemsOf(s);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (v === null || typeof v !== "object") continue;
        this.push(i);
        this.prune(v, items);
        this.pop();
      }
      return;
    }
    if (!isJsonObject(x)) return;
    if (s === undefined) {
      for (const k of Object.keys(x)) {
        this.record(k);
        delete x[k];
      }
      return;
    }
    const embedded = isRoot || s["x-kubernetes-embedded-resource"] === true;
    if (embedded && !isRoot) this.embeddedMetadata(x);
    const props = s.properties;
    const hasAdditional = s.additionalProperties !== undefined;
    const additional = additionalPropertiesOf(s);
    for (const k of Object.keys(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const v = x[k];
      if (props !== undefined && Object.prototype.hasOwnProperty.call(props, k)) {
        if (v !== null && typeof v === "object") {
          this.push(k);
          this.prune(v, props[k]);
          this.pop();
        }
      } else if (hasAdditional) {
        if (v !== null && typeof v === "object") {
          this.push(k, true);
          this.prune(v, additional);
          this.pop();
        }
      } else {
        if (META_FIELDS.has(k) && this.segs.length === 0) this.silent++;
        else this.record(k);
        delete x[k];
      }
    }
  }

  /** Below x-kubernetes-preserve-unknown-fields: only specified properties and map values are pruned. */
  private skipPrune(x: unknown, s: JSONSchemaProps, isRoot = false): void {
    if (Array.isArray(x)) {
      const items = itemsOf(s);
      if (items === undefined) return;
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (v === null || typeof v !== "object") continue;
        this.push(i);
        this.skipPrune(v, items);
        this.pop();
      }
      return;
    }
    if (!isJsonObject(x)) return;
    const embedded = isRoot || s["x-kubernetes-embedded-resource"] === true;
    if (embedded && !isRoot) this.embeddedMetadata(x);
    const props = s.properties;
    const hasAdditional = s.additionalProperties !== undefined;
    const additional = additionalPropertiesOf(s);
    for (const k of Object.keys(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const v = x[k];
      if (v === null || typeof v !== "object") continue;
      if (props !== undefined && Object.prototype.hasOwnProperty.call(props, k)) {
        this.push(k);
        this.prune(v, props[k]);
        this.pop();
      } else if (hasAdditional) {
        this.push(k, true);
        this.prune(v, additional);
        this.pop();
      }
    }
  }
}
