/**
 * Service-account tokens without a server: signing and checking, the key on disk, expiry
 * and not-before, the audience and issuer, and revocation through the uid lookup.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { looksLikeJwt, signJwt, verifyJwt } from "../../../../src/apiserver/serviceaccount/jwt.ts";
import { ensureSigningKey } from "../../../../src/apiserver/serviceaccount/signing-key.ts";
import { ServiceAccountTokens, type UidLookup } from "../../../../src/apiserver/serviceaccount/tokens.ts";

const dir = mkdtempSync(join(tmpdir(), "kubun-sa-key-"));
const key = await ensureSigningKey(dir);
const NOW = new Date("2026-11-27T12:00:00Z");
const SA = { namespace: "ns", name: "bot", uid: "uid-bot" };

function tokensWith(objects: Record<string, string>): ServiceAccountTokens {
  const lookup: UidLookup = (kind, namespace, name) => objects[`${kind}/${namespace}/${name}`];
  return new ServiceAccountTokens(key, lookup);
}

describe("signing key", () => {
  test("made once, kept 0600, read back with the same key id", async () => {
    const path = join(dir, "service.key");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, "utf8")).toStartWith("-----BEGIN RSA PRIVATE KEY-----");
    const again = await ensureSigningKey(dir);
    expect(again.keyId).toBe(key.keyId);
    expect(key.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("JWT", () => {
  test("RS256 with the key id; a signature from another key or a changed payload fails", async () => {
    const t = signJwt({ a: 1 }, key.privateKey, key.keyId);
    expect(looksLikeJwt(t)).toBe(true);
    expect(JSON.parse(Buffer.from(t.split(".")[0]!, "base64url").toString())).toEqual({ alg: "RS256", kid: key.keyId });
    expect(verifyJwt(t, key.publicKey)).toEqual({ a: 1 });
    const other = await ensureSigningKey(mkdtempSync(join(tmpdir(), "kubun-sa-key-")));
    expect(verifyJwt(signJwt({ a: 1 }, other.privateKey, other.keyId), key.publicKey)).toBeUndefined();
    const [h, , s] = t.split(".");
    expect(verifyJwt(`${h}.${Buffer.from('{"a":2}').toString("base64url")}.${s}`, key.publicKey)).toBeUndefined();
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"a":1}').toString("base64url")}.`;
    expect(verifyJwt(none, key.publicKey)).toBeUndefined();
    for (const bad of ["", "abc", "a.b", "a.b.c.d", "a b.c.d", "static-token"]) expect(looksLikeJwt(bad)).toBe(false);
  });
});

describe("ServiceAccountTokens", () => {
  const live = { "ServiceAccount/ns/bot": "uid-bot", "Pod/ns/p": "uid-p", "Node//n1": "uid-n1" };

  test("valid from issue to expiry, not before nbf (60 s of skew), not after exp", () => {
    const tokens = tokensWith(live);
    const { token, expires } = tokens.issue(SA, { audiences: tokens.apiAudiences, expirationSeconds: 600 }, NOW);
    expect(expires.toISOString()).toBe("2026-11-27T12:10:00.000Z");
    const t0 = NOW.getTime();
    expect(tokens.authenticate(token, t0)?.name).toBe("system:serviceaccount:ns:bot");
    expect(tokens.authenticate(token, t0 - 59_000)?.name).toBe("system:serviceaccount:ns:bot");
    expect(tokens.authenticate(token, t0 - 61_000)).toBeUndefined();
    expect(tokens.authenticate(token, t0 + 599_000)?.name).toBe("system:serviceaccount:ns:bot");
    expect(tokens.authenticate(token, t0 + 600_000)).toBeUndefined();
  });

  test("audience must be an API audience; the issuer ours", () => {
    const tokens = tokensWith(live);
    const other = tokens.issue(SA, { audiences: ["vault"], expirationSeconds: 600 }, NOW).token;
    expect(tokens.authenticate(other, NOW.getTime())).toBeUndefined();
    const foreign = new ServiceAccountTokens(key, (k, ns, n) => (live as Record<string, string>)[`${k}/${ns}/${n}`], "https://elsewhere");
    const theirs = foreign.issue(SA, { audiences: foreign.apiAudiences, expirationSeconds: 600 }, NOW).token;
    expect(tokens.authenticate(theirs, NOW.getTime())).toBeUndefined();
  });

  test("revoked when the service account or the bound object is gone or replaced (another uid)", () => {
    const tokens = tokensWith(live);
    const pod = tokens.issue(SA, { audiences: tokens.apiAudiences, expirationSeconds: 600, bound: { kind: "Pod", name: "p", uid: "uid-p" } }, NOW).token;
    const node = tokens.issue(SA, { audiences: tokens.apiAudiences, expirationSeconds: 600, bound: { kind: "Node", name: "n1", uid: "uid-n1" } }, NOW).token;
    const t = NOW.getTime();
    expect(tokens.authenticate(pod, t)?.extra).toMatchObject({ "authentication.kubernetes.io/pod-name": ["p"], "authentication.kubernetes.io/pod-uid": ["uid-p"] });
    expect(tokens.authenticate(node, t)?.extra).toMatchObject({ "authentication.kubernetes.io/node-name": ["n1"] });
    expect(tokensWith({ ...live, "Pod/ns/p": "uid-new" }).authenticate(pod, t)).toBeUndefined();
    expect(tokensWith({ "ServiceAccount/ns/bot": "uid-bot" }).authenticate(node, t)).toBeUndefined();
    expect(tokensWith({ ...live, "ServiceAccount/ns/bot": "uid-recreated" }).authenticate(pod, t)).toBeUndefined();
  });

  test("a token checked once is remembered, yet expiry and revocation still apply to it", () => {
    const objects: Record<string, string> = { ...live };
    const tokens = new ServiceAccountTokens(key, (k, ns, n) => objects[`${k}/${ns}/${n}`]);
    const { token } = tokens.issue(SA, { audiences: tokens.apiAudiences, expirationSeconds: 600, bound: { kind: "Pod", name: "p", uid: "uid-p" } }, NOW);
    const t = NOW.getTime();
    const first = tokens.authenticate(token, t);
    expect(tokens.authenticate(token, t + 1000)).toBe(first!);
    expect(tokens.authenticate(token, t + 600_000)).toBeUndefined();
    delete objects["Pod/ns/p"];
    expect(tokens.authenticate(token, t + 2000)).toBeUndefined();
    objects["Pod/ns/p"] = "uid-p";
    expect(tokens.authenticate(token, t + 3000)?.name).toBe("system:serviceaccount:ns:bot");
  });
});
