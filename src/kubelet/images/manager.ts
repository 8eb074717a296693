/**
 * Image pull policy as upstream's image manager: Always pulls, IfNotPresent pulls
 * when missing, Never refuses when missing; failed pulls back off per image (10s
 * doubling to 5m) and answer ImagePullBackOff meanwhile. Reasons and messages are
 * upstream's; events go to the recorder the caller passes.
 */
import { Backoff } from "../backoff.ts";
import { parseReference, formatReference, InvalidReferenceError } from "./reference.ts";
import type { ImageRecord, ImageStore } from "./store.ts";
import type { RegistryAuth } from "./registry/credentials.ts";

export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export type EnsureImageResult =
  | { ok: true; image: ImageRecord; ref: string }
  | { ok: false; reason: "ErrImagePull" | "ImagePullBackOff" | "ErrImageNeverPull" | "InvalidImageName"; message: string };

export interface ImageEvent {
  type: "Normal" | "Warning";
  reason: "Pulling" | "Pulled" | "Failed" | "BackOff" | "ErrImageNeverPull" | "InspectFailed";
  message: string;
}

export type Puller = (image: string, credentials: RegistryAuth[]) => Promise<ImageRecord>;

/** Upstream defaulting: Always for ":latest" or no tag, IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): PullPolicy {
  try {
    const r = parseReference(image);
    return r.digest === undefined && r.tag === "latest" ? "Always" : "IfNotPresent";
  } catch {
    return "IfNotPresent";
  }
}

export class ImageManager {
  readonly backoff: Backoff;

  constructor(
    private readonly store: ImageStore,
    private readonly pull: Puller,
    private readonly clock: () => number = Date.now,
  ) {
    this.backoff = new Backoff(10_000, 300_000, clock);
  }

  /**
   * Makes sure `image` is in the store. `backoffKey` scopes the backoff (upstream uses
   * the pod uid and image); `credentials` come from the pod's imagePullSecrets.
   */
  async ensureImage(image: string, policy: PullPolicy | string | undefined, credentials: () => RegistryAuth[] | Promise<RegistryAuth[]>, backoffKey: string, record: (e: ImageEvent) => void): Promise<EnsureImageResult> {
    let ref: string;
    try {
      ref = formatReference(parseReference(image));
    } catch (e) {
      const reason = e instanceof InvalidReferenceError ? "invalid reference format" : String(e);
      const message = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${reason}`;
      record({ type: "Warning", reason: "InspectFailed", message });
      return { ok: false, reason: "InvalidImageName", message };
    }
    const pol = (policy ?? defaultPullPolicy(image)) as PullPolicy;
    const present = this.store.resolve(ref);
    if (pol === "Never" || (pol === "IfNotPresent" && present)) {
      if (present) {
        record({ type: "Normal", reason: "Pulled", message: `Container image "${image}" already present on machine` });
        return { ok: true, image: present, ref };
      }
      const message = `Container image "${image}" is not present with pull policy of Never`;
      record({ type: "Warning", reason: "ErrImageNeverPull", message });
      return { ok: false, reason: "ErrImageNeverPull", message };
    }
    const key = `${backoffKey}_${image}`;
    if (this.backoff.isInBackOffSinceUpdate(key, this.clock())) {
      const message = `Back-off pulling image "${image}"`;
      record({ type: "Normal", reason: "BackOff", message });
      return { ok: false, reason: "ImagePullBackOff", message };
    }
    record({ type: "Normal", reason: "Pulling", message: `Pulling image "${image}"` });
    const start = Date.now();
    try {
      const img = await this.pull(ref, await credentials());
      const took = ((Date.now() - start) / 1000).toFixed(3);
      record({ type: "Normal", reason: "Pulled", message: `Successfully pulled image "${image}" in ${took}s (${took}s including waiting). Image size: ${img.size} bytes.` });
      this.backoff.reset(key);
      return { ok: true, image: img, ref };
    } catch (e) {
      this.backoff.next(key, this.clock());
      const message = `Failed to pull image "${image}": ${(e as Error).message}`;
      record({ type: "Warning", reason: "Failed", message });
      return { ok: false, reason: "ErrImagePull", message: (e as Error).message };
    }
  }
}
