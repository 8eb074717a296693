/**
 * authentication.k8s.io/v1 endpoints: TokenRequest (POST serviceaccounts/<name>/token)
 * issues a service-account token as upstream's TokenREST does, and SelfSubjectReview
 * (kubectl auth whoami) reports who the caller was authenticated as, and TokenReview
 * (what webhook authenticators and add-ons such as metrics-server ask) whether a token is
 * valid and whom it authenticates.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import type { BoundObjectReference, TokenRequestSpec } from "../../api/types/index.ts";
import { formatInvalidMessage, toStatusCauses, type FieldError } from "../../api/validation/index.ts";
import type { UserInfo } from "../filters/user.ts";
import { json } from "../http/respond.ts";
import { errors } from "../http/status.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import { timestamp } from "../registry/scope.ts";
import type { TokenAuthenticator } from "../filters/authn.ts";
import { looksLikeJwt } from "../serviceaccount/jwt.ts";
import type { BoundKind, ServiceAccountTokens, UidLookup } from "../serviceaccount/tokens.ts";

const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const BOUND_KINDS = new Set<string>(["Pod", "Secret", "Node"]);

function invalidTokenRequest(name: string, errs: FieldError[]): never {
  const gk = { group: "authentication.k8s.io", kind: "TokenRequest" };
  throw errors.invalid(gk.group, gk.kind, name, formatInvalidMessage(gk, name, errs), toStatusCauses(errs));
}

/** POST serviceaccounts/<name>/token. */
export function tokenRequest(body: KubeObject, registries: RegistrySet, namespace: string, name: string, tokens: ServiceAccountTokens, lookup: UidLookup, now: Date): Response {
  const spec = (body["spec"] ?? {}) as TokenRequestSpec;
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    invalidTokenRequest(name, [{ type: "FieldValueInvalid", field: "spec.expirationSeconds", badValue: expirationSeconds, message: "may not specify a duration less than 10 minutes" }]);
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    invalidTokenRequest(name, [{ type: "FieldValueInvalid", field: "spec.expirationSeconds", badValue: expirationSeconds, message: "may not specify a duration larger than 2^32 seconds" }]);
  }
  const sa = registries.registry({ group: "", plural: "serviceaccounts" })!.getCached(namespace, name).obj;
  let bound: { kind: BoundKind; name: string; uid: string } | undefined;
  const ref = spec.boundObjectRef as BoundObjectReference | undefined;
  if (ref) {
    const kind = ref.kind ?? "";
    const group = (ref.apiVersion ?? "v1").includes("/") ? (ref.apiVersion ?? "").split("/")[0] : "";
    if (group !== "" || !BOUND_KINDS.has(kind)) throw errors.badRequest(`cannot bind token for object of type ${ref.apiVersion ?? ""}, Kind=${kind}`);
    const refName = ref.name ?? "";
    const plural = `${kind.toLowerCase()}s`;
    const uid = lookup(kind as BoundKind, kind === "Node" ? "" : namespace, refName);
    if (uid === undefined) throw errors.notFound({ group: "", resource: plural }, refName);
    if (ref.uid && ref.uid !== uid) {
      throw errors.conflict({ group: "", resource: kind }, refName, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    }
    if (kind === "Pod") {
      const pod = podServiceAccount(registries, namespace, refName);
      if (pod !== undefined && pod !== name) throw errors.badRequest(`cannot bind token for serviceaccount "${name}" to pod running with different serviceaccount name.`);
    }
    bound = { kind: kind as BoundKind, name: refName, uid };
  }
  const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : tokens.apiAudiences;
  const { token, expires } = tokens.issue({ namespace, name, uid: sa.metadata.uid ?? "" }, { audiences, expirationSeconds, bound }, now);
  const outSpec: Record<string, unknown> = { audiences: [...audiences], expirationSeconds };
  if (ref && bound) outSpec["boundObjectRef"] = { kind: bound.kind, apiVersion: "v1", name: bound.name, uid: bound.uid };
  const out = {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { name, namespace, creationTimestamp: timestamp(now) },
    spec: outSpec,
    status: { token, expirationTimestamp: timestamp(expires) },
  };
  return json(out, 201);
}

/** The service account a pod runs as (from the pods' watch cache). */
function podServiceAccount(registries: RegistrySet, namespace: string, pod: string): string | undefined {
  const pods = registries.registry({ group: "", plural: "pods" });
  const obj = pods?.cache.get(pods.key(namespace, pod))?.obj as { spec?: { serviceAccountName?: string } } | undefined;
  return obj?.spec?.serviceAccountName;
}

/** A user as authentication.k8s.io/v1 UserInfo. */
function userInfoView(user: UserInfo): Record<string, unknown> {
  const userInfo: Record<string, unknown> = { username: user.name };
  if (user.uid) userInfo["uid"] = user.uid;
  if (user.groups.length > 0) userInfo["groups"] = [...user.groups];
  if (user.extra && Object.keys(user.extra).length > 0) userInfo["extra"] = user.extra;
  return userInfo;
}

/** POST selfsubjectreviews: the caller's user attributes. */
export function selfSubjectReview(user: UserInfo): Response {
  return json({ kind: "SelfSubjectReview", apiVersion: "authentication.k8s.io/v1", metadata: { creationTimestamp: null }, status: { userInfo: userInfoView(user) } }, 201);
}

/**
 * POST tokenreviews: static tokens, then service-account tokens, for the requested
 * audiences (the API's when none). Static tokens are not audience-bound, so they are valid
 * for whatever was asked, as upstream's audience-agnostic authenticators.
 */
export function tokenReview(body: KubeObject, staticTokens: TokenAuthenticator, tokens: ServiceAccountTokens, nowMs: number): Response {
  const spec = (body["spec"] ?? {}) as { token?: string; audiences?: string[] };
  if (!spec.token) throw errors.badRequest("token is required for TokenReview in authentication.k8s.io");
  const wanted = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [...tokens.apiAudiences];
  let result: { user: UserInfo; audiences: string[] } | undefined;
  const fixed = staticTokens.authenticateToken(spec.token);
  if (fixed) result = { user: fixed, audiences: wanted };
  else if (looksLikeJwt(spec.token)) result = tokens.review(spec.token, nowMs, wanted);
  const status = result ? { authenticated: true, user: userInfoView(result.user), audiences: result.audiences } : { user: {} };
  const outSpec: Record<string, unknown> = { token: spec.token };
  if (spec.audiences && spec.audiences.length > 0) outSpec["audiences"] = spec.audiences;
  return json({ kind: "TokenReview", apiVersion: "authentication.k8s.io/v1", metadata: { creationTimestamp: null }, spec: outSpec, status }, 201);
}
