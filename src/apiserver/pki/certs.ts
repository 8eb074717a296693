/**
 * Certificate issuing with ECDSA P-256 keys (fast to generate, accepted by Bun's TLS, Go's
 * crypto/tls and Node). Keys are PKCS#8 PEM ("PRIVATE KEY"), certificates PEM.
 */
import { isIP } from "node:net";
import { loadX509 } from "./x509.ts";

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;
/** Certificates are valid from an hour ago, so clocks a little behind still accept them. */
const BACKDATE_MS = 3_600_000;

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export interface Subject {
  commonName: string;
  organizations?: readonly string[];
}

export interface LeafRequest {
  subject: Subject;
  usage: "server" | "client";
  /** DNS names and IP addresses (server certificates). */
  sans?: readonly string[];
  validDays?: number;
}

function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f; // positive
  return Buffer.from(bytes).toString("hex");
}

/** RFC 4514 name; values are escaped for the characters the DN syntax reserves. */
export function distinguishedName(subject: Subject): string {
  const esc = (v: string) => v.replace(/([,+"\\<>;=])/g, "\\$1");
  const parts = [`CN=${esc(subject.commonName)}`];
  for (const o of subject.organizations ?? []) parts.push(`O=${esc(o)}`);
  return parts.join(", ");
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const x509 = await loadX509();
  const der = await crypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  const x509 = await loadX509();
  const der = x509.PemConverter.decode(pem)[0];
  if (!der) throw new Error("no key in PEM");
  return crypto.subtle.importKey("pkcs8", der, ALG, true, ["sign"]);
}

export async function createCa(commonName: string, validDays = 3650): Promise<KeyPairPem> {
  const x509 = await loadX509();
  const keys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: distinguishedName({ commonName }),
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + validDays * DAY_MS),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await exportKeyPem(keys.privateKey) };
}

export async function issueCert(ca: KeyPairPem, req: LeafRequest): Promise<KeyPairPem> {
  const x509 = await loadX509();
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await importKeyPem(ca.keyPem);
  const keys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const now = Date.now();
  const extensions: InstanceType<typeof x509.Extension>[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([req.usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth], false),
    await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
  ];
  if (req.sans && req.sans.length > 0) {
    const names = req.sans.map((v) => ({ type: isIP(v) ? ("ip" as const) : ("dns" as const), value: v }));
    extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: distinguishedName(req.subject),
    issuer: caCert.subject,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + (req.validDays ?? 365) * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALG,
    extensions,
  });
  return { certPem: cert.toString("pem"), keyPem: await exportKeyPem(keys.privateKey) };
}

export interface CertFacts {
  sans: string[];
  notAfter: Date;
  subject: string;
}

/** The subject alternative names (DNS and IP, IPs normalised) and expiry of a PEM certificate. */
export async function certFacts(certPem: string): Promise<CertFacts> {
  const x509 = await loadX509();
  const cert = new x509.X509Certificate(certPem);
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const sans = (ext?.names.items ?? []).filter((n) => n.type === "dns" || n.type === "ip").map((n) => String(n.value));
  return { sans, notAfter: cert.notAfter, subject: cert.subject };
}
