/**
 * Pulling an image from an OCI distribution registry into the store: resolve the
 * reference to a manifest (through an index for this platform), fetch config and
 * layers that are not already present (each verified by digest), and record the
 * image under its normalized name. Credentials are tried in order, then anonymous.
 */
import { sha256Digest } from "../digest.ts";
import { type Descriptor, type ImageIndex, type ImageManifest, isIndexMediaType, MediaType, selectPlatform } from "../oci.ts";
import { formatReference, parseReference, repositoryOf } from "../reference.ts";
import type { ImageRecord, ImageStore } from "../store.ts";
import { RegistryClient, RegistryError, type RegistryHosts, registryErrorText } from "./client.ts";
import type { RegistryAuth } from "./credentials.ts";

export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest].join(", ");

export interface PullOptions {
  /** Credentials to try in order; anonymous access is tried when the list is empty. */
  credentials?: RegistryAuth[];
  hosts?: RegistryHosts;
  /** Parallel layer downloads (default 3). */
  concurrency?: number;
}

export async function pullImage(store: ImageStore, image: string, opts: PullOptions = {}): Promise<ImageRecord> {
  const ref = parseReference(image);
  const candidates: Array<RegistryAuth | undefined> = opts.credentials && opts.credentials.length > 0 ? opts.credentials : [undefined];
  let lastError: unknown;
  for (const auth of candidates) {
    const client = new RegistryClient(ref.domain, ref.path, auth, opts.hosts);
    try {
      return await pullWith(store, client, ref, opts.concurrency ?? 3);
    } catch (e) {
      lastError = e;
      // Only an authorization failure makes the next credential worth trying.
      if (!(e instanceof RegistryError) || (e.status !== 401 && e.status !== 403)) break;
    }
  }
  const name = formatReference(ref);
  const msg = lastError instanceof Error ? lastError.message : String(lastError);
  throw new PullError(`failed to pull and unpack image "${name}": ${msg}`, lastError);
}

export class PullError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

async function fetchManifest(client: RegistryClient, reference: string, expected?: string): Promise<{ digest: string; mediaType: string; body: Uint8Array }> {
  const res = await client.request(`manifests/${reference}`, { headers: { accept: MANIFEST_ACCEPT } });
  if (!res.ok) {
    const e = await registryErrorText(res);
    if (res.status === 404) throw new RegistryError(404, `failed to resolve reference "${client.domain}/${client.repo}:${reference}": ${client.domain}/${client.repo}:${reference}: not found`, e.code);
    if (res.status === 401 || res.status === 403)
      throw new RegistryError(
        res.status,
        `failed to resolve reference "${client.domain}/${client.repo}:${reference}": pull access denied, repository does not exist or may require authorization: server message: ${e.text}`,
        e.code,
      );
    throw new RegistryError(res.status, `failed to resolve reference "${client.domain}/${client.repo}:${reference}": unexpected status ${res.status}: ${e.text}`, e.code);
  }
  const body = new Uint8Array(await res.arrayBuffer());
  const digest = sha256Digest(body);
  if (expected !== undefined && digest !== expected) throw new RegistryError(500, `manifest digest mismatch: expected ${expected}, got ${digest}`);
  const mediaType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim() || ((JSON.parse(new TextDecoder().decode(body)) as { mediaType?: string }).mediaType ?? "");
  return { digest, mediaType, body };
}

async function fetchBlob(store: ImageStore, client: RegistryClient, d: Descriptor): Promise<void> {
  if (store.blobs.has(d.digest)) return;
  const res = await client.request(`blobs/${d.digest}`);
  if (!res.ok || !res.body) {
    const e = await registryErrorText(res);
    throw new RegistryError(res.status, `failed to fetch blob ${d.digest}: ${res.status} ${e.text}`, e.code);
  }
  await store.blobs.putStream(res.body, d.digest);
}

async function pullWith(store: ImageStore, client: RegistryClient, ref: ReturnType<typeof parseReference>, concurrency: number): Promise<ImageRecord> {
  const top = await fetchManifest(client, ref.digest ?? ref.tag ?? "latest", ref.digest);
  let manifestDigest = top.digest;
  let manifestBody = top.body;
  await store.blobs.put(top.body, top.digest);
  const parsedTop = JSON.parse(new TextDecoder().decode(top.body)) as { mediaType?: string; manifests?: Descriptor[] };
  if (isIndexMediaType(top.mediaType) || isIndexMediaType(parsedTop.mediaType) || Array.isArray(parsedTop.manifests)) {
    const chosen = selectPlatform(parsedTop as ImageIndex);
    if (!chosen) throw new RegistryError(404, `no match for platform in manifest ${top.digest}: not found`);
    const m = await fetchManifest(client, chosen.digest, chosen.digest);
    await store.blobs.put(m.body, m.digest);
    manifestDigest = m.digest;
    manifestBody = m.body;
  }
  const manifest = JSON.parse(new TextDecoder().decode(manifestBody)) as ImageManifest;
  await fetchBlob(store, client, manifest.config);
  const queue = [...manifest.layers];
  const workers = Array.from({ length: Math.max(1, concurrency) }, async () => {
    for (let d = queue.shift(); d; d = queue.shift()) await fetchBlob(store, client, d);
  });
  await Promise.all(workers);
  const names = ref.digest === undefined ? [`${repositoryOf(ref)}:${ref.tag}`] : [];
  return store.commit(manifestDigest, names, top.digest, [repositoryOf(ref)]);
}
