/**
 * A chart that ships a CRD in crds/ with the real helm v4: install creates the CRD first
 * and then an object of its kind (defaulted by the CRD's schema), upgrade changes the
 * object, a value the schema refuses fails the upgrade with the server's message, and
 * uninstall removes the object but keeps the CRD, as helm leaves crds/ alone.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { REPO_ROOT } from "../../helpers/binary.ts";
import { startCluster, type Cluster } from "../../helpers/cluster.ts";
import { ok } from "./helm.ts";

const CHART = join(REPO_ROOT, "test", "fixtures", "charts", "backup");
let c: Cluster;

beforeAll(async () => {
  c = await startCluster(["--disable-agent", "--disable-scheduler", "--disable-controller-manager"]);
});
afterAll(async () => {
  await c?.stop();
});

describe("helm v4 with a CRD in crds/", () => {
  test("install creates the CRD, then the object of its kind", async () => {
    const out = await ok(c.helm(["install", "b1", CHART, "--namespace", "default"]));
    expect(out).toContain("STATUS: deployed");
    const crd = JSON.parse(await ok(c.kubectl(["get", "crd", "backupschedules.backup.example.com", "-o", "json"])));
    expect(crd.status.conditions.find((x: any) => x.type === "Established").status).toBe("True");
    const obj = JSON.parse(await ok(c.kubectl(["get", "backupschedule", "b1-nightly", "-o", "json"])));
    expect(obj.spec).toEqual({ schedule: "0 3 * * *", retention: 7, paused: false });
    // the CRD names its columns without an Age one, so none is shown (as upstream)
    expect(await ok(c.kubectl(["get", "bks"]))).toMatch(/^NAME\s+SCHEDULE\s+RETENTION\nb1-nightly\s+0 3 \* \* \*\s+7\n$/);
  });

  test("upgrade changes the object; a value the schema refuses fails the upgrade", async () => {
    expect(await ok(c.helm(["upgrade", "b1", CHART, "--set", "retention=30"]))).toContain("REVISION: 2");
    expect(await ok(c.kubectl(["get", "bks", "b1-nightly", "-o", "jsonpath={.spec.retention}"]))).toBe("30");
    const bad = await c.helm(["upgrade", "b1", CHART, "--set", "retention=0"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("spec.retention in body should be greater than or equal to 1");
    expect(await ok(c.kubectl(["get", "bks", "b1-nightly", "-o", "jsonpath={.spec.retention}"]))).toBe("30");
  });

  test("uninstall removes the object and keeps the CRD", async () => {
    expect(await ok(c.helm(["uninstall", "b1", "--wait"]))).toContain('release "b1" uninstalled');
    expect(await ok(c.kubectl(["get", "bks", "-o", "name"]))).toBe("");
    expect(await ok(c.kubectl(["get", "crd", "-o", "name"]))).toBe("customresourcedefinition.apiextensions.k8s.io/backupschedules.backup.example.com\n");
  });
});
