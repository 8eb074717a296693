/**
 * Manifest sets with the real kubectl: `kubectl apply --prune -l` with kubectl's default
 * allowlist, which names every kind a cluster serves by default (ReplicationController and
 * networking.k8s.io/v1 Ingress among them): objects dropped from the set are deleted, the
 * others kept; and `kubectl create -f` of a v1 List.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cluster } from "../../helpers/cluster.ts";
import { ok, startApiCluster } from "./kubectl.ts";

let c: Cluster;
const dir = mkdtempSync(join(tmpdir(), "kubun-prune-"));

beforeAll(async () => {
  c = await startApiCluster();
});
afterAll(async () => {
  await c?.stop();
});

const cm = (name: string) => ["apiVersion: v1", "kind: ConfigMap", "metadata:", `  name: ${name}`, "  labels:", "    set: pruned", "data:", "  k: v"].join("\n");
const ingress = [
  "apiVersion: networking.k8s.io/v1",
  "kind: Ingress",
  "metadata:",
  "  name: web",
  "  labels:",
  "    set: pruned",
  "spec:",
  "  rules:",
  "  - host: web.example.com",
  "    http:",
  "      paths:",
  "      - path: /",
  "        pathType: Prefix",
  "        backend:",
  "          service:",
  "            name: web",
  "            port:",
  "              number: 80",
].join("\n");

test("apply --prune deletes what left the manifest set, across kinds", async () => {
  const all = join(dir, "all.yaml");
  writeFileSync(all, [cm("one"), cm("two"), ingress].join("\n---\n"));
  await ok(c, ["apply", "-f", all]);
  const some = join(dir, "some.yaml");
  writeFileSync(some, cm("one"));
  const out = await ok(c, ["apply", "-f", some, "--prune", "-l", "set=pruned"]);
  expect(out).toContain("configmap/one unchanged");
  expect(out).toContain("configmap/two pruned");
  expect(out).toContain("ingress.networking.k8s.io/web pruned");
  expect((await ok(c, ["get", "configmaps,ingresses", "-l", "set=pruned", "-o", "name"])).trim()).toBe("configmap/one");
});

test("create -f of a v1 List creates each item (kubectl validates a List against /openapi/v2)", async () => {
  const list = join(dir, "list.yaml");
  writeFileSync(
    list,
    ["apiVersion: v1", "kind: List", "items:", "- apiVersion: v1", "  kind: ConfigMap", "  metadata: {name: from-list}", "- apiVersion: v1", "  kind: Secret", "  metadata: {name: from-list}", "  stringData: {k: v}", ""].join("\n"),
  );
  const out = await ok(c, ["create", "-f", list]);
  expect(out).toContain("configmap/from-list created");
  expect(out).toContain("secret/from-list created");
  expect(await ok(c, ["get", "secret", "from-list", "-o", "jsonpath={.data.k}"])).toBe(Buffer.from("v").toString("base64"));
});
