/**
 * Pushing an image from the store to a registry (monolithic blob uploads, then the
 * manifest under a tag). Used by tests to seed a registry; also the base of a future
 * `kubun images push`.
 */
import type { ImageManifest } from "../oci.ts";
import { parseReference } from "../reference.ts";
import type { ImageRecord, ImageStore } from "../store.ts";
import { RegistryClient, RegistryError, type RegistryHosts, registryErrorText } from "./client.ts";
import type { RegistryAuth } from "./credentials.ts";

export interface PushOptions {
  auth?: RegistryAuth;
  hosts?: RegistryHosts;
}

export async function pushImage(store: ImageStore, image: ImageRecord, target: string, opts: PushOptions = {}): Promise<string> {
  const ref = parseReference(target);
  const client = new RegistryClient(ref.domain, ref.path, opts.auth, opts.hosts);
  const manifestBytes = await store.blobs.read(image.manifestDigest);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ImageManifest;
  for (const d of [manifest.config, ...manifest.layers]) {
    const head = await client.request(`blobs/${d.digest}`, { method: "HEAD" }, "pull,push");
    if (head.ok) continue;
    const start = await client.request("blobs/uploads/", { method: "POST" }, "pull,push");
    if (start.status !== 202) throw new RegistryError(start.status, `starting upload: ${(await registryErrorText(start)).text}`);
    const loc = new URL(start.headers.get("location") ?? "", client.base);
    loc.searchParams.set("digest", d.digest);
    const put = await client.request(
      loc.toString(),
      { method: "PUT", body: await store.blobs.read(d.digest), headers: { "content-type": "application/octet-stream" } },
      "pull,push",
    );
    if (put.status !== 201) throw new RegistryError(put.status, `uploading ${d.digest}: ${(await registryErrorText(put)).text}`);
  }
  const mediaType = manifest.mediaType ?? "application/vnd.oci.image.manifest.v1+json";
  const res = await client.request(`manifests/${ref.digest ?? ref.tag}`, { method: "PUT", body: manifestBytes, headers: { "content-type": mediaType } }, "pull,push");
  if (res.status !== 201) throw new RegistryError(res.status, `putting manifest: ${(await registryErrorText(res)).text}`);
  return res.headers.get("docker-content-digest") ?? image.manifestDigest;
}
