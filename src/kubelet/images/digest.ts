/** sha256 digests in OCI form ("sha256:<hex>"). */
import { createHash } from "node:crypto";

export const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function sha256Digest(data: Uint8Array | string): string {
  return "sha256:" + createHash("sha256").update(data).digest("hex");
}

export function digestHex(digest: string): string {
  if (!DIGEST_RE.test(digest)) throw new Error(`unsupported digest ${JSON.stringify(digest)}`);
  return digest.slice(7);
}

export class DigestMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`digest mismatch: expected ${expected}, got ${actual}`);
  }
}

/** Hashes chunks as they pass. */
export class Hasher {
  private h = createHash("sha256");
  size = 0;
  update(chunk: Uint8Array): void {
    this.h.update(chunk);
    this.size += chunk.length;
  }
  digest(): string {
    return "sha256:" + this.h.digest("hex");
  }
}
