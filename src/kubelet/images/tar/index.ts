export * from "./header.ts";
export * from "./reader.ts";
export * from "./writer.ts";
