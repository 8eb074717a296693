export * from "./token-bucket.ts";
export * from "./backoff.ts";
