/**
 * The real helm v4 against the compiled server: install, upgrade, rollback and uninstall
 * of the fixture chart (helm v4 installs with server-side apply and keeps its release
 * history in Secrets it finds by label selector).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { REPO_ROOT } from "../../helpers/binary.ts";
import { startCluster, type Cluster } from "../../helpers/cluster.ts";
import { ok } from "./helm.ts";

const CHART = join(REPO_ROOT, "test", "fixtures", "charts", "web");
let c: Cluster;

beforeAll(async () => {
  c = await startCluster(["--disable-agent", "--disable-scheduler", "--disable-controller-manager"]);
});
afterAll(async () => {
  await c?.stop();
});

describe("helm v4", () => {
  test("install creates the chart's objects and a release secret", async () => {
    const out = await ok(c.helm(["install", "r1", CHART, "--namespace", "default"]));
    expect(out).toContain("STATUS: deployed");
    expect(out).toContain("REVISION: 1");
    const cm = JSON.parse(await ok(c.kubectl(["get", "configmap", "r1-web", "-o", "json"])));
    expect(cm.data.message).toBe("hello");
    const dep = JSON.parse(await ok(c.kubectl(["get", "deployment", "r1-web", "-o", "json"])));
    expect(dep.spec.replicas).toBe(2);
    expect(dep.metadata.labels["app.kubernetes.io/managed-by"]).toBe("Helm");
    const secrets = await ok(c.kubectl(["get", "secrets", "-l", "owner=helm,name=r1", "-o", "name"]));
    expect(secrets.trim()).toBe("secret/sh.helm.release.v1.r1.v1");
  });

  test("list and status read the release back", async () => {
    const list = await ok(c.helm(["list", "-o", "json"]));
    expect(JSON.parse(list)).toMatchObject([{ name: "r1", revision: "1", status: "deployed" }]);
    expect(await ok(c.helm(["status", "r1"]))).toContain("STATUS: deployed");
  });

  test("upgrade changes values and bumps the revision", async () => {
    const out = await ok(c.helm(["upgrade", "r1", CHART, "--set", "replicaCount=3", "--set", "message=bye"]));
    expect(out).toContain("REVISION: 2");
    const dep = JSON.parse(await ok(c.kubectl(["get", "deployment", "r1-web", "-o", "json"])));
    expect(dep.spec.replicas).toBe(3);
    expect(dep.metadata.generation).toBe(2);
    const cm = JSON.parse(await ok(c.kubectl(["get", "configmap", "r1-web", "-o", "json"])));
    expect(cm.data.message).toBe("bye");
  });

  test("rollback restores revision 1's values as revision 3", async () => {
    expect(await ok(c.helm(["rollback", "r1", "1"]))).toContain("Rollback was a success");
    const dep = JSON.parse(await ok(c.kubectl(["get", "deployment", "r1-web", "-o", "json"])));
    expect(dep.spec.replicas).toBe(2);
    const cm = JSON.parse(await ok(c.kubectl(["get", "configmap", "r1-web", "-o", "json"])));
    expect(cm.data.message).toBe("hello");
    const hist = JSON.parse(await ok(c.helm(["history", "r1", "-o", "json"])));
    expect(hist.map((h: { revision: number }) => h.revision)).toEqual([1, 2, 3]);
  });

  test("uninstall removes the objects and the release", async () => {
    expect(await ok(c.helm(["uninstall", "r1"]))).toContain('release "r1" uninstalled');
    const get = await c.kubectl(["get", "configmap", "r1-web"]);
    expect(get.code).not.toBe(0);
    expect(get.stderr).toContain('configmaps "r1-web" not found');
    expect((await ok(c.kubectl(["get", "secrets", "-l", "owner=helm", "-o", "name"]))).trim()).toBe("");
  });
});
