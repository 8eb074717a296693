/**
 * authorization.k8s.io/v1 reviews, answered by the server's Authorizer as upstream's
 * registry/authorization does: SelfSubjectAccessReview (`kubectl auth can-i`),
 * SelfSubjectRulesReview (`kubectl auth can-i --list`), SubjectAccessReview (what proxies
 * and webhooks ask about another user) and its namespaced form LocalSubjectAccessReview.
 * Nothing is stored; the reply is the request with its status filled in.
 */
import type { FieldError } from "../../api/validation/index.ts";
import { formatInvalidMessage, toStatusCauses } from "../../api/validation/index.ts";
import type { AuthorizationAttributes, Authorizer } from "../filters/authz.ts";
import type { UserInfo } from "../filters/user.ts";
import { json } from "../http/respond.ts";
import { errors } from "../http/status.ts";

const GROUP = "authorization.k8s.io";

interface ResourceAttrs {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}
interface NonResourceAttrs {
  path?: string;
  verb?: string;
}
interface AccessReviewSpec {
  resourceAttributes?: ResourceAttrs | null;
  nonResourceAttributes?: NonResourceAttrs | null;
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}
type Body = Record<string, unknown>;

function invalid(kind: string, errs: FieldError[]): never {
  const gk = { group: GROUP, kind };
  throw errors.invalid(GROUP, kind, "", formatInvalidMessage(gk, "", errs), toStatusCauses(errs));
}

/** Upstream's ValidateSubjectAccessReviewSpec (and the self form, which has no subject). */
function specErrors(spec: AccessReviewSpec, withSubject: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (ra && nra) errs.push({ type: "FieldValueInvalid", field: "spec.nonResourceAttributes", badValue: nra, message: "cannot be specified in combination with resourceAttributes" });
  if (!ra && !nra) errs.push({ type: "FieldValueInvalid", field: "spec.resourceAttributes", badValue: "null", message: "exactly one of nonResourceAttributes or resourceAttributes must be specified" });
  if (withSubject && !spec.user && (spec.groups ?? []).length === 0) errs.push({ type: "FieldValueInvalid", field: "spec.user", badValue: "", message: "at least one of user or group must be specified" });
  return errs;
}

/** Metadata a review may carry: none, or only the namespace for the local form. */
function metadataErrors(body: Body, allowNamespace: boolean): FieldError[] {
  const meta = { ...((body["metadata"] ?? {}) as Record<string, unknown>) };
  delete meta["creationTimestamp"];
  if (allowNamespace) delete meta["namespace"];
  const set = Object.entries(meta).filter(([, v]) => v !== undefined && v !== null && v !== "" && !(typeof v === "object" && Object.keys(v as object).length === 0));
  if (set.length === 0) return [];
  return [{ type: "FieldValueInvalid", field: "metadata", badValue: body["metadata"], message: allowNamespace ? "must be empty except for namespace" : "must be empty" }];
}

function attributesFrom(spec: AccessReviewSpec, user: UserInfo): AuthorizationAttributes {
  const ra = spec.resourceAttributes ?? undefined;
  const nra = spec.nonResourceAttributes ?? undefined;
  return {
    user,
    verb: ra?.verb ?? nra?.verb ?? "",
    resourceRequest: !!ra,
    group: ra?.group ?? "",
    version: ra?.version ?? "",
    resource: ra?.resource ?? "",
    subresource: ra?.subresource ?? "",
    namespace: ra?.namespace ?? "",
    name: ra?.name ?? "",
    path: nra?.path ?? "",
  };
}

async function answer(kind: string, body: Body, spec: AccessReviewSpec, user: UserInfo, authorizer: Authorizer, namespace?: string): Promise<Response> {
  const decision = await authorizer.authorize(attributesFrom(spec, user));
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (!decision.allowed && decision.reason) status["reason"] = decision.reason;
  const metadata: Record<string, unknown> = { creationTimestamp: null };
  if (namespace !== undefined) metadata["namespace"] = namespace;
  return json({ kind, apiVersion: `${GROUP}/v1`, metadata, spec: body["spec"], status }, 201);
}

/** POST selfsubjectaccessreviews: may the caller do this? */
export function selfSubjectAccessReview(body: Body, user: UserInfo, authorizer: Authorizer): Promise<Response> {
  const spec = (body["spec"] ?? {}) as AccessReviewSpec;
  const errs = specErrors(spec, false);
  if (errs.length > 0) invalid("SelfSubjectAccessReview", errs);
  return answer("SelfSubjectAccessReview", body, spec, user, authorizer);
}

/** POST subjectaccessreviews: may the user named in the spec do this? */
export function subjectAccessReview(body: Body, authorizer: Authorizer): Promise<Response> {
  const spec = (body["spec"] ?? {}) as AccessReviewSpec;
  const errs = [...metadataErrors(body, false), ...specErrors(spec, true)];
  if (errs.length > 0) invalid("SubjectAccessReview", errs);
  return answer("SubjectAccessReview", body, spec, subjectOf(spec), authorizer);
}

/** POST namespaces/<ns>/localsubjectaccessreviews: the same, limited to one namespace. */
export function localSubjectAccessReview(body: Body, namespace: string, authorizer: Authorizer): Promise<Response> {
  const spec = (body["spec"] ?? {}) as AccessReviewSpec;
  const errs = [...metadataErrors(body, true), ...specErrors(spec, true)];
  if (spec.nonResourceAttributes) errs.push({ type: "FieldValueInvalid", field: "spec.nonResourceAttributes", badValue: spec.nonResourceAttributes, message: "disallowed on this kind of request" });
  if (errs.length > 0) invalid("LocalSubjectAccessReview", errs);
  const bodyNamespace = ((body["metadata"] ?? {}) as { namespace?: string }).namespace;
  if (bodyNamespace && bodyNamespace !== namespace) throw errors.badRequest(`the namespace of the provided object does not match the namespace sent on the request`);
  if ((spec.resourceAttributes?.namespace ?? "") !== namespace) throw errors.badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
  return answer("LocalSubjectAccessReview", body, spec, subjectOf(spec), authorizer, namespace);
}

/** POST selfsubjectrulesreviews: everything the caller may do in a namespace. */
export async function selfSubjectRulesReview(body: Body, user: UserInfo, authorizer: Authorizer): Promise<Response> {
  const spec = (body["spec"] ?? {}) as { namespace?: string };
  if (!spec.namespace) throw errors.badRequest("no namespace on request");
  const rules = await authorizer.rulesFor(user, spec.namespace);
  const status: Record<string, unknown> = { resourceRules: rules.resourceRules, nonResourceRules: rules.nonResourceRules, incomplete: rules.incomplete };
  if (rules.evaluationError) status["evaluationError"] = rules.evaluationError;
  return json({ kind: "SelfSubjectRulesReview", apiVersion: `${GROUP}/v1`, metadata: { creationTimestamp: null }, spec: body["spec"], status }, 201);
}

function subjectOf(spec: AccessReviewSpec): UserInfo {
  const user: UserInfo = { name: spec.user ?? "", groups: spec.groups ?? [] };
  if (spec.uid) user.uid = spec.uid;
  if (spec.extra) user.extra = spec.extra;
  return user;
}
