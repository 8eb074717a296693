export * from "./interface.ts";
export * from "./errors.ts";
export { openStore, splitEndpoint, type OpenStoreOptions } from "./open.ts";
export { registerBackend, registeredSchemes, type BackendFactory, type BackendOptions, type StoreTlsOptions } from "./registry.ts";
