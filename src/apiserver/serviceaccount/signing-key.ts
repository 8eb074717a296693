/**
 * The key service-account tokens are signed with: an RSA key made at first start and kept
 * as <dataDir>/server/tls/service.key (k3s's name; upstream's --service-account-key-file
 * and --service-account-signing-key-file point at such a key). Tokens carry its key id,
 * upstream's: the unpadded base64url SHA-256 of the public key's DER form.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return { privateKey, publicKey, keyId: createHash("sha256").update(der).digest("base64url") };
}

/** The key in `dir` (the PKI directory), made and written (0600) when there is none. */
export async function ensureSigningKey(dir: string): Promise<SigningKey> {
  const path = join(dir, "service.key");
  const existing = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw e;
  });
  if (existing !== undefined) return signingKeyFromPem(existing);
  // off the event loop: 2048-bit RSA generation takes 20-110 ms here
  const { privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }) as string;
  await writeFile(path, pem, { mode: 0o600 });
  await chmod(path, 0o600);
  return signingKeyFromPem(pem);
}
