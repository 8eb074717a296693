export { startApiServer, writeKubeconfig, kubeconfigYaml, type ApiServer, type ApiServerOptions, type VersionInfo, type KubeconfigOptions } from "./server/index.ts";
export type { StreamProxy } from "./handlers/resource.ts";
export type { Authorizer, AuthorizationAttributes, Decision } from "./filters/authz.ts";
export type { AuditSink, AuditRecord } from "./filters/audit.ts";
export type { UserInfo } from "./filters/user.ts";
export { ensurePki, issueCert, type ClusterPki, type KeyPairPem } from "./pki/index.ts";
