/**
 * OpenAPI path items for one resource: the collection, the item, and the subresources,
 * with one operation per served verb. Every operation names its kind in
 * x-kubernetes-group-version-kind: kubectl explain finds a resource's kind that way, and
 * kubectl's validation and client-side apply look for a PATCH operation of the kind that
 * lists the fieldValidation parameter and accepts strategic merge patches.
 */
import type { ResourceInfo, Subresource } from "../../api/resources.ts";
import { subresourceInfo } from "../discovery/subresources.ts";
import {
  ATTACH_PARAMS,
  DELETE_COLLECTION_PARAMS,
  DELETE_PARAMS,
  EXEC_PARAMS,
  LIST_PARAMS,
  LOG_PARAMS,
  P,
  PATCH_PARAMS,
  PORTFORWARD_PARAMS,
  WRITE_PARAMS,
} from "./parameters.ts";
import { PATCH, ref, type OpenAPISchema } from "./schemas.ts";

/** Component names an operation refers to, resolved by the document builder. */
export interface Refs {
  /** Component name of a kind ("v1", "Pod") or undefined when it has no schema. */
  kind(group: string, version: string, kind: string): string | undefined;
  status: string;
  deleteOptions: string;
}

interface GVK {
  group: string;
  version: string;
  kind: string;
}

const RESPONSE_TYPES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
const PATCH_TYPES = ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];
/** Custom resources take no strategic merge patch (kubectl's apply then sends a JSON merge patch). */
const CUSTOM_PATCH_TYPES = PATCH_TYPES.filter((t) => t !== "application/strategic-merge-patch+json");

function content(types: readonly string[], schema: OpenAPISchema): OpenAPISchema {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function response(description: string, schema: OpenAPISchema | undefined, types = RESPONSE_TYPES): OpenAPISchema {
  return schema ? { content: content(types, schema), description } : { description };
}

/** "rbac.authorization.k8s.io" -> "RbacAuthorization", "" -> "Core". */
export function groupIdentifier(group: string): string {
  if (group === "") return "Core";
  return group
    .replace(/\.k8s\.io$/, "")
    .split(".")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

function tag(ri: ResourceInfo): string {
  const g = groupIdentifier(ri.group);
  return `${g.charAt(0).toLowerCase()}${g.slice(1)}_${ri.version}`;
}

interface OpSpec {
  action: string;
  operationId: string;
  description: string;
  gvk: GVK;
  parameters?: OpenAPISchema[];
  requestBody?: OpenAPISchema;
  responses: Record<string, OpenAPISchema>;
}

function operation(ri: ResourceInfo, spec: OpSpec): OpenAPISchema {
  const op: OpenAPISchema = { description: spec.description, operationId: spec.operationId };
  if (spec.parameters?.length) op.parameters = spec.parameters;
  if (spec.requestBody) op.requestBody = spec.requestBody;
  op.responses = { ...spec.responses, "401": { description: "Unauthorized" } };
  op.tags = [tag(ri)];
  op["x-kubernetes-action"] = spec.action;
  op["x-kubernetes-group-version-kind"] = { group: spec.gvk.group, kind: spec.gvk.kind, version: spec.gvk.version };
  return op;
}

function body(schema: OpenAPISchema | undefined): OpenAPISchema | undefined {
  return schema ? { content: { "*/*": { schema } }, required: true } : undefined;
}

function withBody(spec: OpSpec, b: OpenAPISchema | undefined): OpSpec {
  if (b) spec.requestBody = b;
  return spec;
}

/** The path items of one resource, keyed by path. */
export function resourcePaths(ri: ResourceInfo, refs: Refs): Record<string, OpenAPISchema> {
  const prefix = ri.group === "" ? `/api/${ri.version}` : `/apis/${ri.group}/${ri.version}`;
  const id = `${groupIdentifier(ri.group)}${ri.version.charAt(0).toUpperCase()}${ri.version.slice(1)}`;
  const scope = ri.namespaced ? "Namespaced" : "";
  const base = ri.namespaced ? `${prefix}/namespaces/{namespace}/${ri.plural}` : `${prefix}/${ri.plural}`;
  const gvk: GVK = { group: ri.group, version: ri.version, kind: ri.kind };
  const kindName = refs.kind(ri.group, ri.version, ri.kind);
  const listName = refs.kind(ri.group, ri.version, ri.listKind);
  const kindRef = kindName ? ref(kindName) : undefined;
  const listRef = listName ? ref(listName) : undefined;
  const statusRef = ref(refs.status);
  const has = (v: string) => ri.verbs.includes(v as never);
  const common = ri.namespaced ? [P.namespace, P.pretty] : [P.pretty];
  const out: Record<string, OpenAPISchema> = {};

  const collection: OpenAPISchema = {};
  if (has("list")) {
    collection.get = operation(ri, {
      action: "list",
      operationId: `list${id}${scope}${ri.kind}`,
      description: `list or watch objects of kind ${ri.kind}`,
      gvk,
      parameters: LIST_PARAMS,
      responses: { "200": response("OK", listRef, [...RESPONSE_TYPES, "application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch"]) },
    });
  }
  if (has("create")) {
    collection.post = operation(
      ri,
      withBody(
        {
          action: "post",
          operationId: `create${id}${scope}${ri.kind}`,
          description: `create ${article(ri.kind)} ${ri.kind}`,
          gvk,
          parameters: WRITE_PARAMS,
          responses: { "200": response("OK", kindRef), "201": response("Created", kindRef), "202": response("Accepted", kindRef) },
        },
        body(kindRef),
      ),
    );
  }
  if (has("deletecollection")) {
    collection.delete = operation(
      ri,
      withBody(
        {
          action: "deletecollection",
          operationId: `deleteCollection${id}${scope}${ri.kind}`,
          description: `delete collection of ${ri.kind}`,
          gvk,
          parameters: DELETE_COLLECTION_PARAMS,
          responses: { "200": response("OK", statusRef) },
        },
        { content: { "*/*": { schema: ref(refs.deleteOptions) } } },
      ),
    );
  }
  if (Object.keys(collection).length) out[base] = { ...collection, parameters: common };

  const item: OpenAPISchema = {};
  if (has("get")) {
    item.get = operation(ri, {
      action: "get",
      operationId: `read${id}${scope}${ri.kind}`,
      description: `read the specified ${ri.kind}`,
      gvk,
      responses: { "200": response("OK", kindRef) },
    });
  }
  if (has("update")) {
    item.put = operation(
      ri,
      withBody(
        {
          action: "put",
          operationId: `replace${id}${scope}${ri.kind}`,
          description: `replace the specified ${ri.kind}`,
          gvk,
          parameters: WRITE_PARAMS,
          responses: { "200": response("OK", kindRef), "201": response("Created", kindRef) },
        },
        body(kindRef),
      ),
    );
  }
  if (has("delete")) {
    item.delete = operation(
      ri,
      withBody(
        {
          action: "delete",
          operationId: `delete${id}${scope}${ri.kind}`,
          description: `delete ${article(ri.kind)} ${ri.kind}`,
          gvk,
          parameters: DELETE_PARAMS,
          responses: { "200": response("OK", kindRef), "202": response("Accepted", kindRef) },
        },
        { content: { "*/*": { schema: ref(refs.deleteOptions) } } },
      ),
    );
  }
  if (has("patch")) item.patch = patchOperation(ri, `patch${id}${scope}${ri.kind}`, `partially update the specified ${ri.kind}`, gvk, kindRef);
  const itemParams = [P.name(ri.kind), ...common];
  if (Object.keys(item).length) out[`${base}/{name}`] = { ...item, parameters: itemParams };

  if (ri.namespaced && has("list")) {
    out[`${prefix}/${ri.plural}`] = {
      get: operation(ri, {
        action: "list",
        operationId: `list${id}${ri.kind}ForAllNamespaces`,
        description: `list or watch objects of kind ${ri.kind}`,
        gvk,
        responses: { "200": response("OK", listRef) },
      }),
      parameters: [...LIST_PARAMS, P.pretty],
    };
  }

  for (const sub of ri.subresources ?? []) {
    const item = subresourceItem(ri, sub, `${id}${scope}${ri.kind}`, refs);
    if (item) out[`${base}/{name}/${sub}`] = { ...item, parameters: [P.name(subresourceInfo(ri, sub).kind), ...common] };
  }
  return out;
}

function patchOperation(ri: ResourceInfo, operationId: string, description: string, gvk: GVK, resultRef: OpenAPISchema | undefined): OpenAPISchema {
  return operation(ri, {
    action: "patch",
    operationId,
    description,
    gvk,
    parameters: PATCH_PARAMS,
    requestBody: { content: content(ri.custom ? CUSTOM_PATCH_TYPES : PATCH_TYPES, ref(PATCH)), required: true },
    responses: { "200": response("OK", resultRef), "201": response("Created", resultRef) },
  });
}

function subresourceItem(ri: ResourceInfo, sub: Subresource, idBase: string, refs: Refs): OpenAPISchema | undefined {
  const info = subresourceInfo(ri, sub);
  const gvk: GVK = { group: info.group ?? ri.group, version: info.version ?? ri.version, kind: info.kind };
  const subId = sub.charAt(0).toUpperCase() + sub.slice(1);
  const name = refs.kind(gvk.group, gvk.version, gvk.kind);
  const r = name ? ref(name) : undefined;
  switch (sub) {
    case "status":
    case "scale":
    case "ephemeralcontainers":
      return {
        get: operation(ri, { action: "get", operationId: `read${idBase}${subId}`, description: `read ${sub} of the specified ${ri.kind}`, gvk, responses: { "200": response("OK", r) } }),
        put: operation(
          ri,
          withBody(
            {
              action: "put",
              operationId: `replace${idBase}${subId}`,
              description: `replace ${sub} of the specified ${ri.kind}`,
              gvk,
              parameters: WRITE_PARAMS,
              responses: { "200": response("OK", r), "201": response("Created", r) },
            },
            body(r),
          ),
        ),
        patch: patchOperation(ri, `patch${idBase}${subId}`, `partially update ${sub} of the specified ${ri.kind}`, gvk, r),
      };
    case "binding":
    case "eviction":
      return {
        post: operation(
          ri,
          withBody(
            {
              action: "post",
              operationId: `create${idBase}${subId}`,
              description: `create ${sub} of ${article(ri.kind)} ${ri.kind}`,
              gvk,
              parameters: WRITE_PARAMS,
              responses: { "200": response("OK", r), "201": response("Created", r), "202": response("Accepted", r) },
            },
            body(r),
          ),
        ),
      };
    case "log":
      return {
        get: operation(ri, {
          action: "get",
          operationId: `read${idBase}Log`,
          description: `read log of the specified ${ri.kind}`,
          gvk,
          parameters: LOG_PARAMS,
          responses: { "200": { content: { "text/plain": { schema: { type: "string" } } }, description: "OK" } },
        }),
      };
    case "exec":
    case "attach":
    case "portforward": {
      const params = sub === "exec" ? EXEC_PARAMS : sub === "attach" ? ATTACH_PARAMS : PORTFORWARD_PARAMS;
      const connect = (method: "Get" | "Post") =>
        operation(ri, {
          action: "connect",
          operationId: `connect${method}${idBase.replace(ri.kind, "")}${ri.kind}${subId}`,
          description: `connect ${method.toUpperCase()} requests to ${sub} of ${ri.kind}`,
          gvk,
          parameters: params,
          responses: { "200": { content: { "*/*": { schema: { type: "string" } } }, description: "OK" } },
        });
      return { get: connect("Get"), post: connect("Post") };
    }
    case "proxy":
      return undefined;
  }
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? "an" : "a";
}
