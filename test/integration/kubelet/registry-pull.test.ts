/** Pull and push against Debian's docker-registry on loopback: anonymous, Basic and Bearer token auth. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importImage } from "../../../src/kubelet/images/import.ts";
import { credentialsFromSecrets, matchCredentials } from "../../../src/kubelet/images/registry/credentials.ts";
import { pullImage } from "../../../src/kubelet/images/registry/pull.ts";
import { pushImage } from "../../../src/kubelet/images/registry/push.ts";
import { type ImageRecord, ImageStore } from "../../../src/kubelet/images/store.ts";
import { buildBusyboxImage, haveBusybox } from "./fixtures/busybox-image.ts";
import { REGISTRY_BIN, startRegistry, type TestRegistry } from "./fixtures/registry.ts";

const tmp = mkdtempSync(join(tmpdir(), "kubun-pull-"));
let source: ImageStore;
let image: ImageRecord;
let n = 0;
const freshStore = () => new ImageStore(join(tmp, `s${n++}`));

const enabled = existsSync(REGISTRY_BIN) && haveBusybox();

beforeAll(async () => {
  if (!enabled) return;
  const file = join(tmp, "bb.tar");
  await buildBusyboxImage(file, { gzip: true });
  source = new ImageStore(join(tmp, "source"));
  image = (await importImage(source, file, { unpack: false })).images[0]!;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dockerSecret(host: string, user: string, password: string) {
  const cfg = { auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString("base64") } } };
  return { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": Buffer.from(JSON.stringify(cfg)).toString("base64") } };
}

describe.skipIf(!enabled)("registry pull", () => {
  describe("anonymous", () => {
    let reg: TestRegistry;
    beforeAll(async () => {
      reg = await startRegistry();
    });
    afterAll(() => reg.stop());

    test("push, then pull by tag and by digest; layers verified and unpacked", async () => {
      const ref = `${reg.host}/tools/busybox:1.35`;
      const digest = await pushImage(source, image, ref);
      expect(digest).toBe(image.manifestDigest);
      const dest = freshStore();
      const pulled = await pullImage(dest, ref);
      expect(pulled.names).toEqual([ref]);
      expect(pulled.id).toBe(image.id);
      expect(pulled.repoDigests).toEqual([`${reg.host}/tools/busybox@${digest}`]);
      await dest.unpack(pulled);
      expect(existsSync(join(dest.layerDirs(pulled)[0]!, "bin/busybox"))).toBe(true);

      const byDigest = await pullImage(freshStore(), `${reg.host}/tools/busybox@${digest}`);
      expect(byDigest.names).toEqual([]);
      expect(byDigest.repoDigests).toEqual([`${reg.host}/tools/busybox@${digest}`]);
    });

    test("missing tag: not found", async () => {
      await expect(pullImage(freshStore(), `${reg.host}/tools/busybox:nope`)).rejects.toThrow(/failed to pull and unpack image ".*busybox:nope".*not found/);
    });
  });

  describe("htpasswd (Basic)", () => {
    let reg: TestRegistry;
    beforeAll(async () => {
      reg = await startRegistry({ auth: "htpasswd" });
    });
    afterAll(() => reg.stop());

    test("needs the pull secret's credentials", async () => {
      const ref = `${reg.host}/private/bb:1`;
      await pushImage(source, image, ref, { auth: { username: "alice", password: "s3cret" } });
      await expect(pullImage(freshStore(), ref)).rejects.toThrow(/pull access denied|401/);
      const creds = matchCredentials(credentialsFromSecrets([dockerSecret(reg.host, "alice", "s3cret")]), reg.host, "private/bb");
      expect(creds).toHaveLength(1);
      const pulled = await pullImage(freshStore(), ref, { credentials: creds });
      expect(pulled.id).toBe(image.id);
    });

    test("a wrong credential then a right one: the second is used", async () => {
      const ref = `${reg.host}/private/bb:1`;
      const pulled = await pullImage(freshStore(), ref, { credentials: [{ username: "alice", password: "wrong" }, { username: "alice", password: "s3cret" }] });
      expect(pulled.id).toBe(image.id);
    });
  });

  describe("token (Bearer)", () => {
    let reg: TestRegistry;
    beforeAll(async () => {
      reg = await startRegistry({ auth: "token" });
    });
    afterAll(() => reg.stop());

    test("realm, service and scope from the challenge; anonymous tokens for public repos", async () => {
      await pushImage(source, image, `${reg.host}/public/bb:1`, { auth: { username: "alice", password: "s3cret" } });
      await pushImage(source, image, `${reg.host}/team/bb:1`, { auth: { username: "alice", password: "s3cret" } });
      expect(reg.tokenRequests.some((r) => r.user === "alice" && r.scopes.includes("repository:team/bb:pull,push"))).toBe(true);

      reg.tokenRequests.length = 0;
      const pub = await pullImage(freshStore(), `${reg.host}/public/bb:1`);
      expect(pub.id).toBe(image.id);
      expect(reg.tokenRequests[0]).toEqual({ service: "kubun-registry", scopes: ["repository:public/bb:pull"], user: null });

      await expect(pullImage(freshStore(), `${reg.host}/team/bb:1`)).rejects.toThrow(/pull access denied/);
      const priv = await pullImage(freshStore(), `${reg.host}/team/bb:1`, { credentials: [{ username: "alice", password: "s3cret" }] });
      expect(priv.id).toBe(image.id);
      await expect(pullImage(freshStore(), `${reg.host}/team/bb:1`, { credentials: [{ username: "alice", password: "bad" }] })).rejects.toThrow(/failed to fetch oauth token.*401/);
    });
  });
});
