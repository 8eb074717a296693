export * from "./user.ts";
export * from "./authn.ts";
export * from "./authz.ts";
export * from "./audit.ts";
