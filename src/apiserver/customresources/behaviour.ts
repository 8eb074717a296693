/**
 * The resources a CRD serves: one ResourceInfo per served version, named by the CRD's
 * accepted names, with the version's schema deciding pruning, defaults, validation and
 * merge structure, its printer columns and its subresources.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { compareKubeVersions } from "../../api/resource-catalog.ts";
import { type CustomResourceBehaviour, type ResourceInfo, type Subresource, type Verb } from "../../api/resources.ts";
import { applySchemaDefaults } from "../../api/apiextensions/defaults.ts";
import { fieldSchemaFromJsonSchema } from "../../api/apiextensions/field-schema.ts";
import { pruneUnknownFields } from "../../api/apiextensions/prune.ts";
import type { JSONSchemaProps } from "../../api/apiextensions/types.ts";
import { validateCustomResource } from "../../api/apiextensions/validate.ts";
import { specOf, statusOf, type CrdVersion } from "./names.ts";

/** The verbs custom resources are served with, in the order upstream's discovery lists them. */
const CUSTOM_RESOURCE_VERBS: readonly Verb[] = ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"];

/** A schema that keeps everything (a version without one, as v1beta1 CRDs could be). */
const OPEN: JSONSchemaProps = { type: "object", "x-kubernetes-preserve-unknown-fields": true };

/** Mutable facts of a served CRD its resources consult on each request. */
export interface CrdState {
  terminating: boolean;
}

function behaviourOf(crd: KubeObject, v: CrdVersion, storageVersion: string, state: CrdState): CustomResourceBehaviour {
  const schema = (v.schema?.openAPIV3Schema as JSONSchemaProps | undefined) ?? OPEN;
  const b: { -readonly [K in keyof CustomResourceBehaviour]: CustomResourceBehaviour[K] } = {
    crd: crd.metadata.name!,
    storageVersion,
    schema: v.schema?.openAPIV3Schema,
    fieldSchema: fieldSchemaFromJsonSchema(schema),
    columns: v.additionalPrinterColumns ?? [],
    prune: (obj) => pruneUnknownFields(obj, schema),
    defaults: (obj) => applySchemaDefaults(obj, schema),
    validate: (obj, old) => validateCustomResource(obj, schema, old),
    terminating: () => state.terminating,
  };
  if (v.subresources?.scale) b.scale = v.subresources.scale;
  if (v.selectableFields?.length) b.selectableFields = v.selectableFields.map((f) => f.jsonPath);
  if (v.deprecated) b.deprecationWarning = v.deprecationWarning ?? defaultDeprecationWarning(crd, v.name);
  return b;
}

/** Upstream's warning for a deprecated version: "<group>/<version> <Kind> is deprecated; use <group>/<newest> <Kind>". */
function defaultDeprecationWarning(crd: KubeObject, version: string): string {
  const spec = specOf(crd);
  const kind = spec.names?.kind ?? "";
  const msg = `${spec.group}/${version} ${kind} is deprecated`;
  const newer = spec.versions
    .filter((v) => v.served && !v.deprecated && compareKubeVersions(v.name, version) < 0)
    .map((v) => v.name)
    .sort(compareKubeVersions);
  return newer.length ? `${msg}; use ${spec.group}/${newer[0]} ${kind}` : msg;
}

/** The served versions of an established CRD as resources (empty when nothing is served). */
export function customResourceInfos(crd: KubeObject, state: CrdState): ResourceInfo[] {
  const spec = specOf(crd);
  const names = statusOf(crd).acceptedNames;
  if (!names?.plural || !names.kind) return [];
  const storage = spec.versions.find((v) => v.storage)?.name ?? spec.versions[0]?.name ?? "";
  return spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const subresources: Subresource[] = [];
      if (v.subresources?.status) subresources.push("status");
      if (v.subresources?.scale) subresources.push("scale");
      const ri: ResourceInfo = {
        group: spec.group,
        version: v.name,
        kind: names.kind,
        listKind: names.listKind || `${names.kind}List`,
        plural: names.plural,
        singular: names.singular || names.kind.toLowerCase(),
        namespaced: spec.scope !== "Cluster",
        verbs: CUSTOM_RESOURCE_VERBS,
        custom: behaviourOf(crd, v, storage, state),
      };
      if (names.shortNames?.length) ri.shortNames = names.shortNames;
      if (names.categories?.length) ri.categories = names.categories;
      if (subresources.length) ri.subresources = subresources;
      return ri;
    });
}

/** What decides the served resources: a change here means the caches and routes are rebuilt. */
export function servingFingerprint(crd: KubeObject): string {
  const spec = specOf(crd);
  return JSON.stringify([crd.metadata.uid, spec.group, spec.scope, spec.versions, statusOf(crd).acceptedNames]);
}
