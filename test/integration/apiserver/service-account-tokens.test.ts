/**
 * Service-account tokens end to end over HTTPS: TokenRequest (serviceaccounts/<name>/token)
 * issues a signed token with upstream's claims and defaults; the token authenticates as
 * system:serviceaccount:<ns>:<name> (SelfSubjectReview says so); it stops working when it
 * expires, when the service account or the pod it is bound to is deleted, or when it is
 * tampered with; bad requests get upstream's errors. TokenReview answers for any token.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, TOKEN, type Harness } from "./harness.ts";

let h: Harness;
const SAS = "/api/v1/namespaces/tok/serviceaccounts";
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "tok" } });
  await h.call("POST", SAS, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "bot" } });
});
afterAll(() => h.stop());

const tokenRequest = (spec: Record<string, unknown> = {}, sa = "bot") => h.call("POST", `${SAS}/${sa}/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec });
const whoami = (token: string) =>
  h.anon("/apis/authentication.k8s.io/v1/selfsubjectreviews", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }) });
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));

describe("TokenRequest and service-account authentication", () => {
  test("a token with upstream's defaults and claims authenticates as the service account", async () => {
    const sa = (await h.call("GET", `${SAS}/bot`)).body;
    const r = await tokenRequest();
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", metadata: { name: "bot", namespace: "tok" }, spec: { audiences: ["https://kubernetes.default.svc.cluster.local"], expirationSeconds: 3600 } });
    const token = r.body.status.token as string;
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ iss: "https://kubernetes.default.svc.cluster.local", sub: "system:serviceaccount:tok:bot", aud: ["https://kubernetes.default.svc.cluster.local"], "kubernetes.io": { namespace: "tok", serviceaccount: { name: "bot", uid: sa.metadata.uid } } });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(Date.parse(r.body.status.expirationTimestamp) / 1000).toBe(claims.exp);
    const me = await whoami(token);
    expect(me.status).toBe(201);
    expect(((await me.json()) as any).status.userInfo).toEqual({
      username: "system:serviceaccount:tok:bot",
      uid: sa.metadata.uid,
      groups: ["system:serviceaccounts", "system:serviceaccounts:tok", "system:authenticated"],
      extra: { "authentication.kubernetes.io/credential-id": [`JTI=${claims.jti}`] },
    });
    const list = await h.anon("/api/v1/namespaces/tok/serviceaccounts", { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
  });

  test("tampered, foreign-audience and other-issuer tokens are refused with 401", async () => {
    const token = (await tokenRequest()).body.status.token as string;
    const [head, body, sig] = token.split(".") as [string, string, string];
    const forged = { ...claimsOf(token), sub: "system:serviceaccount:tok:admin" };
    const tampered = `${head}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${sig}`;
    expect((await whoami(tampered)).status).toBe(401);
    expect((await whoami(`${head}.${body}.${sig.slice(0, -4)}AAAA`)).status).toBe(401);
    const other = (await tokenRequest({ audiences: ["vault"] })).body.status.token as string;
    expect(claimsOf(other).aud).toEqual(["vault"]);
    expect((await whoami(other)).status).toBe(401);
    expect((await whoami("not.a.jwt")).status).toBe(401);
  });

  test("a token bound to a pod carries it, and dies with the pod; deleting the service account revokes all", async () => {
    await h.call("POST", SAS, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "worker" } });
    const pod = (
      await h.call("POST", "/api/v1/namespaces/tok/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { serviceAccountName: "worker", containers: [{ name: "c", image: "busybox" }] } })
    ).body;
    const r = await tokenRequest({ boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "p" }, expirationSeconds: 600 }, "worker");
    expect(r.status).toBe(201);
    expect(r.body.spec.boundObjectRef).toEqual({ kind: "Pod", apiVersion: "v1", name: "p", uid: pod.metadata.uid });
    const bound = r.body.status.token as string;
    expect(claimsOf(bound)["kubernetes.io"].pod).toEqual({ name: "p", uid: pod.metadata.uid });
    const info = ((await (await whoami(bound)).json()) as any).status.userInfo;
    expect(info.extra["authentication.kubernetes.io/pod-name"]).toEqual(["p"]);
    const unbound = (await tokenRequest({}, "worker")).body.status.token as string;
    await h.call("DELETE", "/api/v1/namespaces/tok/pods/p?gracePeriodSeconds=0");
    await waitFor(async () => (await whoami(bound)).status === 401);
    expect((await whoami(unbound)).status).toBe(201);
    await h.call("DELETE", `${SAS}/worker`);
    await waitFor(async () => (await whoami(unbound)).status === 401);
  });

  test("a pod naming a service account that does not exist is refused, and stored once it does", async () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "ghostly" }, spec: { serviceAccountName: "ghost", containers: [{ name: "c", image: "busybox" }] } };
    const refused = await h.call("POST", "/api/v1/namespaces/tok/pods", pod);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ kind: "Status", reason: "Forbidden", message: 'pods "ghostly" is forbidden: error looking up service account tok/ghost: serviceaccount "ghost" not found' });
    expect((await h.call("GET", "/api/v1/namespaces/tok/pods/ghostly")).status).toBe(404);
    expect((await h.call("POST", SAS, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "ghost" } })).status).toBe(201);
    const created = await h.call("POST", "/api/v1/namespaces/tok/pods", pod);
    expect(created.status).toBe(201);
    expect(created.body.spec.serviceAccountName).toBe("ghost");
    expect(created.body.spec.volumes.map((v: { name: string }) => v.name)).toEqual([expect.stringMatching(/^kube-api-access-/)]);
  });

  test("bad requests get upstream's errors and issue nothing", async () => {
    const short = await tokenRequest({ expirationSeconds: 60 });
    expect(short.status).toBe(422);
    expect(short.body.message).toBe('TokenRequest.authentication.k8s.io "bot" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
    expect((await tokenRequest({}, "nobody")).body).toMatchObject({ code: 404, reason: "NotFound", message: 'serviceaccounts "nobody" not found' });
    const kind = await tokenRequest({ boundObjectRef: { kind: "ConfigMap", apiVersion: "v1", name: "x" } });
    expect(kind.status).toBe(400);
    expect(kind.body.message).toBe("cannot bind token for object of type v1, Kind=ConfigMap");
    const missing = await tokenRequest({ boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "ghost" } });
    expect(missing.body).toMatchObject({ code: 404, message: 'pods "ghost" not found' });
    await h.call("POST", "/api/v1/namespaces/tok/secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } });
    const wrongUid = await tokenRequest({ boundObjectRef: { kind: "Secret", apiVersion: "v1", name: "s", uid: "not-the-uid" } });
    expect(wrongUid.status).toBe(409);
  });

  test("TokenReview: service-account and static tokens, audiences, and tokens that do not authenticate", async () => {
    const review = (spec: Record<string, unknown>) => h.call("POST", "/apis/authentication.k8s.io/v1/tokenreviews", { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec });
    const token = (await tokenRequest()).body.status.token as string;
    const ok = await review({ token });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: "TokenReview", spec: { token }, status: { authenticated: true, audiences: ["https://kubernetes.default.svc.cluster.local"] } });
    expect(ok.body.status.user.username).toBe("system:serviceaccount:tok:bot");
    const vault = (await tokenRequest({ audiences: ["vault", "other"] })).body.status.token as string;
    expect((await review({ token: vault, audiences: ["vault"] })).body.status).toMatchObject({ authenticated: true, audiences: ["vault"] });
    expect((await review({ token: vault })).body.status).toEqual({ user: {} });
    const fixed = (await review({ token: TOKEN, audiences: ["anything"] })).body.status;
    expect(fixed).toMatchObject({ authenticated: true, audiences: ["anything"], user: { username: "system:admin" } });
    expect((await review({ token: "no-such-token" })).body.status).toEqual({ user: {} });
    const empty = await review({});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe("token is required for TokenReview in authentication.k8s.io");
  });

  test("discovery lists serviceaccounts/token and selfsubjectreviews", async () => {
    const core = (await h.call("GET", "/api/v1")).body.resources as any[];
    expect(core.find((r) => r.name === "serviceaccounts/token")).toMatchObject({ kind: "TokenRequest", group: "authentication.k8s.io", version: "v1", verbs: ["create"] });
    const authn = (await h.call("GET", "/apis/authentication.k8s.io/v1")).body.resources as any[];
    expect(authn.find((r) => r.name === "selfsubjectreviews")).toMatchObject({ kind: "SelfSubjectReview", namespaced: false, verbs: ["create"] });
    expect(authn.find((r) => r.name === "tokenreviews")).toMatchObject({ kind: "TokenReview", namespaced: false, verbs: ["create"] });
  });
});

async function waitFor(cond: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error("condition not met in 5 s");
    await Bun.sleep(50);
  }
}
