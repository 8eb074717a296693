/** `kubun images import` and `ls` through the compiled executable, with a busybox image built at test time. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runKubun } from "../../helpers/binary.ts";
import { buildBusyboxImage } from "../kubelet/fixtures/busybox-image.ts";

describe("kubun images", () => {
  test("imports an OCI archive and a docker archive, then lists both by normalized name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubun-images-"));
    const oci = await buildBusyboxImage(join(dir, "bb-oci.tar"), { name: "busybox:oci", format: "oci" });
    await buildBusyboxImage(join(dir, "bb-docker.tar.gz"), { name: "example.com/team/bb:1.0", format: "docker", gzip: true });
    const data = join(dir, "data");

    const imp = await runKubun(["images", "import", "-d", data, join(dir, "bb-oci.tar"), join(dir, "bb-docker.tar.gz")]);
    expect(imp.stderr).toBe("");
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain("imported docker.io/library/busybox:oci");
    expect(imp.stdout).toContain("imported example.com/team/bb:1.0");

    const ls = await runKubun(["images", "ls", "-d", data]);
    expect(ls.code).toBe(0);
    const rows = ls.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^IMAGE\s+IMAGE ID\s+SIZE$/);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[0]).sort()).toEqual(["docker.io/library/busybox:oci", "example.com/team/bb:1.0"]);
    expect(oci.manifestDigest).toMatch(/^sha256:/);
  });

  test("a missing file fails with one line and a non-zero exit; nothing is listed", async () => {
    const data = mkdtempSync(join(tmpdir(), "kubun-images-"));
    const r = await runKubun(["images", "import", "-d", data, "/nonexistent/x.tar"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("/nonexistent/x.tar");
    const ls = await runKubun(["images", "ls", "-d", data]);
    expect(ls.stdout.trim().split("\n")).toHaveLength(1);
  });
});
