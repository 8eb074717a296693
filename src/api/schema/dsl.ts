/**
 * A small runtime schema language for API types, with TypeScript inference.
 *
 * One declaration gives three things: the static type (`Infer<typeof XSchema>`), the
 * structural facts patch/apply/validation need (adapted to FieldSchema), and the
 * OpenAPI document kubectl reads. Nodes are plain immutable data; a `Schema` wraps a
 * node with what belongs to one use of it (description, patch metadata), so a named
 * object declared once can be referenced from many fields with different docs.
 */

export type ListType = "atomic" | "set" | "map";
export type MapType = "atomic" | "granular";

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface StringNode {
  readonly type: "string";
  /** OpenAPI format, e.g. "byte" for base64 data. */
  readonly format?: string;
  readonly enum?: readonly string[];
}
export interface IntegerNode {
  readonly type: "integer";
  readonly format: "int32" | "int64";
}
export interface NumberNode {
  readonly type: "number";
}
export interface BooleanNode {
  readonly type: "boolean";
}
/** resource.Quantity: a JSON string ("100m", "1Gi") or number. */
export interface QuantityNode {
  readonly type: "quantity";
}
/** intstr.IntOrString: a JSON integer or string. */
export interface IntOrStringNode {
  readonly type: "int-or-string";
}
/** metav1.Time (RFC 3339, seconds) or metav1.MicroTime (RFC 3339, microseconds). */
export interface TimeNode {
  readonly type: "time";
  readonly micro: boolean;
}
/** Arbitrary JSON kept as is (runtime.RawExtension, FieldsV1, free-form objects). */
export interface AnyNode {
  readonly type: "any";
}
export interface ObjectNode {
  readonly type: "object";
  readonly properties: Readonly<Record<string, Schema>>;
  /** Fields the OpenAPI schema lists as required. */
  readonly required: readonly string[];
  /** Definition name (e.g. "io.k8s.api.core.v1.Container"); unnamed objects are inlined. */
  readonly name?: string;
  /** Description of the type itself (fields carry their own). */
  readonly description?: string;
  /** x-kubernetes-map-type on a struct (+structType=atomic). */
  readonly mapType?: MapType;
  /** Top-level kinds this definition is served as (x-kubernetes-group-version-kind). */
  readonly gvk?: readonly GroupVersionKind[];
}
export interface ArrayNode {
  readonly type: "array";
  readonly items: Schema;
}
export interface MapNode {
  readonly type: "map";
  readonly values: Schema;
}
/** A lazily resolved named schema, for recursion or forward references. */
export interface RefNode {
  readonly type: "ref";
  readonly name: string;
  readonly resolve: () => Schema;
}

export type Node =
  | StringNode
  | IntegerNode
  | NumberNode
  | BooleanNode
  | QuantityNode
  | IntOrStringNode
  | TimeNode
  | AnyNode
  | ObjectNode
  | ArrayNode
  | MapNode
  | RefNode;

/** What belongs to one use of a node: description and merge metadata of the field. */
export interface FieldMeta {
  readonly description?: string;
  /** x-kubernetes-patch-strategy ("merge", "retainKeys", "merge,retainKeys", "replace"). */
  readonly patchStrategy?: string;
  /** x-kubernetes-patch-merge-key. */
  readonly patchMergeKey?: string;
  readonly listType?: ListType;
  readonly listMapKeys?: readonly string[];
  /** x-kubernetes-map-type on a map field. */
  readonly mapType?: MapType;
}

declare const TYPE: unique symbol;

export class Schema<T = unknown> {
  /** Phantom: the static type this schema describes. Never set at runtime. */
  declare readonly [TYPE]: T;
  constructor(
    readonly node: Node,
    readonly meta: FieldMeta = {},
  ) {}

  /** The same schema with a field description. */
  doc(description: string): Schema<T> {
    return new Schema<T>(this.node, { ...this.meta, description });
  }

  /** The same schema with extra field metadata (e.g. patchStrategy "retainKeys"). */
  with(meta: FieldMeta): Schema<T> {
    return new Schema<T>(this.node, { ...this.meta, ...meta });
  }
}

/** The static type a schema describes. */
export type Infer<S extends Schema<unknown>> = S[typeof TYPE];

type Shape = Readonly<Record<string, Schema<unknown>>>;
type Flatten<T> = { -readonly [K in keyof T]: T[K] } & {};
/** Object type: keys in R are required, all others optional (never `| undefined`). */
export type ObjectOf<P extends Shape, R extends PropertyKey> = Flatten<
  { -readonly [K in keyof P as K extends R ? K : never]: Infer<P[K]> } & { -readonly [K in keyof P as K extends R ? never : K]?: Infer<P[K]> }
>;

export interface ObjectOptions<R extends string> {
  /** Definition name; named objects become OpenAPI components. */
  name?: string;
  /** Required by the API (OpenAPI `required`); also required in the static type. */
  required?: readonly R[];
  /** Always present on objects read from the server (required in the static type only). */
  present?: readonly R[];
  description?: string;
  mapType?: MapType;
  gvk?: readonly GroupVersionKind[];
}

export interface ArrayOptions {
  listType?: ListType;
  listMapKeys?: readonly string[];
  patchStrategy?: string;
  patchMergeKey?: string;
}

/** Drops undefined members, so optional fields stay absent (exactOptionalPropertyTypes). */
function clean(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

const STRING = new Schema<string>({ type: "string" });
const BYTES = new Schema<string>({ type: "string", format: "byte" });
const INT32 = new Schema<number>({ type: "integer", format: "int32" });
const INT64 = new Schema<number>({ type: "integer", format: "int64" });
const NUMBER = new Schema<number>({ type: "number" });
const BOOLEAN = new Schema<boolean>({ type: "boolean" });
const QUANTITY = new Schema<string | number>({ type: "quantity" });
const INT_OR_STRING = new Schema<string | number>({ type: "int-or-string" });
const TIME = new Schema<string>({ type: "time", micro: false });
const MICRO_TIME = new Schema<string>({ type: "time", micro: true });
const ANY = new Schema<unknown>({ type: "any" });

export const s = {
  string: (): Schema<string> => STRING,
  /** Base64-encoded bytes ([]byte in Go). */
  bytes: (): Schema<string> => BYTES,
  enum: <const V extends readonly string[]>(values: V): Schema<V[number]> => new Schema({ type: "string", enum: values }),
  int32: (): Schema<number> => INT32,
  int64: (): Schema<number> => INT64,
  number: (): Schema<number> => NUMBER,
  boolean: (): Schema<boolean> => BOOLEAN,
  quantity: (): Schema<string | number> => QUANTITY,
  intOrString: (): Schema<string | number> => INT_OR_STRING,
  time: (): Schema<string> => TIME,
  microTime: (): Schema<string> => MICRO_TIME,
  any: (): Schema<unknown> => ANY,
  /** A free-form JSON object whose fields are kept as given. */
  anyObject: (): Schema<Record<string, unknown>> => ANY as Schema<Record<string, unknown>>,

  object<const P extends Shape, const R extends keyof P & string = never>(
    properties: P,
    opts: ObjectOptions<R> = {},
  ): Schema<ObjectOf<P, R>> {
    return new Schema(
      clean({
        type: "object" as const,
        properties,
        required: opts.required ?? [],
        name: opts.name,
        description: opts.description,
        mapType: opts.mapType,
        gvk: opts.gvk,
      }) as unknown as ObjectNode,
    );
  },

  array<T>(items: Schema<T>, opts: ArrayOptions = {}): Schema<T[]> {
    return new Schema({ type: "array", items }, clean({ ...opts }) as FieldMeta);
  },

  map<T>(values: Schema<T>, opts: { mapType?: MapType } = {}): Schema<Record<string, T>> {
    return new Schema({ type: "map", values }, clean({ ...opts }) as FieldMeta);
  },

  /** A named schema resolved on first use; lets declarations refer to each other in any order. */
  ref<T>(name: string, resolve: () => Schema<T>): Schema<T> {
    return new Schema({ type: "ref", name, resolve });
  },
};

/** Follows refs to the underlying node. */
export function resolveNode(schema: Schema): Node {
  let node = schema.node;
  for (let i = 0; node.type === "ref" && i < 64; i++) node = node.resolve().node;
  return node;
}
