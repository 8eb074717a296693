export * from "./table.ts";
export type { Printer } from "./printer.ts";
export { humanDuration } from "./duration.ts";
