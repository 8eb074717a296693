export * from "./http-client.ts";
export * from "./retry.ts";
export * from "./auth.ts";
export * from "./tls.ts";
