export { BackendPool, type IdentityHandler, type BackendPoolOptions } from "./backends.ts";
export { TlsFront, type TlsFrontOptions } from "./tls-front.ts";
export { identityFromPeerCertificate, identityKey, type CertIdentity } from "./peer-identity.ts";
