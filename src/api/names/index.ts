export * from "./messages.ts";
export * from "./dns.ts";
export * from "./qualified.ts";
export * from "./object-names.ts";
