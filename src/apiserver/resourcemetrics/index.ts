export * from "./usage.ts";
export * from "./summary.ts";
export * from "./storage.ts";
export * from "./objects.ts";
export * from "./scraper.ts";
export * from "./handler.ts";
