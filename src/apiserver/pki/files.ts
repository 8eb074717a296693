/**
 * The apiserver's certificates on disk, under <dataDir>/server/tls/: created at first start
 * and reused afterwards. The serving certificate is reissued when it lacks a requested name
 * or nears expiry; the CA is never replaced (every kubeconfig trusts it).
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";
import { isIP } from "node:net";
import { certFacts, createCa, issueCert, type KeyPairPem } from "./certs.ts";

export const ADMIN_USER = "system:admin";
export const MASTERS_GROUP = "system:masters";
/** The name the front-proxy client certificate carries (requestheader-allowed-names). */
export const AUTH_PROXY_USER = "system:auth-proxy";
const RENEW_BEFORE_MS = 30 * 86_400_000;

export interface ClusterPki {
  dir: string;
  ca: KeyPairPem;
  serving: KeyPairPem;
  admin: KeyPairPem;
  /** The front-proxy CA aggregated API servers trust for request-header authentication. */
  requestHeaderCa: KeyPairPem;
  /** The client certificate the apiserver presents to aggregated API servers. */
  authProxy: KeyPairPem;
}

export interface EnsurePkiOptions {
  dataDir: string;
  /** Extra names and addresses for the serving certificate (--tls-san, --bind-address). */
  extraSans?: readonly string[];
}

/** In-cluster service names every apiserver answers to. */
const SERVICE_NAMES = ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];

export function pkiDir(dataDir: string): string {
  return join(dataDir, "server", "tls");
}

/** Canonical text for a SAN so "::1" and "0:0:0:0:0:0:0:1" compare equal. */
export function canonicalSan(v: string): string {
  const kind = isIP(v);
  if (kind === 4) return v;
  if (kind === 6) {
    try {
      return new URL(`http://[${v}]/`).hostname.slice(1, -1);
    } catch {
      return v.toLowerCase();
    }
  }
  return v.toLowerCase();
}

/** Every name and address the serving certificate carries, deduplicated. */
export function servingSans(extra: readonly string[] = []): string[] {
  const names = ["localhost", "127.0.0.1", "::1", hostname(), ...SERVICE_NAMES];
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.address.startsWith("fe80")) names.push(a.address);
  }
  names.push(...extra.filter((s) => s && s !== "0.0.0.0" && s !== "::"));
  const seen = new Set<string>();
  return names.filter((n) => {
    const c = canonicalSan(n);
    if (seen.has(c)) return false;
    seen.add(c);
    return true;
  });
}

async function readPair(dir: string, base: string): Promise<KeyPairPem | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(join(dir, `${base}.crt`), "utf8"), readFile(join(dir, `${base}.key`), "utf8")]);
    return { certPem, keyPem };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

async function writePair(dir: string, base: string, pair: KeyPairPem): Promise<void> {
  await writeFile(join(dir, `${base}.crt`), pair.certPem, { mode: 0o644 });
  await writeFile(join(dir, `${base}.key`), pair.keyPem, { mode: 0o600 });
  await chmod(join(dir, `${base}.key`), 0o600);
}

async function needsRenewal(pair: KeyPairPem, wantSans: readonly string[]): Promise<boolean> {
  const facts = await certFacts(pair.certPem);
  if (facts.notAfter.getTime() - Date.now() < RENEW_BEFORE_MS) return true;
  const have = new Set(facts.sans.map(canonicalSan));
  return wantSans.some((s) => !have.has(canonicalSan(s)));
}

export async function ensurePki(opts: EnsurePkiOptions): Promise<ClusterPki> {
  const dir = pkiDir(opts.dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let ca = await readPair(dir, "ca");
  if (!ca) {
    ca = await createCa(`kubun-ca@${Math.floor(Date.now() / 1000)}`);
    await writePair(dir, "ca", ca);
  }
  const sans = servingSans(opts.extraSans);
  let serving = await readPair(dir, "serving-kube-apiserver");
  if (!serving || (await needsRenewal(serving, sans))) {
    serving = await issueCert(ca, { subject: { commonName: "kube-apiserver" }, usage: "server", sans });
    await writePair(dir, "serving-kube-apiserver", serving);
  }
  let admin = await readPair(dir, "client-admin");
  if (!admin || (await needsRenewal(admin, []))) {
    admin = await issueCert(ca, { subject: { commonName: ADMIN_USER, organizations: [MASTERS_GROUP] }, usage: "client" });
    await writePair(dir, "client-admin", admin);
  }
  // k3s's names: a separate CA, so request headers are only believed from the aggregator
  let requestHeaderCa = await readPair(dir, "request-header-ca");
  if (!requestHeaderCa) {
    requestHeaderCa = await createCa(`kubun-request-header-ca@${Math.floor(Date.now() / 1000)}`);
    await writePair(dir, "request-header-ca", requestHeaderCa);
  }
  let authProxy = await readPair(dir, "client-auth-proxy");
  if (!authProxy || (await needsRenewal(authProxy, []))) {
    authProxy = await issueCert(requestHeaderCa, { subject: { commonName: AUTH_PROXY_USER }, usage: "client" });
    await writePair(dir, "client-auth-proxy", authProxy);
  }
  return { dir, ca, serving, admin, requestHeaderCa, authProxy };
}
