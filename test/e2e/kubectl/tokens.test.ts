/**
 * Service-account tokens with the real kubectl: `kubectl create token` issues one, and a
 * kubeconfig holding only that token authenticates as the service account
 * (`kubectl auth whoami`), until the service account is deleted.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cluster } from "../../helpers/cluster.ts";
import { ok, startApiCluster } from "./kubectl.ts";

let c: Cluster;
beforeAll(async () => {
  c = await startApiCluster();
});
afterAll(async () => {
  await c?.stop();
});

/** A kubeconfig for the same server and CA with a bearer token as its only credential. */
function tokenKubeconfig(token: string): string {
  const admin = readFileSync(c.kubeconfig, "utf8");
  const ca = /certificate-authority-data: (\S+)/.exec(admin)![1];
  const path = join(mkdtempSync(join(tmpdir(), "kubun-token-kc-")), "config");
  writeFileSync(
    path,
    ["apiVersion: v1", "kind: Config", "clusters:", "- name: k", "  cluster:", `    server: ${c.url}`, `    certificate-authority-data: ${ca}`, "users:", "- name: bot", "  user:", `    token: ${token}`, "contexts:", "- name: k", "  context: {cluster: k, user: bot, namespace: default}", "current-context: k", ""].join("\n"),
  );
  return path;
}

test("kubectl create token, then auth whoami with that token alone", async () => {
  await ok(c, ["create", "serviceaccount", "bot"]);
  const token = (await ok(c, ["create", "token", "bot", "--duration=20m"])).trim();
  expect(token.split(".")).toHaveLength(3);
  const kc = tokenKubeconfig(token);
  const who = await ok(c, ["--kubeconfig", kc, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}"]);
  expect(who).toBe('system:serviceaccount:default:bot ["system:serviceaccounts","system:serviceaccounts:default","system:authenticated"]');
  expect((await ok(c, ["--kubeconfig", kc, "get", "serviceaccount", "bot", "-o", "name"])).trim()).toBe("serviceaccount/bot");
  await ok(c, ["delete", "serviceaccount", "bot"]);
  const after = await c.kubectl(["--kubeconfig", kc, "get", "serviceaccounts"]);
  expect(after.code).not.toBe(0);
  expect(after.stderr).toContain("Unauthorized");
});
