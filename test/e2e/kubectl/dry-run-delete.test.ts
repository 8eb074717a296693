/**
 * `kubectl delete --dry-run=server` sends dryRun in the DeleteOptions body: the object must
 * survive, for a single delete and for a collection delete.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startCluster, type Cluster } from "../../helpers/cluster.ts";

let c: Cluster;

beforeAll(async () => {
  c = await startCluster(["--disable-agent", "--disable-scheduler", "--disable-controller-manager"]);
});
afterAll(async () => {
  await c?.stop();
});

describe("kubectl delete --dry-run=server", () => {
  test("reports the deletion and keeps the object", async () => {
    expect((await c.kubectl(["create", "configmap", "keepme", "--from-literal=a=b"])).code).toBe(0);
    const del = await c.kubectl(["delete", "configmap", "keepme", "--dry-run=server"]);
    expect(del.code).toBe(0);
    expect(del.stdout).toContain("(server dry run)");
    const get = await c.kubectl(["get", "configmap", "keepme", "-o", "jsonpath={.data.a}"]);
    expect(get.stderr).toBe("");
    expect(get.stdout).toBe("b");
  });

  test("a label-selected collection survives too", async () => {
    for (const n of ["d1", "d2"]) expect((await c.kubectl(["create", "configmap", n, "--from-literal=x=y"])).code).toBe(0);
    expect((await c.kubectl(["label", "configmap", "d1", "d2", "dry=yes"])).code).toBe(0);
    const del = await c.kubectl(["delete", "configmap", "-l", "dry=yes", "--dry-run=server"]);
    expect(del.code).toBe(0);
    const names = (await c.kubectl(["get", "configmap", "-l", "dry=yes", "-o", "name"])).stdout.trim().split("\n");
    expect(names).toEqual(["configmap/d1", "configmap/d2"]);
  });
});
