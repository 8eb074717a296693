export * from "./runtime.ts";
export * from "./network.ts";
export { ProcessRuntime, type ProcessRuntimeOptions } from "./process/runtime.ts";
export { FakeRuntime } from "./fake/runtime.ts";
export { findHostTools, type HostTools } from "./process/tools.ts";
export { secureJoin } from "./process/securejoin.ts";
export { BridgeNetwork, type BridgeOptions, parseCidr, ipString } from "./bridge.ts";
