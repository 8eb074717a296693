export * from "./documents.ts";
export * from "./subresources.ts";
export * from "./aggregated.ts";
