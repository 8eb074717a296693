export * from "./document.ts";
export { ComponentCollector, type OpenAPISchema } from "./schemas.ts";
