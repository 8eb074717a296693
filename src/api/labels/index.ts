export * from "./errors.ts";
export * from "./requirement.ts";
export * from "./selector.ts";
export * from "./parser.ts";
export * from "./label-selector.ts";
