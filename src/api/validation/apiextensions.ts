import { X509Certificate } from "node:crypto";
import { validateStructuralSchema } from "../apiextensions/structural.ts";
import type { JSONSchemaProps as StructuralSchema } from "../apiextensions/types.ts";
import type { ObjectMeta } from "../meta/types.ts";
import { isDNS1035Label } from "../names/dns.ts";
import { nameIsDNSSubdomain, type NameValidator } from "../names/object-names.ts";
import type { CustomResourceDefinition, CustomResourceDefinitionNames, JSONSchemaProps } from "../types/index.ts";
import { forbidden, goQuote, invalid, notSupported, Path, required, tooMany, type FieldError, duplicate } from "./field-error.ts";
import { GoValue, goStrings } from "./go-values.ts";
import { arr, isObj, type Obj } from "./helpers.ts";
import { isDNS1123Subdomain, isValidPortNum } from "./names.ts";
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.ts";

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition rules (upstream
 * apiextensions-apiserver pkg/apis/apiextensions/validation, v1.34:
 * ValidateCustomResourceDefinition, ValidateCustomResourceDefinitionUpdate,
 * ValidateUpdateCustomResourceDefinitionStatus), metadata included, with upstream's
 * messages and field paths.
 *
 * Upstream validates the internal version, into which a v1 spec converts with the
 * per-version schema, subresources, printer columns and selectable fields moved up to
 * spec.validation, spec.subresources, spec.additionalPrinterColumns and
 * spec.selectableFields when every version has the same one, and with spec.version set
 * to the first version's name; spec.conversion.webhook becomes webhookClientConfig and
 * conversionReviewVersions. Errors name those internal paths (a single-version CRD's
 * printer column error is at spec.additionalPrinterColumns[0]), so the spec is converted
 * the same way here first. Bad values upstream prints with %#v (spec.versions, a root
 * schema) are printed the same way; pointers inside them print as a fixed address.
 *
 * The schema rules themselves (structural schema, OpenAPI and x-kubernetes-* checks,
 * defaults, CEL) belong to the schema validator; this file checks what surrounds a schema
 * (presence, the root's fields when the status subresource is on, nullable at the root).
 */

// ---------------------------------------------------------------------------
// The internal form of a v1 spec

interface Column {
  name?: string;
  type?: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath?: string;
}
interface Selectable {
  jsonPath?: string;
}
interface Scale {
  specReplicasPath?: string;
  statusReplicasPath?: string;
  labelSelectorPath?: string | null;
}
interface Subresources {
  status?: Obj | null;
  scale?: Scale | null;
}
interface Validation {
  openAPIV3Schema?: JSONSchemaProps | null;
}
interface Version {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning: string | undefined;
  schema: Validation | undefined;
  subresources: Subresources | undefined;
  additionalPrinterColumns: Column[] | undefined;
  selectableFields: Selectable[] | undefined;
}
interface ServiceRef {
  namespace?: string;
  name?: string;
  path?: string | null;
  port?: number | null;
}
interface ClientConfig {
  url?: string | null;
  service?: ServiceRef | null;
  caBundle?: string | null;
}
interface Conversion {
  strategy: string;
  webhookClientConfig: ClientConfig | undefined;
  conversionReviewVersions: string[] | undefined;
}
interface Spec {
  group: string;
  version: string;
  names: CustomResourceDefinitionNames;
  scope: string;
  validation: Validation | undefined;
  subresources: Subresources | undefined;
  /** undefined when absent (Go nil), [] when sent empty. */
  versions: Version[] | undefined;
  additionalPrinterColumns: Column[] | undefined;
  selectableFields: Selectable[] | undefined;
  conversion: Conversion | undefined;
  preserveUnknownFields: boolean;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const optObj = <X>(v: unknown): X | undefined => (isObj(v) ? (v as X) : undefined);
const optArr = <X>(v: unknown): X[] | undefined => (Array.isArray(v) ? (v as X[]) : undefined);

/** Semantic.DeepEqual on decoded JSON: absent, null and empty lists are alike (nil and empty slices are equal). */
function semanticEqual(a: unknown, b: unknown): boolean {
  const nil = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (nil(a) || nil(b)) return nil(a) && nil(b);
  if (typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Obj;
  const bo = b as Obj;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

/** Convert_v1_CustomResourceDefinitionSpec_To_apiextensions_CustomResourceDefinitionSpec. */
function internalSpec(v1: unknown): Spec {
  const spec = isObj(v1) ? v1 : {};
  const versions = optArr<unknown>(spec["versions"])?.map(
    (raw): Version => {
      const v = isObj(raw) ? raw : {};
      return {
        name: str(v["name"]),
        served: v["served"] === true,
        storage: v["storage"] === true,
        deprecated: v["deprecated"] === true,
        deprecationWarning: typeof v["deprecationWarning"] === "string" ? v["deprecationWarning"] : undefined,
        schema: optObj<Validation>(v["schema"]),
        subresources: optObj<Subresources>(v["subresources"]),
        additionalPrinterColumns: optArr<Column>(v["additionalPrinterColumns"]),
        selectableFields: optArr<Selectable>(v["selectableFields"]),
      };
    },
  );
  const conv = optObj<Obj>(spec["conversion"]);
  const webhook = conv ? optObj<Obj>(conv["webhook"]) : undefined;
  const out: Spec = {
    group: str(spec["group"]),
    version: "",
    names: (optObj<CustomResourceDefinitionNames>(spec["names"]) ?? {}) as CustomResourceDefinitionNames,
    scope: str(spec["scope"]),
    validation: undefined,
    subresources: undefined,
    versions,
    additionalPrinterColumns: undefined,
    selectableFields: undefined,
    conversion: conv
      ? { strategy: str(conv["strategy"]), webhookClientConfig: webhook ? optObj<ClientConfig>(webhook["clientConfig"]) : undefined, conversionReviewVersions: webhook ? optArr<string>(webhook["conversionReviewVersions"]) : undefined }
      : undefined,
    preserveUnknownFields: spec["preserveUnknownFields"] === true,
  };
  if (!versions || versions.length === 0) return out;
  const first = versions[0]!;
  out.version = first.name;
  const identical = <K extends keyof Version>(k: K) => versions.every((v) => semanticEqual(v[k], first[k]));
  if (identical("schema")) {
    out.validation = first.schema;
    for (const v of versions) v.schema = undefined;
  }
  if (identical("subresources")) {
    out.subresources = first.subresources;
    for (const v of versions) v.subresources = undefined;
  }
  if (identical("additionalPrinterColumns")) {
    out.additionalPrinterColumns = first.additionalPrinterColumns;
    for (const v of versions) v.additionalPrinterColumns = undefined;
  }
  if (identical("selectableFields")) {
    out.selectableFields = first.selectableFields;
    for (const v of versions) v.selectableFields = undefined;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Bad values printed as Go's %#v

/** Where %#v prints a non-nil pointer's address. */
const ADDRESS = "0xc000000000";
const PKG = "apiextensions";

const goPtr = (type: string, v: unknown): string => `(*${type})(${v === undefined || v === null ? "nil" : ADDRESS})`;
const goStr = (v: unknown): string => goQuote(str(v));
const goBool = (v: unknown): string => String(v === true);
function goInt(v: unknown): string {
  return typeof v === "number" ? String(v) : "0";
}

/** %#v of a value held in an interface{} (apiextensions.JSON): strings quoted, maps and lists spelled out. */
function goAny(v: unknown): string {
  if (v === undefined || v === null) return "interface {}(nil)";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goAny).join(", ")}}`;
  const o = v as Obj;
  return `map[string]interface {}{${Object.keys(o)
    .sort()
    .map((k) => `${goQuote(k)}:${goAny(o[k])}`)
    .join(", ")}}`;
}

function goSlice(type: string, v: unknown, item: (x: unknown) => string): string {
  if (!Array.isArray(v)) return `${type}(nil)`;
  return `${type}{${v.map(item).join(", ")}}`;
}

function goMap(type: string, v: unknown, value: (x: unknown) => string): string {
  if (!isObj(v)) return `${type}(nil)`;
  return `${type}{${Object.keys(v)
    .sort()
    .map((k) => `${goQuote(k)}:${value(v[k])}`)
    .join(", ")}}`;
}

function goValidationRule(v: unknown): string {
  const r = isObj(v) ? v : {};
  return (
    `${PKG}.ValidationRule{Rule:${goStr(r["rule"])}, Message:${goStr(r["message"])}, MessageExpression:${goStr(r["messageExpression"])}, ` +
    `Reason:${goPtr(`${PKG}.FieldValueErrorReason`, r["reason"])}, FieldPath:${goStr(r["fieldPath"])}, OptionalOldSelf:${goPtr("bool", r["optionalOldSelf"])}}`
  );
}

function goDependency(v: unknown): string {
  const schema = Array.isArray(v) ? undefined : v;
  const property = Array.isArray(v) ? goStrings(v as string[]) : "[]string(nil)";
  return `${PKG}.JSONSchemaPropsOrStringArray{Schema:${goPtr(`${PKG}.JSONSchemaProps`, schema)}, Property:${property}}`;
}

/** %#v of an internal apiextensions.JSONSchemaProps (its fields in the internal type's order). */
export function goJSONSchemaProps(v: unknown): string {
  const s = isObj(v) ? v : {};
  const props = (x: unknown) => goJSONSchemaProps(x);
  const fields: [string, string][] = [
    ["ID", goStr(s["id"])],
    ["Schema", goStr(s["$schema"])],
    ["Ref", goPtr("string", s["$ref"])],
    ["Description", goStr(s["description"])],
    ["Type", goStr(s["type"])],
    ["Nullable", goBool(s["nullable"])],
    ["Format", goStr(s["format"])],
    ["Title", goStr(s["title"])],
    ["Default", goPtr(`${PKG}.JSON`, s["default"])],
    ["Maximum", goPtr("float64", s["maximum"])],
    ["ExclusiveMaximum", goBool(s["exclusiveMaximum"])],
    ["Minimum", goPtr("float64", s["minimum"])],
    ["ExclusiveMinimum", goBool(s["exclusiveMinimum"])],
    ["MaxLength", goPtr("int64", s["maxLength"])],
    ["MinLength", goPtr("int64", s["minLength"])],
    ["Pattern", goStr(s["pattern"])],
    ["MaxItems", goPtr("int64", s["maxItems"])],
    ["MinItems", goPtr("int64", s["minItems"])],
    ["UniqueItems", goBool(s["uniqueItems"])],
    ["MultipleOf", goPtr("float64", s["multipleOf"])],
    ["Enum", goSlice(`[]${PKG}.JSON`, s["enum"], goAny)],
    ["MaxProperties", goPtr("int64", s["maxProperties"])],
    ["MinProperties", goPtr("int64", s["minProperties"])],
    ["Required", Array.isArray(s["required"]) ? goStrings(s["required"] as string[]) : "[]string(nil)"],
    ["Items", goPtr(`${PKG}.JSONSchemaPropsOrArray`, s["items"])],
    ["AllOf", goSlice(`[]${PKG}.JSONSchemaProps`, s["allOf"], props)],
    ["OneOf", goSlice(`[]${PKG}.JSONSchemaProps`, s["oneOf"], props)],
    ["AnyOf", goSlice(`[]${PKG}.JSONSchemaProps`, s["anyOf"], props)],
    ["Not", goPtr(`${PKG}.JSONSchemaProps`, s["not"])],
    ["Properties", goMap(`map[string]${PKG}.JSONSchemaProps`, s["properties"], props)],
    ["AdditionalProperties", goPtr(`${PKG}.JSONSchemaPropsOrBool`, s["additionalProperties"])],
    ["PatternProperties", goMap(`map[string]${PKG}.JSONSchemaProps`, s["patternProperties"], props)],
    ["Dependencies", goMap(`${PKG}.JSONSchemaDependencies`, s["dependencies"], goDependency)],
    ["AdditionalItems", goPtr(`${PKG}.JSONSchemaPropsOrBool`, s["additionalItems"])],
    ["Definitions", goMap(`${PKG}.JSONSchemaDefinitions`, s["definitions"], props)],
    ["ExternalDocs", goPtr(`${PKG}.ExternalDocumentation`, s["externalDocs"])],
    ["Example", goPtr(`${PKG}.JSON`, s["example"])],
    ["XPreserveUnknownFields", goPtr("bool", s["x-kubernetes-preserve-unknown-fields"])],
    ["XEmbeddedResource", goBool(s["x-kubernetes-embedded-resource"])],
    ["XIntOrString", goBool(s["x-kubernetes-int-or-string"])],
    ["XListMapKeys", Array.isArray(s["x-kubernetes-list-map-keys"]) ? goStrings(s["x-kubernetes-list-map-keys"] as string[]) : "[]string(nil)"],
    ["XListType", goPtr("string", s["x-kubernetes-list-type"])],
    ["XMapType", goPtr("string", s["x-kubernetes-map-type"])],
    ["XValidations", goSlice(`${PKG}.ValidationRules`, s["x-kubernetes-validations"], goValidationRule)],
  ];
  return `${PKG}.JSONSchemaProps{${fields.map(([k, x]) => `${k}:${x}`).join(", ")}}`;
}

function goColumn(v: unknown): string {
  const c = isObj(v) ? v : {};
  return `${PKG}.CustomResourceColumnDefinition{Name:${goStr(c["name"])}, Type:${goStr(c["type"])}, Format:${goStr(c["format"])}, Description:${goStr(c["description"])}, Priority:${goInt(c["priority"])}, JSONPath:${goStr(c["jsonPath"])}}`;
}

function goVersion(v: Version): string {
  return (
    `${PKG}.CustomResourceDefinitionVersion{Name:${goQuote(v.name)}, Served:${v.served}, Storage:${v.storage}, Deprecated:${v.deprecated}, ` +
    `DeprecationWarning:${goPtr("string", v.deprecationWarning)}, Schema:${goPtr(`${PKG}.CustomResourceValidation`, v.schema)}, ` +
    `Subresources:${goPtr(`${PKG}.CustomResourceSubresources`, v.subresources)}, ` +
    `AdditionalPrinterColumns:${goSlice(`[]${PKG}.CustomResourceColumnDefinition`, v.additionalPrinterColumns, goColumn)}, ` +
    `SelectableFields:${goSlice(`[]${PKG}.SelectableField`, v.selectableFields, (f) => `${PKG}.SelectableField{JSONPath:${goStr(isObj(f) ? f["jsonPath"] : "")}}`)}}`
  );
}

function goVersions(versions: Version[] | undefined, raw: unknown): GoValue {
  const type = `[]${PKG}.CustomResourceDefinitionVersion`;
  return new GoValue(versions === undefined ? `${type}(nil)` : `${type}{${versions.map(goVersion).join(", ")}}`, raw ?? null);
}

/** []string as %#v prints it; an empty list prints as nil (upstream builds these lists by appending). */
function goStringList(v: readonly string[] | undefined): GoValue {
  return new GoValue(v === undefined || v.length === 0 ? "[]string(nil)" : goStrings(v), v ?? null);
}

/** []byte as %#v prints it. */
function goBytes(b: Uint8Array, raw: unknown): GoValue {
  return new GoValue(`[]byte{${[...b].map((x) => `0x${x.toString(16)}`).join(", ")}}`, raw);
}

// ---------------------------------------------------------------------------
// Options (validationOptions)

interface Options {
  requireRecognizedConversionReviewVersion: boolean;
  requireImmutableNames: boolean;
  requireOpenAPISchema: boolean;
  allowInvalidCABundle: boolean;
}

const CREATE_OPTIONS: Options = { requireRecognizedConversionReviewVersion: true, requireImmutableNames: false, requireOpenAPISchema: true, allowInvalidCABundle: true };

function isEstablished(crd: CustomResourceDefinition): boolean {
  const conditions = arr<{ type?: string; status?: string }>(isObj(crd.status) ? crd.status.conditions : undefined);
  return conditions.some((c) => isObj(c) && c.type === "Established" && c.status === "True");
}

function allVersionsSpecifyOpenAPISchema(spec: Spec): boolean {
  if (isObj(spec.validation?.openAPIV3Schema)) return true;
  return (spec.versions ?? []).every((v) => isObj(v.schema?.openAPIV3Schema));
}

function updateOptions(old: CustomResourceDefinition, oldSpec: Spec): Options {
  const reviewVersions = oldSpec.conversion?.conversionReviewVersions ?? [];
  const established = isEstablished(old);
  const caBundle = oldSpec.conversion?.webhookClientConfig?.caBundle;
  return {
    requireRecognizedConversionReviewVersion: !oldSpec.conversion || reviewVersions.length === 0 || reviewVersions.some((v) => ACCEPTED_REVIEW_VERSIONS.includes(v)),
    requireImmutableNames: established,
    requireOpenAPISchema: allVersionsSpecifyOpenAPISchema(oldSpec),
    allowInvalidCABundle: !established || (typeof caBundle === "string" && caBundle !== "" && caBundleError(decodeBase64(caBundle)) !== undefined),
  };
}

// ---------------------------------------------------------------------------
// Entry points

/** The metadata.name rule: a DNS subdomain that is spec.names.plural + "." + spec.group. */
function crdNameValidator(crd: CustomResourceDefinition): NameValidator {
  const spec = isObj(crd.spec) ? crd.spec : undefined;
  const names = spec && isObj(spec.names) ? spec.names : undefined;
  const requiredName = `${str(names?.plural)}.${str(spec?.group)}`;
  return (name, prefix) => {
    const errs = nameIsDNSSubdomain(name, prefix);
    if (name !== requiredName) errs.push(`must be spec.names.plural+"."+spec.group`);
    return errs;
  };
}

/** ValidateCustomResourceDefinition (create), metadata included. */
export function validateCustomResourceDefinition(crd: CustomResourceDefinition): FieldError[] {
  const spec = internalSpec(crd.spec);
  const errs = validateObjectMeta((crd.metadata ?? {}) as ObjectMeta, { namespaced: false, nameFn: crdNameValidator(crd) });
  errs.push(...validateSpec(spec, crd.spec, CREATE_OPTIONS, Path.root("spec")));
  errs.push(...validateStatus(crd));
  errs.push(...validateStoredVersions(storedVersionsOf(crd), spec.versions ?? [], Path.root("status").child("storedVersions")));
  errs.push(...validateAPIApproval(crd, undefined));
  errs.push(...validatePreserveUnknownFields(spec, undefined));
  return errs;
}

/** ValidateCustomResourceDefinitionUpdate, metadata included. */
export function validateCustomResourceDefinitionUpdate(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  const spec = internalSpec(crd.spec);
  const oldSpec = internalSpec(old.spec);
  const opts = updateOptions(old, oldSpec);
  const p = Path.root("spec");
  const errs = validateObjectMetaUpdate((crd.metadata ?? {}) as ObjectMeta, (old.metadata ?? {}) as ObjectMeta);
  errs.push(...validateSpec(spec, crd.spec, opts, p));
  if (opts.requireImmutableNames) {
    // these decide where objects are stored
    errs.push(...validateImmutable(spec.scope, oldSpec.scope, p.child("scope")));
    errs.push(...validateImmutable(str(spec.names.kind), str(oldSpec.names.kind), p.child("names", "kind")));
  }
  // part of the CRD's name, which cannot change either
  errs.push(...validateImmutable(spec.group, oldSpec.group, p.child("group")));
  errs.push(...validateImmutable(str(spec.names.plural), str(oldSpec.names.plural), p.child("names", "plural")));
  errs.push(...validateStatus(crd));
  errs.push(...validateStoredVersions(storedVersionsOf(crd), spec.versions ?? [], Path.root("status").child("storedVersions")));
  errs.push(...validateAPIApproval(crd, old));
  errs.push(...validatePreserveUnknownFields(spec, oldSpec));
  return errs;
}

/** ValidateUpdateCustomResourceDefinitionStatus: metadata update and status.acceptedNames (storedVersions is checked on spec writes). */
export function validateCustomResourceDefinitionStatusUpdate(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  const errs = validateObjectMetaUpdate((crd.metadata ?? {}) as ObjectMeta, (old.metadata ?? {}) as ObjectMeta);
  errs.push(...validateStatus(crd));
  return errs;
}

// ---------------------------------------------------------------------------
// Spec

const SCOPES = ["Cluster", "Namespaced"];
const STRATEGIES = ["None", "Webhook"];

/** validateEnumStrings: "" is a missing value when required. */
function enumString(value: string, accepted: readonly string[], path: Path): FieldError[] {
  if (value === "") return [required(path, "")];
  return accepted.includes(value) ? [] : [notSupported(path, value, accepted)];
}

function validateSpec(spec: Spec, raw: unknown, opts: Options, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const versions = spec.versions ?? [];

  if (spec.group === "") errs.push(required(p.child("group"), ""));
  else {
    const msgs = isDNS1123Subdomain(spec.group);
    if (msgs.length > 0) errs.push(invalid(p.child("group"), spec.group, msgs.join(",")));
    else if (spec.group.split(".").length < 2) errs.push(invalid(p.child("group"), spec.group, "should be a domain with at least one dot"));
  }

  errs.push(...enumString(spec.scope, SCOPES, p.child("scope")));

  const topSchema = isObj(spec.validation?.openAPIV3Schema);
  if (opts.requireOpenAPISchema) {
    if (!topSchema) {
      versions.forEach((v, i) => {
        if (!isObj(v.schema?.openAPIV3Schema)) errs.push(required(p.child("versions").index(i).child("schema").child("openAPIV3Schema"), ""));
      });
    }
  } else if (!spec.preserveUnknownFields && !topSchema) {
    versions.forEach((v, i) => {
      if (v.served && !isObj(v.schema?.openAPIV3Schema)) errs.push(required(p.child("versions").index(i).child("schema", "openAPIV3Schema"), "because otherwise all fields are pruned"));
    });
  }
  if (spec.preserveUnknownFields && specHasSchemaWith(spec, (s) => s["default"] !== undefined && s["default"] !== null)) {
    errs.push(invalid(p.child("preserveUnknownFields"), true, "must be false in order to use defaults in the schema"));
  }

  let storageCount = 0;
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    if (v.storage) storageCount++;
    if (seen.has(v.name)) unique = false;
    else seen.add(v.name);
    const vp = p.child("versions").index(i);
    const msgs = isDNS1035Label(v.name);
    if (msgs.length > 0) errs.push(invalid(vp.child("name"), v.name, msgs.join(",")));
    const subresources = versions.some((x) => x.subresources !== undefined) ? v.subresources : spec.subresources;
    errs.push(...validateVersion(v, vp, hasStatus(subresources)));
  });

  const rawVersions = isObj(raw) ? raw["versions"] : undefined;
  if (!unique) errs.push(invalid(p.child("versions"), goVersions(spec.versions, rawVersions), "must contain unique version names"));
  if (storageCount !== 1) errs.push(invalid(p.child("versions"), goVersions(spec.versions, rawVersions), "must have exactly one version marked as storage version"));
  if (spec.version !== "") {
    const msgs = isDNS1035Label(spec.version);
    if (msgs.length > 0) errs.push(invalid(p.child("version"), spec.version, msgs.join(",")));
  }

  const names = spec.names;
  if (!str(names.plural)) errs.push(required(p.child("names", "plural"), ""));
  if (!str(names.singular)) errs.push(required(p.child("names", "singular"), ""));
  if (!str(names.kind)) errs.push(required(p.child("names", "kind"), ""));
  if (!str(names.listKind)) errs.push(required(p.child("names", "listKind"), ""));
  errs.push(...validateNames(names, p.child("names")));

  const anyStatus = hasStatus(spec.subresources) || versions.some((v) => hasStatus(v.subresources));
  errs.push(...validateSchema(spec.validation, anyStatus, p.child("validation")));
  errs.push(...validateSubresources(spec.subresources, p.child("subresources")));
  (spec.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...validateColumn(c, p.child("additionalPrinterColumns").index(i))));
  if ((spec.selectableFields ?? []).length > 0) {
    if (spec.validation === undefined) errs.push(invalid(p.child("selectableFields"), "", "may only be set when validations.schema is included"));
    else errs.push(...validateSelectableFields(spec.selectableFields ?? [], spec.validation.openAPIV3Schema, p.child("selectableFields")));
  }

  if (spec.conversion && spec.conversion.strategy !== "None" && spec.preserveUnknownFields) {
    errs.push(invalid(p.child("conversion").child("strategy"), spec.conversion.strategy, "must be None if spec.preserveUnknownFields is true"));
  }
  errs.push(...validateConversion(spec.conversion, opts, p.child("conversion")));
  return errs;
}

function hasStatus(sub: Subresources | undefined): boolean {
  return sub !== undefined && isObj(sub.status);
}

/** validateCustomResourceDefinitionVersion. */
function validateVersion(v: Version, p: Path, statusEnabled: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (const msg of deprecationWarningErrors(v.deprecated, v.deprecationWarning)) errs.push(invalid(p.child("deprecationWarning"), v.deprecationWarning ?? null, msg));
  errs.push(...validateSchema(v.schema, statusEnabled, p.child("schema")));
  errs.push(...validateSubresources(v.subresources, p.child("subresources")));
  (v.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...validateColumn(c, p.child("additionalPrinterColumns").index(i))));
  if ((v.selectableFields ?? []).length > 0) {
    if (!isObj(v.schema?.openAPIV3Schema)) errs.push(invalid(p.child("selectableFields"), "", "may only be set when `version.schema.openAPIV3Schema` is not included"));
    else errs.push(...validateSelectableFields(v.selectableFields ?? [], v.schema.openAPIV3Schema, p.child("selectableFields")));
  }
  return errs;
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function deprecationWarningErrors(deprecated: boolean, warning: string | undefined): string[] {
  if (!deprecated && warning !== undefined) return ["can only be set for deprecated versions"];
  if (warning === undefined) return [];
  const errs: string[] = [];
  const bytes = Buffer.byteLength(warning, "utf8");
  if (bytes > 256) errs.push("must be <= 256 characters long");
  if (bytes === 0) errs.push("must not be an empty string");
  let index = 0;
  for (const ch of warning) {
    if (!PRINTABLE.test(ch)) {
      errs.push(`must only contain printable UTF-8 characters; non-printable character found at index ${index}`);
      break;
    }
    index += Buffer.byteLength(ch, "utf8");
  }
  return errs;
}

// ---------------------------------------------------------------------------
// Names

/** ValidateCustomResourceDefinitionNames (spec.names and status.acceptedNames): formats only, emptiness is checked by the caller. */
function validateNames(names: CustomResourceDefinitionNames, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const plural = str(names.plural);
  const singular = str(names.singular);
  const kind = str(names.kind);
  const listKind = str(names.listKind);
  let msgs = isDNS1035Label(plural);
  if (plural !== "" && msgs.length > 0) errs.push(invalid(p.child("plural"), plural, msgs.join(",")));
  msgs = isDNS1035Label(singular);
  if (singular !== "" && msgs.length > 0) errs.push(invalid(p.child("singular"), singular, msgs.join(",")));
  msgs = isDNS1035Label(kind.toLowerCase());
  if (kind !== "" && msgs.length > 0) errs.push(invalid(p.child("kind"), kind, `may have mixed case, but should otherwise match: ${msgs.join(",")}`));
  msgs = isDNS1035Label(listKind.toLowerCase());
  if (listKind !== "" && msgs.length > 0) errs.push(invalid(p.child("listKind"), listKind, `may have mixed case, but should otherwise match: ${msgs.join(",")}`));
  arr<string>(names.shortNames).forEach((s, i) => {
    const m = isDNS1035Label(str(s));
    if (m.length > 0) errs.push(invalid(p.child("shortNames").index(i), s, m.join(",")));
  });
  if (kind !== "" && kind === listKind) errs.push(invalid(p.child("listKind"), listKind, "kind and listKind may not be the same"));
  arr<string>(names.categories).forEach((c, i) => {
    const m = isDNS1035Label(str(c));
    if (m.length > 0) errs.push(invalid(p.child("categories").index(i), c, m.join(",")));
  });
  return errs;
}

// ---------------------------------------------------------------------------
// Schema surroundings

/** The Go fields of the internal JSONSchemaProps in order, with their JSON names and whether they are pointers, slices or maps (nil when absent). */
const SCHEMA_FIELDS: readonly [string, string, "value" | "nilable"][] = [
  ["ID", "id", "value"],
  ["Schema", "$schema", "value"],
  ["Ref", "$ref", "nilable"],
  ["Description", "description", "value"],
  ["Type", "type", "value"],
  ["Nullable", "nullable", "value"],
  ["Format", "format", "value"],
  ["Title", "title", "value"],
  ["Default", "default", "nilable"],
  ["Maximum", "maximum", "nilable"],
  ["ExclusiveMaximum", "exclusiveMaximum", "value"],
  ["Minimum", "minimum", "nilable"],
  ["ExclusiveMinimum", "exclusiveMinimum", "value"],
  ["MaxLength", "maxLength", "nilable"],
  ["MinLength", "minLength", "nilable"],
  ["Pattern", "pattern", "value"],
  ["MaxItems", "maxItems", "nilable"],
  ["MinItems", "minItems", "nilable"],
  ["UniqueItems", "uniqueItems", "value"],
  ["MultipleOf", "multipleOf", "nilable"],
  ["Enum", "enum", "nilable"],
  ["MaxProperties", "maxProperties", "nilable"],
  ["MinProperties", "minProperties", "nilable"],
  ["Required", "required", "nilable"],
  ["Items", "items", "nilable"],
  ["AllOf", "allOf", "nilable"],
  ["OneOf", "oneOf", "nilable"],
  ["AnyOf", "anyOf", "nilable"],
  ["Not", "not", "nilable"],
  ["Properties", "properties", "nilable"],
  ["AdditionalProperties", "additionalProperties", "nilable"],
  ["PatternProperties", "patternProperties", "nilable"],
  ["Dependencies", "dependencies", "nilable"],
  ["AdditionalItems", "additionalItems", "nilable"],
  ["Definitions", "definitions", "nilable"],
  ["ExternalDocs", "externalDocs", "nilable"],
  ["Example", "example", "nilable"],
  ["XPreserveUnknownFields", "x-kubernetes-preserve-unknown-fields", "nilable"],
  ["XEmbeddedResource", "x-kubernetes-embedded-resource", "value"],
  ["XIntOrString", "x-kubernetes-int-or-string", "value"],
  ["XListMapKeys", "x-kubernetes-list-map-keys", "nilable"],
  ["XListType", "x-kubernetes-list-type", "nilable"],
  ["XMapType", "x-kubernetes-map-type", "nilable"],
  ["XValidations", "x-kubernetes-validations", "nilable"],
];

/** The root fields allowed with the status subresource on (upstream prints the list with %v). */
const ALLOWED_AT_ROOT = [
  "Description",
  "Type",
  "Format",
  "Title",
  "Maximum",
  "ExclusiveMaximum",
  "Minimum",
  "ExclusiveMinimum",
  "MaxLength",
  "MinLength",
  "Pattern",
  "MaxItems",
  "MinItems",
  "UniqueItems",
  "MultipleOf",
  "Required",
  "Items",
  "Properties",
  "ExternalDocs",
  "Example",
  "XPreserveUnknownFields",
  "XValidations",
];

function isZeroField(v: unknown, kind: "value" | "nilable"): boolean {
  if (v === undefined || v === null) return true;
  return kind === "value" && (v === "" || v === false || v === 0);
}

/**
 * validateCustomResourceDefinitionValidation, less what the schema validator checks: with
 * the status subresource on, only some fields may be set at the root (and type must be
 * object); nullable cannot be true at the root.
 */
function validateSchema(validation: Validation | undefined, statusEnabled: boolean, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const schema = validation?.openAPIV3Schema;
  if (!isObj(schema)) return errs;
  const s = schema as Obj;
  if (statusEnabled) {
    for (const [goName, key, kind] of SCHEMA_FIELDS) {
      if (isZeroField(s[key], kind)) continue;
      if (goName === "Type") {
        if (s["type"] !== "object") {
          errs.push(invalid(p.child("openAPIV3Schema.type"), s["type"], `only "object" is allowed as the type at the root of the schema if the status subresource is enabled`));
          break;
        }
        continue;
      }
      if (!ALLOWED_AT_ROOT.includes(goName)) {
        errs.push(
          invalid(p.child("openAPIV3Schema"), new GoValue(goJSONSchemaProps(s), s), `only [${ALLOWED_AT_ROOT.join(" ")}] fields are allowed at the root of the schema if the status subresource is enabled`),
        );
        break;
      }
    }
  }
  if (s["nullable"] === true) errs.push(forbidden(p.child("openAPIV3Schema.nullable"), "nullable cannot be true at the root"));
  errs.push(...validateStructuralSchema(schema as StructuralSchema, p.child("openAPIV3Schema")));
  return errs;
}

/** Schemas nested in a schema (SchemaHas's walk). */
function childSchemas(s: Obj): unknown[] {
  const out: unknown[] = [];
  const addMap = (m: unknown) => {
    if (isObj(m)) out.push(...Object.values(m));
  };
  addMap(s["properties"]);
  addMap(s["patternProperties"]);
  addMap(s["definitions"]);
  if (isObj(s["additionalProperties"])) out.push(s["additionalProperties"]);
  if (isObj(s["additionalItems"])) out.push(s["additionalItems"]);
  if (Array.isArray(s["items"])) out.push(...s["items"]);
  else if (isObj(s["items"])) out.push(s["items"]);
  for (const k of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(s[k])) out.push(...(s[k] as unknown[]));
  if (isObj(s["not"])) out.push(s["not"]);
  if (isObj(s["dependencies"])) for (const d of Object.values(s["dependencies"])) if (isObj(d)) out.push(d);
  return out;
}

function schemaHas(s: unknown, pred: (s: Obj) => boolean, depth = 0): boolean {
  if (!isObj(s) || depth > 256) return false;
  if (pred(s)) return true;
  return childSchemas(s).some((c) => schemaHas(c, pred, depth + 1));
}

/** HasSchemaWith over the top-level and per-version schemas. */
function specHasSchemaWith(spec: Spec, pred: (s: Obj) => boolean): boolean {
  if (schemaHas(spec.validation?.openAPIV3Schema, pred)) return true;
  return (spec.versions ?? []).some((v) => schemaHas(v.schema?.openAPIV3Schema, pred));
}

// ---------------------------------------------------------------------------
// Subresources, printer columns, selectable fields

/** validateSimpleJSONPath. */
function simpleJSONPath(s: string, p: Path): FieldError[] {
  if (s.length === 0) return [invalid(p, s, "must not be empty")];
  if (s[0] !== ".") return [invalid(p, s, "must be a simple json path starting with .")];
  return [];
}

/** ValidateCustomResourceDefinitionSubresources: the scale paths. */
function validateSubresources(sub: Subresources | undefined, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const scale = sub?.scale;
  if (!isObj(scale)) return errs;
  const specPath = str(scale.specReplicasPath);
  if (specPath === "") errs.push(required(p.child("scale.specReplicasPath"), ""));
  else {
    const e = simpleJSONPath(specPath, p.child("scale.specReplicasPath"));
    if (e.length > 0) errs.push(...e);
    else if (!specPath.startsWith(".spec.")) errs.push(invalid(p.child("scale.specReplicasPath"), specPath, "should be a json path under .spec"));
  }
  const statusPath = str(scale.statusReplicasPath);
  if (statusPath === "") errs.push(required(p.child("scale.statusReplicasPath"), ""));
  else {
    const e = simpleJSONPath(statusPath, p.child("scale.statusReplicasPath"));
    if (e.length > 0) errs.push(...e);
    else if (!statusPath.startsWith(".status.")) errs.push(invalid(p.child("scale.statusReplicasPath"), statusPath, "should be a json path under .status"));
  }
  const selector = str(scale.labelSelectorPath);
  if (selector !== "") {
    const e = simpleJSONPath(selector, p.child("scale.labelSelectorPath"));
    if (e.length > 0) errs.push(...e);
    else if (!selector.startsWith(".spec.") && !selector.startsWith(".status.")) {
      errs.push(invalid(p.child("scale.labelSelectorPath"), selector, "should be a json path under either .spec or .status"));
    }
  }
  return errs;
}

// sets.NewString(...).List() order, as upstream prints them.
const COLUMN_TYPES = ["boolean", "date", "integer", "number", "string"];
const COLUMN_FORMATS = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

/** ValidateCustomResourceColumnDefinition (the path of jsonPath is spelled JSONPath, as upstream). */
function validateColumn(c: Column, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const col = isObj(c) ? c : {};
  if (!str(col.name)) errs.push(required(p.child("name"), ""));
  const type = str(col.type);
  if (type === "") errs.push(required(p.child("type"), `must be one of ${COLUMN_TYPES.join(",")}`));
  else if (!COLUMN_TYPES.includes(type)) errs.push(invalid(p.child("type"), type, `must be one of ${COLUMN_TYPES.join(",")}`));
  const format = str(col.format);
  if (format !== "" && !COLUMN_FORMATS.includes(format)) errs.push(invalid(p.child("format"), format, `must be one of ${COLUMN_FORMATS.join(",")}`));
  const jsonPath = str(col.jsonPath);
  if (jsonPath === "") errs.push(required(p.child("JSONPath"), ""));
  else errs.push(...simpleJSONPath(jsonPath, p.child("JSONPath")));
  return errs;
}

export const MAX_SELECTABLE_FIELDS = 8;

/** Splits a JSON path as cel.ValidFieldPath's scanner does: '.', '[' and ']' alone, quoted strings whole. */
function fieldPathTokens(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === "'") {
      let j = i + 1;
      while (j < path.length && !(path[j] === "'" && path[j - 1] !== "\\")) j++;
      out.push(path.slice(i, Math.min(j + 1, path.length)));
      i = j + 1;
    } else if (c === "." || c === "[" || c === "]") {
      out.push(c);
      i++;
    } else {
      let j = i;
      while (j < path.length && path[j] !== "." && path[j] !== "[" && path[j] !== "]") j++;
      out.push(path.slice(i, j));
      i = j;
    }
  }
  return out;
}

/**
 * cel.ValidFieldPath without array notation, over the JSON schema: each ".name" must be a
 * declared property (or any key where the schema has additionalProperties). Answers the
 * segments (map keys as [key]) and the schema found, or upstream's error.
 */
function validFieldPath(jsonPath: string, root: unknown): { segments: string[]; schema: Obj | undefined } | { error: string } {
  const tokens = fieldPathTokens(jsonPath);
  const segments: string[] = [];
  let schema: Obj | undefined = isObj(root) ? root : undefined;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok === "[") return { error: "array notation is not allowed" };
    if (tok !== ".") return { error: `expected [ or . but got: ${tok}` };
    if (i + 1 >= tokens.length) return { error: "unexpected end of JSON path" };
    const name = tokens[++i]!;
    const props = schema && isObj(schema["properties"]) && Object.keys(schema["properties"]).length > 0 ? schema["properties"] : undefined;
    const additional = schema && isObj(schema["additionalProperties"]) ? schema["additionalProperties"] : undefined;
    if (props) {
      if (!Object.hasOwn(props, name)) return { error: "does not refer to a valid field" };
      segments.push(name);
      schema = isObj(props[name]) ? props[name] : undefined;
    } else if (additional) {
      segments.push(`[${name}]`);
      schema = additional;
    } else {
      return { error: "does not refer to a valid field" };
    }
  }
  return { segments, schema };
}

/** ValidateCustomResourceSelectableFields. */
function validateSelectableFields(fields: readonly Selectable[], schema: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Set<string>();
  fields.forEach((f, i) => {
    const ip = p.index(i).child("jsonPath");
    const jsonPath = str(isObj(f) ? f.jsonPath : undefined);
    if (jsonPath === "") {
      errs.push(required(ip, ""));
      return;
    }
    const found = validFieldPath(jsonPath, schema);
    if ("error" in found) {
      errs.push(invalid(ip, jsonPath, `is an invalid path: ${found.error}`));
      return;
    }
    if (found.segments[0] === "metadata") errs.push(invalid(ip, jsonPath, "must not point to fields in metadata"));
    const type = found.schema?.["type"];
    if (type !== "string" && type !== "boolean" && type !== "integer") {
      errs.push(invalid(ip, jsonPath, "must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed."));
    }
    const key = found.segments.reduce((acc, s) => (s.startsWith("[") || acc === "" ? acc + s : `${acc}.${s}`), "");
    if (unique.has(key)) errs.push(duplicate(ip, jsonPath));
    else unique.add(key);
  });
  if (unique.size > MAX_SELECTABLE_FIELDS) errs.push(tooMany(p, unique.size, MAX_SELECTABLE_FIELDS));
  return errs;
}

// ---------------------------------------------------------------------------
// Conversion

/** ConversionReview versions the API server understands (sets.List order). */
const ACCEPTED_REVIEW_VERSIONS = ["v1", "v1beta1"];

function validateConversionReviewVersions(versions: readonly string[] | undefined, requireRecognized: boolean, p: Path): FieldError[] {
  const list = versions ?? [];
  if (list.length < 1) return [required(p, "")];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let accepted = false;
  list.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(invalid(p.index(i), v, "duplicate version"));
      return;
    }
    seen.add(v);
    for (const msg of isDNS1035Label(str(v))) errs.push(invalid(p.index(i), v, msg));
    if (ACCEPTED_REVIEW_VERSIONS.includes(v)) accepted = true;
  });
  if (requireRecognized && !accepted) errs.push(invalid(p, [...list], `must include at least one of ${ACCEPTED_REVIEW_VERSIONS.join(", ")}`));
  return errs;
}

function validateConversion(conversion: Conversion | undefined, opts: Options, p: Path): FieldError[] {
  if (!conversion) return [];
  const errs = enumString(conversion.strategy, STRATEGIES, p.child("strategy"));
  const ccPath = p.child("webhookClientConfig");
  if (conversion.strategy === "Webhook") {
    const cc = conversion.webhookClientConfig;
    if (!cc) errs.push(required(ccPath, "required when strategy is set to Webhook"));
    else {
      const hasURL = typeof cc.url === "string";
      const hasService = isObj(cc.service);
      if (hasURL === hasService) errs.push(required(ccPath, "exactly one of url or service is required"));
      else if (hasURL) errs.push(...validateWebhookURL(ccPath.child("url"), cc.url as string));
      else errs.push(...validateWebhookService(ccPath.child("service"), cc.service as ServiceRef));
      if (typeof cc.caBundle === "string" && cc.caBundle !== "" && !opts.allowInvalidCABundle) {
        const bytes = decodeBase64(cc.caBundle);
        const err = caBundleError(bytes);
        if (err) errs.push(invalid(ccPath.child("caBundle"), goBytes(bytes, cc.caBundle), err));
      }
    }
    errs.push(...validateConversionReviewVersions(conversion.conversionReviewVersions, opts.requireRecognizedConversionReviewVersion, p.child("conversionReviewVersions")));
  } else {
    if (conversion.webhookClientConfig) errs.push(forbidden(ccPath, "should not be set when strategy is not set to Webhook"));
    if ((conversion.conversionReviewVersions ?? []).length > 0) errs.push(forbidden(p.child("conversionReviewVersions"), "should not be set when strategy is not set to Webhook"));
  }
  return errs;
}

interface GoURL {
  scheme: string;
  host: string;
  user: string | undefined;
  fragment: string;
  rawQuery: string;
}

/** The parts of Go's url.Parse the webhook checks read, or its error text. */
function parseGoURL(raw: string): GoURL | string {
  const fail = (why: string) => `parse ${goQuote(raw)}: ${why}`;
  if (/[\x00-\x1f\x7f]/.test(raw)) return fail("net/url: invalid control character in URL");
  let rest = raw;
  let fragment = "";
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let scheme = "";
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ":") {
      if (i === 0) return fail("missing protocol scheme");
      scheme = rest.slice(0, i).toLowerCase();
      rest = rest.slice(i + 1);
    }
    break;
  }
  let rawQuery = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let host = "";
  let user: string | undefined;
  if (!rest.startsWith("/")) {
    if (scheme === "" && rest.split("/")[0]!.includes(":")) return fail("first path segment in URL cannot contain colon");
  } else if (rest.startsWith("//")) {
    const authority = rest.slice(2).split("/")[0]!;
    const at = authority.lastIndexOf("@");
    if (at >= 0) user = authority.slice(0, at);
    host = at >= 0 ? authority.slice(at + 1) : authority;
    const port = /^(\[[^\]]*\]|[^:]*)(:.*)?$/.exec(host)?.[2];
    if (port !== undefined && !/^:[0-9]*$/.test(port)) return fail(`invalid port ${goQuote(port)} after host`);
  }
  return { scheme, host, user, fragment, rawQuery };
}

const URL_FORM = "; desired format: https://host[/path]";

/** webhook.ValidateWebhookURL with https forced. */
export function validateWebhookURL(p: Path, raw: string): FieldError[] {
  const u = parseGoURL(raw);
  if (typeof u === "string") return [required(p, `url must be a valid URL: ${u}${URL_FORM}`)];
  const errs: FieldError[] = [];
  if (u.scheme !== "https") errs.push(invalid(p, u.scheme, `'https' is the only allowed URL scheme${URL_FORM}`));
  if (u.host === "") errs.push(invalid(p, u.host, `host must be specified${URL_FORM}`));
  if (u.user !== undefined) errs.push(invalid(p, u.user, "user information is not permitted in the URL"));
  if (u.fragment !== "") errs.push(invalid(p, u.fragment, "fragments are not permitted in the URL"));
  if (u.rawQuery !== "") errs.push(invalid(p, u.rawQuery, "query parameters are not permitted in the URL"));
  return errs;
}

/** webhook.ValidateWebhookService (the port was defaulted to 443). */
export function validateWebhookService(p: Path, svc: ServiceRef): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(svc.name)) errs.push(required(p.child("name"), ""));
  if (!str(svc.namespace)) errs.push(required(p.child("namespace"), ""));
  const port = typeof svc.port === "number" ? svc.port : 0;
  const portErrs = isValidPortNum(port);
  if (portErrs.length > 0) errs.push(invalid(p.child("port"), port, `port is not valid: ${portErrs.join(", ")}`));
  if (typeof svc.path !== "string") return errs;
  const urlPath = svc.path;
  if (urlPath === "/" || urlPath === "") return errs;
  if (urlPath === "//") return [...errs, invalid(p.child("path"), urlPath, "segment[0] may not be empty")];
  if (!urlPath.startsWith("/")) errs.push(invalid(p.child("path"), urlPath, "must start with a '/'"));
  let check = urlPath.slice(1);
  if (check.endsWith("/")) check = check.slice(0, -1);
  check.split("/").forEach((step, i) => {
    if (step.length === 0) {
      errs.push(invalid(p.child("path"), urlPath, `segment[${i}] may not be empty`));
      return;
    }
    for (const msg of isDNS1123Subdomain(step)) errs.push(invalid(p.child("path"), urlPath, `segment[${i}]: ${msg}`));
  });
  return errs;
}

function decodeBase64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "base64"));
}

/** webhook.ValidateCABundle: why the bytes are not a PEM bundle with a certificate (client-go's TLS config messages), or undefined. */
function caBundleError(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString("latin1");
  const blocks = [...text.matchAll(/-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/g)];
  for (const b of blocks) {
    if (b[1] !== "CERTIFICATE" || /^[^\s:]+:/m.test(b[2]!)) continue;
    try {
      new X509Certificate(Buffer.from(b[2]!.replace(/\s+/g, ""), "base64"));
      return undefined;
    } catch {
      return "unable to load root certificates: failed to parse certificate: x509: malformed certificate";
    }
  }
  if (blocks.length === 0) return "unable to load root certificates: unable to parse bytes as PEM block";
  return "unable to load root certificates: no valid certificate authority data seen";
}

// ---------------------------------------------------------------------------
// Status, stored versions, API approval, preserveUnknownFields

function validateStatus(crd: CustomResourceDefinition): FieldError[] {
  const status = isObj(crd.status) ? crd.status : {};
  const accepted = (isObj(status.acceptedNames) ? status.acceptedNames : {}) as CustomResourceDefinitionNames;
  return validateNames(accepted, Path.root("status").child("acceptedNames"));
}

function storedVersionsOf(crd: CustomResourceDefinition): string[] | undefined {
  return isObj(crd.status) ? optArr<string>(crd.status.storedVersions) : undefined;
}

/** ValidateCustomResourceDefinitionStoredVersions (missing versions reported in list order). */
function validateStoredVersions(stored: readonly string[] | undefined, versions: readonly Version[], p: Path): FieldError[] {
  if (!stored || stored.length === 0) return [invalid(p, goStringList(stored), "must have at least one stored version")];
  const errs: FieldError[] = [];
  const index = new Map<string, number>();
  stored.forEach((v, i) => index.set(v, i));
  for (const v of versions) {
    const known = index.has(v.name);
    if (v.storage && !known) errs.push(invalid(p, goStringList(stored), `must have the storage version ${v.name}`));
    if (known) index.delete(v.name);
  }
  for (const [v, i] of [...index.entries()].sort((a, b) => a[1] - b[1])) {
    errs.push(
      invalid(
        p.index(i),
        v,
        `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
      ),
    );
  }
  return errs;
}

export const API_APPROVAL_ANNOTATION = "api-approved.kubernetes.io";

/** apihelpers.IsProtectedCommunityGroup: k8s.io and kubernetes.io groups need an approval annotation. */
export function isProtectedCommunityGroup(group: string): boolean {
  return group === "k8s.io" || group.endsWith(".k8s.io") || group === "kubernetes.io" || group.endsWith(".kubernetes.io");
}

type ApprovalState = "invalid" | "approved" | "bypassed" | "missing";

/** url.ParseRequestURI succeeding with a scheme and a host. */
function isApprovalURL(v: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#\s@]*@?[^/?#\s]+/.test(v) && !/[\x00-\x20\x7f]/.test(v);
}

/** apihelpers.GetAPIApprovalState. */
function approvalState(annotations: Readonly<Record<string, string>> | undefined): [ApprovalState, string] {
  const a = annotations?.[API_APPROVAL_ANNOTATION] ?? "";
  const name = goQuote(API_APPROVAL_ANNOTATION);
  if (a === "") return ["missing", `protected groups must have approval annotation ${name}, see https://github.com/kubernetes/enhancements/pull/1111`];
  if (a.startsWith("unapproved")) return ["bypassed", `not approved: ${goQuote(a)}`];
  if (isApprovalURL(a)) return ["approved", `approved in ${a}`];
  return ["invalid", `protected groups must have approval annotation ${name} with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`];
}

/** validateAPIApproval: only when the approval state changes. */
function validateAPIApproval(crd: CustomResourceDefinition, old: CustomResourceDefinition | undefined): FieldError[] {
  const group = isObj(crd.spec) ? str(crd.spec.group) : "";
  if (!isProtectedCommunityGroup(group)) return [];
  const [state, reason] = approvalState(crd.metadata?.annotations);
  if (old && approvalState(old.metadata?.annotations)[0] === state) return [];
  const p = Path.root("metadata").child("annotations").key(API_APPROVAL_ANNOTATION);
  if (state === "missing") return [required(p, reason)];
  if (state === "invalid") return [invalid(p, crd.metadata?.annotations?.[API_APPROVAL_ANNOTATION] ?? "", reason)];
  return [];
}

/** validatePreserveUnknownFields: cannot be set to true (a CRD that had it may keep it). */
function validatePreserveUnknownFields(spec: Spec, old: Spec | undefined): FieldError[] {
  if (old?.preserveUnknownFields) return [];
  if (spec.preserveUnknownFields) {
    return [invalid(Path.root("spec").child("preserveUnknownFields"), true, "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead")];
  }
  return [];
}
