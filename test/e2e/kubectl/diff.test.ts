/**
 * `kubectl diff` reports only real drift: an object read back and diffed unchanged, or a
 * manifest with empty labels/annotations/data, shows no difference and exits 0 (the
 * server drops empty optional maps and lists as upstream's decode and encode do); a change
 * shows as exactly that change and exits 1. Client-side and server-side.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cluster } from "../../helpers/cluster.ts";
import { ok, startApiCluster } from "./kubectl.ts";

let c: Cluster;
const dir = mkdtempSync(join(tmpdir(), "kubun-diff-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  c = await startApiCluster();
});
afterAll(async () => {
  await c?.stop();
});

describe("kubectl diff", () => {
  test("an object created by kubectl create and read back unchanged has no diff", async () => {
    await ok(c, ["create", "configmap", "plain", "--from-literal=a=1", "--from-literal=b=2"]);
    const live = file("plain.yaml", await ok(c, ["get", "configmap", "plain", "-o", "yaml"]));
    const same = await c.kubectl(["diff", "-f", live]);
    expect(same.stderr).toBe("");
    expect(same.stdout).toBe("");
    expect(same.code).toBe(0);

    const changed = file("plain-changed.yaml", (await ok(c, ["get", "configmap", "plain", "-o", "yaml"])).replace('a: "1"', 'a: "9"'));
    const diff = await c.kubectl(["diff", "-f", changed]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('-  a: "1"');
    expect(diff.stdout).toContain('+  a: "9"');
    expect(diff.stdout).not.toContain("annotations");
  });

  test("empty labels, annotations and data are not stored, so they never show as drift", async () => {
    const manifest = file(
      "empty.yaml",
      ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: empties", "  labels: {}", "  annotations: {}", "  finalizers: []", "data: {}", ""].join("\n"),
    );
    await ok(c, ["create", "-f", manifest]);
    const got = JSON.parse(await ok(c, ["get", "configmap", "empties", "-o", "json"])) as { metadata: Record<string, unknown>; data?: unknown };
    expect(Object.keys(got.metadata).sort()).toEqual(["creationTimestamp", "name", "namespace", "resourceVersion", "uid"]);
    expect(got.data).toBeUndefined();
    const diff = await c.kubectl(["diff", "-f", manifest]);
    expect(diff.stdout).toBe("");
    expect(diff.code).toBe(0);
  });

  test("server-side: an applied manifest diffs clean, a change does not", async () => {
    const text = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: ssa", "  annotations: {}", "data:", "  k: v", ""].join("\n");
    const manifest = file("ssa.yaml", text);
    await ok(c, ["apply", "--server-side", "-f", manifest]);
    const same = await c.kubectl(["diff", "--server-side", "-f", manifest]);
    expect(same.stdout).toBe("");
    expect(same.code).toBe(0);
    const diff = await c.kubectl(["diff", "--server-side", "-f", file("ssa2.yaml", text.replace("k: v", "k: w"))]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("+  k: w");
  });
});
