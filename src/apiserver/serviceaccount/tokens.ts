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
/** Verified tokens remembered at most (the map starts over when full). */
const VERIFIED_CACHE_SIZE = 4096;

/** What a token's signature vouches for, checked once. */
interface Verified {
  exp: number;
  nbf: number | undefined;
  audiences: string[];
  /** Objects that must still exist with these uids: the service account, any bound object. */
  mustExist: [kind: "ServiceAccount" | BoundKind, namespace: string, name: string, uid: string][];
  user: UserInfo;
}

export class ServiceAccountTokens {
  private readonly cache = new Map<string, Verified>();

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
    const v = this.verified(token);
    if (!v) return undefined;
    const now = nowMs / 1000;
    if (now >= v.exp || (v.nbf !== undefined && now + SKEW_SECONDS < v.nbf)) return undefined;
    const matched = v.audiences.filter((a) => audiences.includes(a));
    if (matched.length === 0) return undefined;
    // revocation is checked on every use: the service account and the bound objects
    for (const [kind, namespace, name, uid] of v.mustExist) if (this.lookup(kind, namespace, name) !== uid) return undefined;
    return { user: v.user, audiences: matched };
  }

  /**
   * The checks that do not change while a token lives (signature, issuer, claim shapes),
   * remembered per token: an RS256 verification costs ~20 µs, a lookup here well under one.
   * Failures are not remembered (upstream's failure cache TTL is 0 as well).
   */
  private verified(token: string): Verified | undefined {
    const hit = this.cache.get(token);
    if (hit) return hit;
    const v = this.verify(token);
    if (!v) return undefined;
    if (this.cache.size >= VERIFIED_CACHE_SIZE) this.cache.clear();
    this.cache.set(token, v);
    return v;
  }

  private verify(token: string): Verified | undefined {
    const c = verifyJwt(token, this.key.publicKey);
    if (!c || c["iss"] !== this.issuer || typeof c["exp"] !== "number") return undefined;
    const aud = c["aud"];
    const audiences = (typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : []).filter((a): a is string => typeof a === "string");
    const k8s = c["kubernetes.io"] as KubernetesClaim | undefined;
    const ns = k8s?.namespace;
    const sa = k8s?.serviceaccount;
    if (!ns || !sa?.name || !sa.uid || c["sub"] !== `system:serviceaccount:${ns}:${sa.name}`) return undefined;
    const mustExist: Verified["mustExist"] = [["ServiceAccount", ns, sa.name, sa.uid]];
    const extra: Record<string, string[]> = {};
    for (const kind of ["Pod", "Secret", "Node"] as const) {
      const ref = k8s?.[KEY[kind]];
      if (!ref) continue;
      if (!ref.name || !ref.uid) return undefined;
      mustExist.push([kind, kind === "Node" ? "" : ns, ref.name, ref.uid]);
      if (kind !== "Secret") {
        extra[`authentication.kubernetes.io/${KEY[kind]}-name`] = [ref.name];
        extra[`authentication.kubernetes.io/${KEY[kind]}-uid`] = [ref.uid];
      }
    }
    if (typeof c["jti"] === "string") extra["authentication.kubernetes.io/credential-id"] = [`JTI=${c["jti"]}`];
    const user: UserInfo = { name: `system:serviceaccount:${ns}:${sa.name}`, uid: sa.uid, groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, AUTHENTICATED_GROUP] };
    if (Object.keys(extra).length > 0) user.extra = extra;
    return { exp: c["exp"], nbf: typeof c["nbf"] === "number" ? c["nbf"] : undefined, audiences, mustExist, user };
  }
}
