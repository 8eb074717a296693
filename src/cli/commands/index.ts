export { COMMANDS } from "./registry.ts";
