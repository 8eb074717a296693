/**
 * Service-account tokens as upstream's TokenRequest API issues and its authenticator
 * accepts them: RS256 JWTs from the cluster's signing key with upstream's claims (iss,
 * sub system:serviceaccount:<ns>:<name>, aud, iat/nbf/exp, jti, and "kubernetes.io" with
 * the namespace, the service account's name and uid and the object the token is bound to).
 * A token is accepted while it is unexpired, names one of the API audiences, and the
 * service account (and the bound object, if any) still exists with the same uid: deleting
 * either revokes it, as upstream.
 */
import { randomUUID } from "node:crypto";
import { AUTHENTICATED_GROUP, type UserInfo } from "../filters/user.ts";
import { signJwt, verifyJwt } from "./jwt.ts";
import type { SigningKey } from "./signing-key.ts";

/** Upstream's default issuer and API audience (kubeadm and k3s alike). */
export const DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";

/** Kinds a token may be bound to (upstream's TokenRequest). */
export type BoundKind = "Pod" | "Secret" | "Node";

export interface BoundObject {
  kind: BoundKind;
  name: string;
  uid: string;
}

/** The uid of a stored object, or undefined when there is none (the cache's view). */
export type UidLookup = (kind: "ServiceAccount" | BoundKind, namespace: string, name: string) => string | undefined;

export interface IssueOptions {
  audiences: readonly string[];
  expirationSeconds: number;
  bound?: BoundObject | undefined;
}

interface KubernetesClaim {
  namespace?: string;
  serviceaccount?: { name?: string; uid?: string };
  pod?: { name?: string; uid?: string };
  secret?: { name?: string; uid?: string };
  node?: { name?: string; uid?: string };
}

const KEY: Record<BoundKind, "pod" | "secret" | "node"> = { Pod: "pod", Secret: "secret", Node: "node" };
/** Clock skew tolerated on a token's issue and not-before times. */
const SKEW_SECONDS = 60;

export class ServiceAccountTokens {
  constructor(
    private readonly key: SigningKey,
    private readonly lookup: UidLookup,
    readonly issuer = DEFAULT_ISSUER,
    readonly apiAudiences: readonly string[] = [issuer],
  ) {}

  /** A signed token for the service account, and when it expires. */
  issue(sa: { namespace: string; name: string; uid: string }, o: IssueOptions, now: Date): { token: string; expires: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + o.expirationSeconds;
    const k8s: KubernetesClaim = { namespace: sa.namespace, serviceaccount: { name: sa.name, uid: sa.uid } };
    if (o.bound) k8s[KEY[o.bound.kind]] = { name: o.bound.name, uid: o.bound.uid };
    const claims = {
      aud: [...o.audiences],
      exp,
      iat,
      iss: this.issuer,
      jti: randomUUID(),
      "kubernetes.io": k8s,
      nbf: iat,
      sub: `system:serviceaccount:${sa.namespace}:${sa.name}`,
    };
    return { token: signJwt(claims, this.key.privateKey, this.key.keyId), expires: new Date(exp * 1000) };
  }

  /** The user a token authenticates, or undefined when it is not a valid token of ours. */
  authenticate(token: string, nowMs: number): UserInfo | undefined {
    return this.review(token, nowMs, this.apiAudiences)?.user;
  }

  /**
   * The user a token authenticates for one of `audiences` (a TokenReview's), with the
   * audiences it is valid for; undefined when it is not a valid token of ours for any.
   */
  review(token: string, nowMs: number, audiences: readonly string[]): { user: UserInfo; audiences: string[] } | undefined {
    const c = verifyJwt(token, this.key.publicKey);
    if (!c || c["iss"] !== this.issuer) return undefined;
    const now = nowMs / 1000;
    if (typeof c["exp"] !== "number" || now >= c["exp"]) return undefined;
    if (typeof c["nbf"] === "number" && now + SKEW_SECONDS < c["nbf"]) return undefined;
    const aud = c["aud"];
    const auds = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
    const matched = auds.filter((a): a is string => typeof a === "string" && audiences.includes(a));
    if (matched.length === 0) return undefined;
    const k8s = c["kubernetes.io"] as KubernetesClaim | undefined;
    const ns = k8s?.namespace;
    const sa = k8s?.serviceaccount;
    if (!ns || !sa?.name || !sa.uid || c["sub"] !== `system:serviceaccount:${ns}:${sa.name}`) return undefined;
    if (this.lookup("ServiceAccount", ns, sa.name) !== sa.uid) return undefined;
    const extra: Record<string, string[]> = {};
    for (const kind of ["Pod", "Secret", "Node"] as const) {
      const ref = k8s?.[KEY[kind]];
      if (!ref) continue;
      if (!ref.name || !ref.uid || this.lookup(kind, kind === "Node" ? "" : ns, ref.name) !== ref.uid) return undefined;
      if (kind !== "Secret") {
        extra[`authentication.kubernetes.io/${KEY[kind]}-name`] = [ref.name];
        extra[`authentication.kubernetes.io/${KEY[kind]}-uid`] = [ref.uid];
      }
    }
    if (typeof c["jti"] === "string") extra["authentication.kubernetes.io/credential-id"] = [`JTI=${c["jti"]}`];
    const user: UserInfo = { name: `system:serviceaccount:${ns}:${sa.name}`, uid: sa.uid, groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, AUTHENTICATED_GROUP] };
    if (Object.keys(extra).length > 0) user.extra = extra;
    return { user, audiences: matched };
  }
}
