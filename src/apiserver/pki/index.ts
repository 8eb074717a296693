export { createCa, issueCert, certFacts, distinguishedName, type KeyPairPem, type LeafRequest, type Subject, type CertFacts } from "./certs.ts";
export { ensurePki, pkiDir, servingSans, canonicalSan, ADMIN_USER, AUTH_PROXY_USER, MASTERS_GROUP, type ClusterPki, type EnsurePkiOptions } from "./files.ts";
