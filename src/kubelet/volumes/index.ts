export * from "./atomic-writer.ts";
export * from "./sources.ts";
export * from "./manager.ts";
