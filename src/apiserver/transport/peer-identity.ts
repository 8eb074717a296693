/**
 * The user a verified client certificate names: CN is the user name, each O a group, as
 * upstream's x509 authenticator does.
 */
import type { PeerCertificate } from "node:tls";

export interface CertIdentity {
  user: string;
  groups: string[];
}

function values(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function identityFromPeerCertificate(cert: PeerCertificate | null | undefined): CertIdentity | undefined {
  const subject = cert?.subject as unknown as Record<string, string | string[]> | undefined;
  if (!subject) return undefined;
  const cn = values(subject.CN)[0];
  if (!cn) return undefined;
  return { user: cn, groups: values(subject.O) };
}

/** A stable text key for an identity, used to pick the backend listener that serves it. */
export function identityKey(id: CertIdentity | undefined): string {
  return id ? `${id.user}\u0000${id.groups.join("\u0000")}` : "";
}
